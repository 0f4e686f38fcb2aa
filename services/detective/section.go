package detective

// Detective turns on Amazon Detective for the whole organization, from the
// security account (security.admin), in every region of settings.regions:
// the account is designated Detective's administrator there (which makes
// the organization behavior graph in it) and keeps the organization's
// configuration.
type Detective struct {
	// Members says which accounts feed the behavior graph. all: every
	// account; those in the organization now are enrolled by apply (up to
	// 50 a call, with progress; a later apply resumes), those that join
	// later by Detective itself. new: only accounts that join from now on;
	// existing accounts are not enrolled (the plan shows the organization
	// configuration as members: NEW and no members resource). none:
	// Detective enrols no one. Default all. Accounts already enrolled stay
	// enrolled whatever this says: orgctl never removes a member.
	// Detective takes at most 1,200 members per graph.
	Members string `json:"members,omitempty" jsonschema:"enum=all,enum=new,enum=none"`
}
