package config

import (
	"slices"
	"strings"
	"time"

	"github.com/orgctl/orgctl/sandbox"
	"github.com/orgctl/orgctl/sandbox/organizations"
)

// Organization packs and rules deploy asynchronously: a Put (or Delete)
// starts a deployment to every active account of the organization not
// excluded, and an account that joins later is deployed to when it
// joins, as AWS does. Each account is in progress for the deploy delay
// (from the Put or from when it joined), then successful, or failed where
// it has no configuration recorder. Statuses are computed when read.

// deployment is the last operation on an organization pack or rule.
type deployment struct {
	Op       string    `json:"op"` // CREATE, UPDATE or DELETE
	Since    time.Time `json:"since"`
	Excluded []string  `json:"excluded,omitempty"`
}

// Member account failure, as AWS reports an account without a recorder:
// the wording of AWS Config's PutConfigRule in such an account.
const (
	errNoRecorder = "NoAvailableConfigurationRecorderException"
	msgNoRecorder = "You must create a configuration recorder before you can create or update a Config rule."
)

// start begins op for the caller's organization, leaving out excluded.
func (c *call) start(op string, excluded []string) deployment {
	return deployment{Op: op, Since: c.Now, Excluded: excluded}
}

// done reports whether the operation itself (not a later joiner's
// deployment) is over.
func (d deployment) done(c *call) bool {
	return !c.Now.Before(d.Since.Add(time.Duration(stored.Get(c.Call).DeployDelay)))
}

// memberStatus is one account's status, with AWS's reason when failed.
type memberStatus struct {
	Account, Status, ErrorCode, ErrorMessage string
}

// members are the per-account statuses.
func (d deployment) members(c *call) []memberStatus {
	set := stored.Get(c.Call)
	delay := time.Duration(set.DeployDelay)
	var out []memberStatus
	for _, a := range organizations.Of(c.Call).Accounts() {
		if a.State != "ACTIVE" || slices.Contains(d.Excluded, a.ID) {
			continue
		}
		since := d.Since
		if d.Op != "DELETE" && a.JoinedAt.After(since) {
			since = a.JoinedAt
		}
		s := memberStatus{Account: a.ID}
		switch {
		case c.Now.Before(since.Add(delay)):
			s.Status = d.Op + "_IN_PROGRESS"
		case d.Op != "DELETE" && !set.hasRecorder(a.ID, a.Email):
			s.Status, s.ErrorCode = d.Op+"_FAILED", errNoRecorder
			s.ErrorMessage = msgNoRecorder
		default:
			s.Status = d.Op + "_SUCCESSFUL"
		}
		out = append(out, s)
	}
	return out
}

// status is the organization-wide status, and its error when failed.
func (d deployment) status(c *call) (status, code, msg string) {
	failed := false
	for _, m := range d.members(c) {
		if strings.HasSuffix(m.Status, "_IN_PROGRESS") {
			return d.Op + "_IN_PROGRESS", "", ""
		}
		failed = failed || strings.HasSuffix(m.Status, "_FAILED")
	}
	if !d.done(c) {
		return d.Op + "_IN_PROGRESS", "", ""
	}
	if failed {
		return d.Op + "_FAILED", "OrganizationMemberAccountFailure", "The deployment failed in one or more member accounts. See the detailed status for each account."
	}
	return d.Op + "_SUCCESSFUL", "", ""
}

// busy reports whether the operation is still running: AWS refuses
// another change then.
func (d deployment) busy(c *call) bool { return !d.done(c) }

// pageMembers returns the page of a deployment's member statuses that a
// detailed-status request asks for, filtered by account and by status
// (its Filters' Status for packs, MemberAccountRuleStatus for rules).
// arn keeps each pack's or rule's tokens to itself; the request's Limit
// was checked with the name.
func (d deployment) pageMembers(c *call, in *detailedInput, arn string) ([]memberStatus, *string, *sandbox.Error) {
	size, _ := pageSize(in.Limit)
	all := d.members(c)
	if f := in.Filters; f != nil {
		status := f.Status
		if in.OrganizationConfigRuleName != nil {
			status = f.MemberAccountRuleStatus
		}
		all = filterMembers(all, f.AccountId, status)
	}
	start, end, next, ok := c.Page("detail|"+arn, len(all), size, in.NextToken)
	if !ok {
		return nil, nil, cfgError("InvalidNextTokenException", "The nextToken provided is invalid")
	}
	return all[start:end], next, nil
}

// filterMembers keeps the statuses matching an account and a status.
func filterMembers(in []memberStatus, account, status *string) []memberStatus {
	var out []memberStatus
	for _, m := range in {
		if (account == nil || *account == m.Account) && (status == nil || *status == m.Status) {
			out = append(out, m)
		}
	}
	return out
}

// pageSize checks a Limit of 0 to 100 (0 meaning 100).
func pageSize(limit *int) (int, *sandbox.Error) {
	if limit == nil || *limit == 0 {
		return 100, nil
	}
	if *limit < 0 || *limit > 100 {
		return 0, cfgError("InvalidLimitException", "The limit %d is outside the allowable range of 0 to 100.", *limit)
	}
	return *limit, nil
}

// checkExcluded checks ExcludedAccounts against the model.
func checkExcluded(ids []string) *sandbox.Error {
	if len(ids) > maxExcluded {
		return validation("[...]", "excludedAccounts", "Member must have length less than or equal to 1000")
	}
	for _, id := range ids {
		if !reAccountID.MatchString(id) {
			return validation(id, "excludedAccounts.member", `Member must satisfy regular expression pattern: \d{12}`)
		}
	}
	return nil
}

const maxExcluded = 1000

// multiAccountPrincipal is the principal of organization rules and packs.
const multiAccountPrincipal = "config-multiaccountsetup.amazonaws.com"

// orgOwner checks the caller may make organization rules and packs: the
// management account, or AWS Config's delegated administrator for
// config-multiaccountsetup, with trusted access and all features.
func (c *call) orgOwner() *sandbox.Error {
	org := organizations.Of(c.Call)
	switch {
	case !org.IsActiveMember(c.Caller.AccountID):
		// As AWS answers an account outside any organization (seen on
		// DescribeOrganizationConformancePacks).
		return cfgError("OrganizationAccessDeniedException", "This action can only be made by accounts in an AWS Organization")
	case org.FeatureSet() != "ALL":
		return cfgError("OrganizationAllFeaturesNotEnabledException", msgAllFeatures)
	case c.Caller.AccountID != org.ManagementAccountID() && !org.IsDelegatedAdministrator(c.Caller.AccountID, multiAccountPrincipal):
		return cfgError("OrganizationAccessDeniedException", msgNotOrgAdmin)
	case !org.TrustedAccess(multiAccountPrincipal):
		return cfgError("OrganizationAccessDeniedException", msgNoServiceAccess)
	}
	return nil
}

const msgNotOrgAdmin = "This action can be only made by AWS Organization's management account or a delegated administrator of config-multiaccountsetup.amazonaws.com."
