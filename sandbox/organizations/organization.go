package organizations

import (
	"fmt"
	"time"

	"github.com/orgctl/orgctl/facts"
	"github.com/orgctl/orgctl/sandbox"
)

// The organization's life: CreateOrganization and DeleteOrganization, the
// account outside any organization before the one and after the other,
// finalisation after creation, and the partition ARNs name.

// orglessOps are the operations an account outside any organization may
// call (the SDK's model lists no AWSOrganizationsNotInUseException for
// them); every other answers that exception.
var orglessOps = map[string]bool{
	"CreateOrganization":       true,
	"ListHandshakesForAccount": true,
	"DescribeHandshake":        true,
	"AcceptHandshake":          true,
	"DeclineHandshake":         true,
	"CancelHandshake":          true,
}

// finalizingOps are the operations the SDK's model says may answer
// FinalizingOrganizationException, of those the sandbox serves.
var finalizingOps = map[string]bool{"CreateAccount": true}

// featureGate refuses, in an organization of consolidated billing only,
// what needs all features: policies (PolicyTypeNotAvailableForOrganization,
// as the model documents) and trusted access with delegated
// administration (ORGANIZATION_NOT_IN_ALL_FEATURES_MODE).
func featureGate(op string, st *state) *sandbox.Error {
	if !st.exists() || st.Org.FeatureSet == featureSetAll {
		return nil
	}
	switch op {
	case "EnablePolicyType", "CreatePolicy":
		return orgError("PolicyTypeNotAvailableForOrganizationException",
			"You can't use the specified policy type with the feature set currently enabled for this organization.")
	case "EnableAWSServiceAccess", "RegisterDelegatedAdministrator":
		return errNotAllFeatures()
	}
	return nil
}

func errNotAllFeatures() *sandbox.Error {
	return constraintViolation("ORGANIZATION_NOT_IN_ALL_FEATURES_MODE",
		"You attempted to perform an operation that requires the organization to be configured to support all features.")
}

func errNotInUse() *sandbox.Error {
	return awsError("AWSOrganizationsNotInUseException")
}

// lifecycleGate answers what AWS answers before an operation runs: not in
// use without an organization, still finalising right after its creation.
func lifecycleGate(sc *sandbox.Call, st *state) *sandbox.Error {
	if !st.exists() {
		if orglessOps[sc.Op] {
			return nil
		}
		return errNotInUse()
	}
	if finalizingOps[sc.Op] && sc.Now.Before(st.Org.CreatedAt.Add(time.Duration(stored.Get(sc).FinalizeDelay))) {
		return awsError("FinalizingOrganizationException")
	}
	return nil
}

// partitionOf is the partition of a request's region: ARNs say aws-cn in
// cn-north-1. An unknown region is taken for the commercial one.
func partitionOf(region string) string {
	if r, ok := facts.LookupRegion(region); ok {
		return r.Partition
	}
	return "aws"
}

type createOrganizationInput struct {
	FeatureSet *string `json:"FeatureSet"`
}

type organizationResult struct {
	Organization organizationOut `json:"Organization"`
}

// createOrganization makes the caller's account the management account of
// a new organization. With all features (the default) SCPs are enabled in
// the root, FullAWSAccess attached; with consolidated billing no policy
// type is. The sandbox holds one organization: a caller of any account
// gets AlreadyInOrganizationException while it exists.
func createOrganization(c *call, in *createOrganizationInput) (*organizationResult, *sandbox.Error) {
	var v sandbox.Validator
	v.Enum("FeatureSet", in.FeatureSet, false, []string{featureSetAll, featureSetBilling})
	if e := orgInvalid(&v); e != nil {
		return nil, e
	}
	if c.st.exists() {
		return nil, orgError("AlreadyInOrganizationException",
			"This account is already a member of an organization. An account can belong to only one organization at a time.")
	}
	fs := featureSetAll
	if in.FeatureSet != nil {
		fs = *in.FeatureSet
	}
	c.st.create(c.Caller.AccountID, c.set.ManagementEmail, fs, c.Now)
	if fs == featureSetAll {
		const scp = "SERVICE_CONTROL_POLICY"
		c.st.PolicyTypes[scp] = &policyTypeState{Status: statusPendingEnable, DueAt: c.Now, Seq: c.st.nextSeq()}
		c.st.settlePolicyType(scp)
	}
	return &organizationResult{Organization: c.organizationOut()}, nil
}

// deleteOrganization removes the organization when the management account
// is its only account: a member of any state (a closed one included) or an
// account still being created keeps it. Its OUs, policies and settings go
// with it.
func deleteOrganization(c *call, _ *empty) (*empty, *sandbox.Error) {
	st := c.st
	busy := len(st.Accounts) > 1 || len(st.sortedRequests(func(r *createRequest) bool { return r.State == carInProgress })) > 0
	if busy {
		return nil, orgError("OrganizationNotEmptyException",
			"The organization isn't empty. To delete an organization, you must first remove all accounts except the management account.")
	}
	*st = state{Seq: st.Seq}
	st.Check()
	return &empty{}, nil
}

// addInvited adds n member accounts that joined by invitation, as an
// organization made of existing accounts has, each with the
// OrganizationAccountAccessRole its administrator created by hand
// (AWS creates it only in accounts it creates), trusting the management
// account.
func (st *state) addInvited(w *sandbox.State, n int, now time.Time) {
	for i := range n {
		id := st.newAccountID()
		st.Accounts[id] = &account{
			ID: id, Name: fmt.Sprintf("invited-%d", i+1), Email: fmt.Sprintf("invited-%d@sandbox.example", i+1),
			ParentID: st.Root.ID, State: accountActive, JoinedMethod: "INVITED", JoinedAt: now, Seq: st.nextSeq(),
		}
		w.PutRole(id, accountRole(st, "OrganizationAccountAccessRole", sandbox.NewRoleID()))
		st.attachDefaults(id)
	}
}
