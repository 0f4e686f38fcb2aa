package inspector

// Inspector turns on Amazon Inspector for the whole organization, from the
// security account (security.admin, or admin), in every region of
// settings.regions.
type Inspector struct {
	// Admin is the account that administers Inspector, when not
	// security.admin: the name of an account of the spec, never the
	// management account.
	Admin string `json:"admin,omitempty"`
	// Members says which accounts Inspector scans: all (accounts that join
	// from now on, and those already in the organization, which orgctl
	// enrols as members: a resumable part of apply), new (only accounts
	// that join from now on: existing accounts are not enrolled), or none.
	// Default all.
	Members string `json:"members,omitempty" jsonschema:"enum=all,enum=new,enum=none"`
	// Scans are the scan types accounts get: EC2, ECR, LAMBDA (Lambda
	// standard scanning), LAMBDA_CODE (Lambda code scanning, which needs
	// LAMBDA, and which AWS offers in fewer regions) and CODE_REPOSITORY.
	// Default [EC2, ECR, LAMBDA]. Removing one turns it off for accounts
	// that join later: destructive.
	Scans []string `json:"scans,omitempty"`
}
