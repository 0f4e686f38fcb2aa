package organizations

import (
	"sort"
	"time"

	"github.com/orgctl/orgctl/sandbox"
)

// Trusted access and delegated administrators: EnableAWSServiceAccess,
// DisableAWSServiceAccess, ListAWSServiceAccessForOrganization,
// RegisterDelegatedAdministrator, DeregisterDelegatedAdministrator,
// ListDelegatedAdministrators, ListDelegatedServicesForAccount.

// servicePrincipals are the AWS services that integrate with Organizations,
// with how many delegated administrators each allows.
var servicePrincipals = map[string]int{
	"access-analyzer.amazonaws.com":                      1,
	"account.amazonaws.com":                              1,
	"auditmanager.amazonaws.com":                         1,
	"aws-artifact-account-sync.amazonaws.com":            1,
	"backup.amazonaws.com":                               1,
	"bcm-pricing-calculator.amazonaws.com":               1,
	"cloudtrail.amazonaws.com":                           1,
	"compute-optimizer.amazonaws.com":                    1,
	"config-multiaccountsetup.amazonaws.com":             3,
	"config.amazonaws.com":                               1,
	"controltower.amazonaws.com":                         1,
	"cost-optimization-hub.bcm.amazonaws.com":            1,
	"detective.amazonaws.com":                            1,
	"devops-guru.amazonaws.com":                          1,
	"ds.amazonaws.com":                                   1,
	"fms.amazonaws.com":                                  1,
	"guardduty.amazonaws.com":                            1,
	"health.amazonaws.com":                               1,
	"iam.amazonaws.com":                                  1,
	"inspector2.amazonaws.com":                           1,
	"ipam.amazonaws.com":                                 1,
	"license-manager.amazonaws.com":                      1,
	"license-manager.member-account.amazonaws.com":       1,
	"macie.amazonaws.com":                                1,
	"malware-protection.guardduty.amazonaws.com":         1,
	"member.org.stacksets.cloudformation.amazonaws.com":  5,
	"mgn.amazonaws.com":                                  1,
	"ram.amazonaws.com":                                  1,
	"reachabilityanalyzer.networkinsights.amazonaws.com": 1,
	"resource-explorer-2.amazonaws.com":                  1,
	"securityhub.amazonaws.com":                          1,
	"securitylake.amazonaws.com":                         1,
	"servicecatalog.amazonaws.com":                       1,
	"servicequotas.amazonaws.com":                        1,
	"ssm.amazonaws.com":                                  1,
	"sso.amazonaws.com":                                  1,
	"storage-lens.s3.amazonaws.com":                      1,
	"tagpolicies.tag.amazonaws.com":                      1,
	"wellarchitected.amazonaws.com":                      1,
}

type principalInput struct {
	ServicePrincipal *string `json:"ServicePrincipal"`
	AccountId        *string `json:"AccountId"`
	listInput
}

// checkPrincipal validates a ServicePrincipal member and that AWS knows it.
func checkPrincipal(v *sandbox.Validator, sp *string, required bool) *sandbox.Error {
	v.Str("ServicePrincipal", sp, required, 1, 128, rePrincipal)
	if e := orgInvalid(v); e != nil {
		return e
	}
	if sp != nil {
		if _, ok := servicePrincipals[*sp]; !ok {
			return invalidInput("UNRECOGNIZED_SERVICE_PRINCIPAL", "You specified a service principal that isn't recognized.")
		}
	}
	return nil
}

// enableAWSServiceAccess enables trusted access; enabling it again is a no-op.
func enableAWSServiceAccess(c *call, in *principalInput) (*empty, *sandbox.Error) {
	var v sandbox.Validator
	if e := checkPrincipal(&v, in.ServicePrincipal, true); e != nil {
		return nil, e
	}
	if _, ok := c.st.ServiceAccess[*in.ServicePrincipal]; !ok {
		c.st.ServiceAccess[*in.ServicePrincipal] = c.Now
	}
	return &empty{}, nil
}

// disableAWSServiceAccess refuses while a policy type tied to the service is
// enabled; disabling access that is not enabled is a no-op.
func disableAWSServiceAccess(c *call, in *principalInput) (*empty, *sandbox.Error) {
	var v sandbox.Validator
	if e := checkPrincipal(&v, in.ServicePrincipal, true); e != nil {
		return nil, e
	}
	sp := *in.ServicePrincipal
	for typ, info := range policyTypes {
		if info.servicePrincipal == sp && c.st.policyStatus(typ) != "" {
			return nil, constraintViolation("POLICY_TYPE_ENABLED_FOR_THIS_SERVICE",
				"You must disable the policy type "+typ+" before you disable trusted access for "+sp+".")
		}
	}
	delete(c.st.ServiceAccess, sp)
	return &empty{}, nil
}

type enabledPrincipalOut struct {
	ServicePrincipal string         `json:"ServicePrincipal"`
	DateEnabled      *sandbox.Epoch `json:"DateEnabled,omitempty"`
}

type listServiceAccessOut struct {
	EnabledServicePrincipals []enabledPrincipalOut `json:"EnabledServicePrincipals"`
	NextToken                *string               `json:"NextToken,omitempty"`
}

func listAWSServiceAccess(c *call, in *listInput) (*listServiceAccessOut, *sandbox.Error) {
	var v sandbox.Validator
	in.check(&v)
	if e := orgInvalid(&v); e != nil {
		return nil, e
	}
	var all []enabledPrincipalOut
	for sp, since := range c.st.ServiceAccess {
		all = append(all, enabledPrincipalOut{ServicePrincipal: sp, DateEnabled: sandbox.EpochOf(since)})
	}
	sort.Slice(all, func(i, j int) bool { return all[i].ServicePrincipal < all[j].ServicePrincipal })
	start, end, next, e := c.pageOf(*in, "", len(all))
	if e != nil {
		return nil, e
	}
	return &listServiceAccessOut{EnabledServicePrincipals: append([]enabledPrincipalOut{}, all[start:end]...), NextToken: next}, nil
}

// isDelegatedAdmin reports whether the account is a delegated administrator
// for any service.
func (st *state) isDelegatedAdmin(accountID string) bool {
	for _, d := range st.DelegatedAdmins {
		if d.AccountID == accountID {
			return true
		}
	}
	return false
}

func (st *state) delegation(accountID, sp string) int {
	for i, d := range st.DelegatedAdmins {
		if d.AccountID == accountID && d.ServicePrincipal == sp {
			return i
		}
	}
	return -1
}

// delegationAccount checks the account ID, then the service principal, of a
// (de)registration, and finds the account.
func (c *call) delegationAccount(in *principalInput) (*account, *sandbox.Error) {
	var v sandbox.Validator
	v.Str("AccountId", in.AccountId, true, 0, 12, reAccountID)
	if e := checkPrincipal(&v, in.ServicePrincipal, true); e != nil {
		return nil, e
	}
	return c.lookupAccount(&v, in.AccountId)
}

func registerDelegatedAdministrator(c *call, in *principalInput) (*empty, *sandbox.Error) {
	a, e := c.delegationAccount(in)
	if e != nil {
		return nil, e
	}
	st, sp := c.st, *in.ServicePrincipal
	switch {
	case a.ID == st.mgmtID():
		return nil, constraintViolation("CANNOT_REGISTER_MASTER_AS_DELEGATED_ADMINISTRATOR",
			"You can designate only a member account as a delegated administrator.")
	case a.State != accountActive:
		return nil, constraintViolation("CANNOT_REGISTER_SUSPENDED_ACCOUNT_AS_DELEGATED_ADMINISTRATOR",
			"You cannot register a suspended account as a delegated administrator.")
	}
	// Trusted access reaches registration only after the trusted-access
	// delay; until then AWS answers as if it were not enabled.
	if since, ok := st.ServiceAccess[sp]; !ok || c.Now.Before(since.Add(time.Duration(c.set.TrustedAccessDelay))) {
		return nil, constraintViolation("SERVICE_ACCESS_NOT_ENABLED",
			"You must enable trusted access for "+sp+" (EnableAWSServiceAccess) before you register a delegated administrator.")
	}
	if st.delegation(a.ID, sp) >= 0 {
		return nil, awsError("AccountAlreadyRegisteredException")
	}
	n := 0
	for _, d := range st.DelegatedAdmins {
		if d.ServicePrincipal == sp {
			n++
		}
	}
	if max := servicePrincipals[sp]; n >= max {
		if max == 1 {
			return nil, constraintViolation("DELEGATED_ADMINISTRATOR_EXISTS_FOR_THIS_SERVICE",
				"The service "+sp+" already has a delegated administrator. Deregister it first.")
		}
		return nil, constraintViolation("MAX_DELEGATED_ADMINISTRATORS_FOR_SERVICE_LIMIT_EXCEEDED",
			"You attempted to register more delegated administrators than allowed for the service principal.")
	}
	st.DelegatedAdmins = append(st.DelegatedAdmins, delegation{AccountID: a.ID, ServicePrincipal: sp, Since: c.Now})
	return &empty{}, nil
}

func errNotRegistered() *sandbox.Error {
	return orgError("AccountNotRegisteredException",
		"The provided account is not a registered delegated administrator for your organization.")
}

func deregisterDelegatedAdministrator(c *call, in *principalInput) (*empty, *sandbox.Error) {
	a, e := c.delegationAccount(in)
	if e != nil {
		return nil, e
	}
	i := c.st.delegation(a.ID, *in.ServicePrincipal)
	if i < 0 {
		return nil, errNotRegistered()
	}
	c.st.DelegatedAdmins = append(c.st.DelegatedAdmins[:i:i], c.st.DelegatedAdmins[i+1:]...)
	return &empty{}, nil
}

type delegatedAdminOut struct {
	accountOut
	DelegationEnabledDate *sandbox.Epoch `json:"DelegationEnabledDate,omitempty"`
}

type listDelegatedAdminsOut struct {
	DelegatedAdministrators []delegatedAdminOut `json:"DelegatedAdministrators"`
	NextToken               *string             `json:"NextToken,omitempty"`
}

// listDelegatedAdministrators lists each delegated administrator once, with
// the date of its first delegation (for the given service, if filtered).
func listDelegatedAdministrators(c *call, in *principalInput) (*listDelegatedAdminsOut, *sandbox.Error) {
	var v sandbox.Validator
	in.check(&v)
	if e := checkPrincipal(&v, in.ServicePrincipal, false); e != nil {
		return nil, e
	}
	since := map[string]time.Time{}
	var order []string
	for _, d := range c.st.DelegatedAdmins {
		if in.ServicePrincipal != nil && d.ServicePrincipal != *in.ServicePrincipal {
			continue
		}
		if t, ok := since[d.AccountID]; !ok {
			order = append(order, d.AccountID)
			since[d.AccountID] = d.Since
		} else if d.Since.Before(t) {
			since[d.AccountID] = d.Since
		}
	}
	scope := ""
	if in.ServicePrincipal != nil {
		scope = *in.ServicePrincipal
	}
	start, end, next, e := c.pageOf(in.listInput, scope, len(order))
	if e != nil {
		return nil, e
	}
	out := &listDelegatedAdminsOut{DelegatedAdministrators: []delegatedAdminOut{}, NextToken: next}
	for _, id := range order[start:end] {
		if a := c.st.Accounts[id]; a != nil {
			ao := c.accountOut(a)
			ao.Paths = nil
			out.DelegatedAdministrators = append(out.DelegatedAdministrators,
				delegatedAdminOut{accountOut: ao, DelegationEnabledDate: sandbox.EpochOf(since[id])})
		}
	}
	return out, nil
}

type delegatedServiceOut struct {
	ServicePrincipal      string         `json:"ServicePrincipal"`
	DelegationEnabledDate *sandbox.Epoch `json:"DelegationEnabledDate,omitempty"`
}

type listDelegatedServicesOut struct {
	DelegatedServices []delegatedServiceOut `json:"DelegatedServices"`
	NextToken         *string               `json:"NextToken,omitempty"`
}

func listDelegatedServicesForAccount(c *call, in *principalInput) (*listDelegatedServicesOut, *sandbox.Error) {
	var v sandbox.Validator
	in.check(&v)
	a, e := c.lookupAccount(&v, in.AccountId)
	if e != nil {
		return nil, e
	}
	var services []delegatedServiceOut
	for _, d := range c.st.DelegatedAdmins {
		if d.AccountID == a.ID {
			services = append(services, delegatedServiceOut{ServicePrincipal: d.ServicePrincipal, DelegationEnabledDate: sandbox.EpochOf(d.Since)})
		}
	}
	if len(services) == 0 {
		return nil, errNotRegistered()
	}
	start, end, next, e := c.pageOf(in.listInput, a.ID, len(services))
	if e != nil {
		return nil, e
	}
	return &listDelegatedServicesOut{DelegatedServices: append([]delegatedServiceOut{}, services[start:end]...), NextToken: next}, nil
}
