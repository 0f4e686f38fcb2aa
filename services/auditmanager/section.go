package auditmanager

// AuditManager turns on AWS Audit Manager for the organization, from the
// security account (security.admin, or admin), in every region of
// settings.regions. AWS offers Audit Manager in few Regions (not
// eu-west-3, for one), and since 30 April 2026 it is in maintenance mode:
// AWS no longer enables it for new accounts or in more Regions, so this
// keeps an existing setup as the spec says rather than starting one.
type AuditManager struct {
	// Admin is the account that administers Audit Manager, when not
	// security.admin: the name of an account of the spec, never the
	// management account.
	Admin string `json:"admin,omitempty"`
}
