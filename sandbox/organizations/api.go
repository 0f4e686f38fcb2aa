package organizations

import (
	"time"

	"github.com/orgctl/orgctl/sandbox"
)

// Org is the organization as other sandbox services consult it, with the
// state locked for the request that asks (sandbox.Call): who the management
// account is, which accounts are members, which services have trusted
// access, and delegated administrators, which a service such as GuardDuty
// registers when it designates its own administrator.
type Org struct {
	c  *sandbox.Call
	st *state
}

// Of returns the organization of the call's state.
func Of(c *sandbox.Call) *Org { return &Org{c: c, st: slice.Of(c.State)} }

// ID is the organization's ID (o-...).
func (o *Org) ID() string { return o.st.Org.ID }

// ManagementAccountID is the management account's ID.
func (o *Org) ManagementAccountID() string { return o.st.mgmtID() }

// FeatureSet is ALL or CONSOLIDATED_BILLING.
func (o *Org) FeatureSet() string { return o.st.Org.FeatureSet }

// IsActiveMember reports whether account belongs to the organization and is
// ACTIVE (the management account included).
func (o *Org) IsActiveMember(account string) bool {
	a := o.st.Accounts[account]
	return a != nil && a.State == accountActive
}

// IsMember reports whether account belongs to the organization, whatever
// its state.
func (o *Org) IsMember(account string) bool { return o.st.Accounts[account] != nil }

// TrustedAccess reports whether the service principal
// ("guardduty.amazonaws.com") has trusted access to the organization.
func (o *Org) TrustedAccess(principal string) bool {
	_, ok := o.st.ServiceAccess[principal]
	return ok
}

// DelegatedAdministrators returns the accounts registered as delegated
// administrator for the service principal, in registration order.
func (o *Org) DelegatedAdministrators(principal string) []string {
	var out []string
	for _, d := range o.st.DelegatedAdmins {
		if d.ServicePrincipal == principal {
			out = append(out, d.AccountID)
		}
	}
	return out
}

// IsDelegatedAdministrator reports whether account is a delegated
// administrator for the service principal.
func (o *Org) IsDelegatedAdministrator(account, principal string) bool {
	return o.st.delegation(account, principal) >= 0
}

// RegisterDelegatedAdministrator registers account for the service
// principal under the same rules, and with the same errors, as
// RegisterDelegatedAdministrator called by the management account.
func (o *Org) RegisterDelegatedAdministrator(account, principal string) *sandbox.Error {
	if e := featureGate("RegisterDelegatedAdministrator", o.st); e != nil {
		return e
	}
	_, e := registerDelegatedAdministrator(o.call(), &principalInput{AccountId: &account, ServicePrincipal: &principal})
	return e
}

// DeregisterDelegatedAdministrator removes the registration, with
// DeregisterDelegatedAdministrator's errors.
func (o *Org) DeregisterDelegatedAdministrator(account, principal string) *sandbox.Error {
	_, e := deregisterDelegatedAdministrator(o.call(), &principalInput{AccountId: &account, ServicePrincipal: &principal})
	return e
}

// Account is an account of the organization as other services see it.
type Account struct {
	ID, Email string
	// State is ACTIVE, PENDING_CLOSURE or SUSPENDED.
	State    string
	JoinedAt time.Time
}

// Accounts returns the organization's accounts, the management account
// included, in join order: services that enrol accounts (Macie,
// Detective) enrol those that join once auto-enable is on.
func (o *Org) Accounts() []Account {
	var out []Account
	for _, a := range o.st.sortedAccounts(nil) {
		out = append(out, Account{ID: a.ID, Email: a.Email, State: a.State, JoinedAt: a.JoinedAt})
	}
	return out
}

func (o *Org) call() *call { return &call{Call: o.c, st: o.st, set: stored.Get(o.c)} }
