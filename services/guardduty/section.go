package guardduty

// GuardDuty turns on Amazon GuardDuty for the whole organization, from the
// security account (security.admin), in every region of settings.regions.
type GuardDuty struct {
	// Members says which accounts GuardDuty protects: all (every account,
	// those there now enrolled by GuardDuty itself), new (accounts that
	// join from now on), or none. Default all.
	Members string `json:"members,omitempty" jsonschema:"enum=all,enum=new,enum=none"`
	// Features are the protection plans, each with the accounts that get
	// it: all, new or none. A plan not listed is none. For example
	// {S3_DATA_EVENTS: all, RUNTIME_MONITORING: new}.
	Features map[string]string `json:"features,omitempty"`
}
