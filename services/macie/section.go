package macie

// Macie turns on Amazon Macie for the whole organization, from the security
// account (security.admin), in every region of settings.regions: the
// account is designated Macie's administrator there (which enables Macie
// in it) and keeps the organization's configuration.
type Macie struct {
	// Members says which accounts Macie covers. all: every account; those
	// in the organization now are enrolled by apply (one call each, with
	// progress; a later apply resumes), those that join later by Macie
	// itself. new: only accounts that join from now on; existing accounts
	// are not enrolled (the plan shows the organization configuration as
	// members: NEW and no members resource). none: Macie enrols no one.
	// Default all. Accounts already enrolled stay enrolled whatever this
	// says: orgctl never removes a member.
	Members string `json:"members,omitempty" jsonschema:"enum=all,enum=new,enum=none"`
}
