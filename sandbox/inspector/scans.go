package inspector

import (
	"slices"

	"github.com/orgctl/orgctl/sandbox"
)

// Scan types per account: Enable, Disable, BatchGetAccountStatus. An
// account acts for itself; the region's administrator for its members.

type scansInput struct {
	AccountIds    []string `json:"accountIds"`
	ResourceTypes []string `json:"resourceTypes"`
	ClientToken   *string  `json:"clientToken"`
}

type resourceStatus struct {
	Ec2            string `json:"ec2"`
	Ecr            string `json:"ecr"`
	Lambda         string `json:"lambda"`
	LambdaCode     string `json:"lambdaCode"`
	CodeRepository string `json:"codeRepository"`
}

type accountStatus struct {
	AccountId      string         `json:"accountId"`
	Status         string         `json:"status"`
	ResourceStatus resourceStatus `json:"resourceStatus"`
}

type failedAccount struct {
	AccountId    string `json:"accountId"`
	ErrorCode    string `json:"errorCode"`
	ErrorMessage string `json:"errorMessage"`
}

type scansOut struct {
	Accounts       []accountStatus `json:"accounts"`
	FailedAccounts []failedAccount `json:"failedAccounts"`
}

func enabledOrNot(on bool) string {
	if on {
		return "ENABLED"
	}
	return "DISABLED"
}

// statusOf is account's status in the caller's region.
func (c *call) statusOf(account string) (string, resourceStatus) {
	on := c.st.enabled(account, c.Region)
	has := func(t string) string { return enabledOrNot(slices.Contains(on, t)) }
	return enabledOrNot(len(on) > 0), resourceStatus{Ec2: has("EC2"), Ecr: has("ECR"), Lambda: has("LAMBDA"),
		LambdaCode: has("LAMBDA_CODE"), CodeRepository: has("CODE_REPOSITORY")}
}

// accessible reports whether the caller may act for account: itself, or
// a member when the caller is the region's settled administrator with
// Inspector enabled for itself.
func (c *call) accessible(account string) bool {
	if account == c.Caller.AccountID {
		return true
	}
	a := c.st.Admins[c.Region]
	if a == nil || a.Account != c.Caller.AccountID || !a.GoneAt.IsZero() || len(c.st.enabled(a.Account, c.Region)) == 0 {
		return false
	}
	m := c.st.Members[c.Region][account]
	return m != nil && m.Admin == a.Account
}

func (c *call) checkScans(in *scansInput, required bool) *sandbox.Error {
	min := 0
	if required {
		min = 1
	}
	switch {
	case len(in.AccountIds) > 100:
		return validation("FIELD_VALIDATION_FAILED", "accountIds must contain at most 100 account IDs.")
	case len(in.ResourceTypes) < min || len(in.ResourceTypes) > 5:
		return validation("FIELD_VALIDATION_FAILED", "resourceTypes must contain between 1 and 5 resource types.")
	}
	return fieldCheck(func(v *sandbox.Validator) {
		for _, id := range in.AccountIds {
			v.Text("accountIds", id, 12, 12, reAccountID)
		}
		for _, t := range in.ResourceTypes {
			v.Enum("resourceTypes", &t, true, scanTypes)
		}
		v.Str("clientToken", in.ClientToken, false, 1, 64, nil)
	})
}

// change turns the resource types on or off in each account the caller
// may act for (itself when it names none); the others are failed
// accounts, ACCESS_DENIED.
func (c *call) change(in *scansInput, on bool) *scansOut {
	ids := in.AccountIds
	if len(ids) == 0 {
		ids = []string{c.Caller.AccountID}
	}
	types := in.ResourceTypes
	if len(types) == 0 {
		types = scanTypes // Disable with none named disables Inspector
	}
	out := &scansOut{Accounts: []accountStatus{}, FailedAccounts: []failedAccount{}}
	for _, id := range ids {
		if !c.accessible(id) {
			out.FailedAccounts = append(out.FailedAccounts, failedAccount{AccountId: id, ErrorCode: "ACCESS_DENIED", ErrorMessage: msgNoAccess})
			continue
		}
		c.st.setScans(id, c.Region, types, on)
		status, rs := c.statusOf(id)
		out.Accounts = append(out.Accounts, accountStatus{AccountId: id, Status: status, ResourceStatus: rs})
	}
	return out
}

// enable turns scan types on. Lambda code scanning needs Lambda standard
// scanning, asked for or already on.
func enable(c *call, in *scansInput) (*scansOut, *sandbox.Error) {
	if e := c.checkScans(in, true); e != nil {
		return nil, e
	}
	if slices.Contains(in.ResourceTypes, "LAMBDA_CODE") && !slices.Contains(in.ResourceTypes, "LAMBDA") {
		for _, id := range in.AccountIds {
			if !slices.Contains(c.st.enabled(id, c.Region), "LAMBDA") {
				return nil, invalid(msgLambdaCode)
			}
		}
	}
	return c.change(in, true), nil
}

// disable turns scan types off; with none named, Inspector altogether.
func disable(c *call, in *scansInput) (*scansOut, *sandbox.Error) {
	if e := c.checkScans(in, false); e != nil {
		return nil, e
	}
	if slices.Contains(in.ResourceTypes, "LAMBDA") && !slices.Contains(in.ResourceTypes, "LAMBDA_CODE") {
		in.ResourceTypes = append(in.ResourceTypes, "LAMBDA_CODE") // code scanning goes with it
	}
	return c.change(in, false), nil
}

type batchStatusInput struct {
	AccountIds []string `json:"accountIds"`
}

type stateOut struct {
	Status string `json:"status"`
}

type resourceStateOut struct {
	Ec2            stateOut `json:"ec2"`
	Ecr            stateOut `json:"ecr"`
	Lambda         stateOut `json:"lambda"`
	LambdaCode     stateOut `json:"lambdaCode"`
	CodeRepository stateOut `json:"codeRepository"`
}

type accountStateOut struct {
	AccountId     string           `json:"accountId"`
	State         stateOut         `json:"state"`
	ResourceState resourceStateOut `json:"resourceState"`
}

type batchStatusOut struct {
	Accounts       []accountStateOut `json:"accounts"`
	FailedAccounts []failedAccount   `json:"failedAccounts"`
}

// batchGetAccountStatus reports the scan types of up to 100 accounts the
// caller may act for (itself when it names none).
func batchGetAccountStatus(c *call, in *batchStatusInput) (*batchStatusOut, *sandbox.Error) {
	if e := c.checkScans(&scansInput{AccountIds: in.AccountIds}, false); e != nil {
		return nil, e
	}
	ids := in.AccountIds
	if len(ids) == 0 {
		ids = []string{c.Caller.AccountID}
	}
	out := &batchStatusOut{Accounts: []accountStateOut{}, FailedAccounts: []failedAccount{}}
	for _, id := range ids {
		if !c.accessible(id) {
			out.FailedAccounts = append(out.FailedAccounts, failedAccount{AccountId: id, ErrorCode: "ACCESS_DENIED", ErrorMessage: msgNoAccess})
			continue
		}
		status, rs := c.statusOf(id)
		out.Accounts = append(out.Accounts, accountStateOut{AccountId: id, State: stateOut{status}, ResourceState: resourceStateOut{
			Ec2: stateOut{rs.Ec2}, Ecr: stateOut{rs.Ecr}, Lambda: stateOut{rs.Lambda}, LambdaCode: stateOut{rs.LambdaCode}, CodeRepository: stateOut{rs.CodeRepository}}})
	}
	return out, nil
}
