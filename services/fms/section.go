package fms

// FirewallManager makes the security account (security.admin) AWS
// Firewall Manager's default administrator for the whole organization,
// with full administrative scope. Firewall Manager associates it in
// us-east-1, whatever settings.regions says.
type FirewallManager struct {
	// Admin names the account that administers Firewall Manager, when it
	// is not security.admin. Never the management account.
	Admin string `json:"admin,omitempty" jsonschema:"minLength=1,maxLength=50"`
}
