package organizations_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/organizations"
	"github.com/aws/aws-sdk-go-v2/service/organizations/types"

	"github.com/orgctl/orgctl/engine"
	orgp "github.com/orgctl/orgctl/providers/organizations"
	"github.com/orgctl/orgctl/providers/providertest"
	sborgs "github.com/orgctl/orgctl/sandbox/organizations"
)

// planErr makes a plan of spec text against the fixture and returns its
// error ("" when it plans).
func (f *fixture) planErr(t *testing.T, text string) string {
	t.Helper()
	s := providertest.Load(t, map[string]string{"org.yaml": text})
	_, err := engine.MakePlan(context.Background(), s, []engine.Provider{f.provider()})
	if err != nil {
		return err.Error()
	}
	return ""
}

// TestEnablingAllFeaturesStepByStep: a spec asking for all features in an
// organization of consolidated billing only stops the plan, which says
// where enabling them stands, step by step, until the organization has
// them; then it plans and applies.
func TestEnablingAllFeaturesStepByStep(t *testing.T) {
	t.Parallel()
	f := newFixture(t, sborgs.WithOrganization("CONSOLIDATED_BILLING"), sborgs.WithInvitedAccounts(1))
	const all = "version: 1\norganization: {featureSet: ALL, policyTypes: [SERVICE_CONTROL_POLICY]}\norganizationalUnits: [{name: Prod}]\n"
	ctx := context.Background()
	step := func(what string, wants ...string) {
		t.Helper()
		got := f.planErr(t, all)
		for _, w := range append([]string{"only consolidated-billing features"}, wants...) {
			if !strings.Contains(got, w) {
				t.Fatalf("%s: the plan's error does not say %q:\n%s", what, w, got)
			}
		}
	}
	step("before", "not started", "aws organizations enable-all-features")

	if _, err := f.org().EnableAllFeatures(ctx, nil); err != nil {
		t.Fatal(err)
	}
	var invited string
	accounts, err := f.org().ListAccounts(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range accounts.Accounts {
		if a.JoinedMethod == types.AccountJoinedMethodInvited && *a.Id != f.SB.ManagementAccountID() {
			invited = *a.Id
		}
	}
	step("started", "waiting for 1 invited account", invited+" (invited-1@sandbox.example)")

	member := organizations.NewFromConfig(f.As(t, invited, "OrganizationAccountAccessRole", "us-east-1"))
	mine, err := member.ListHandshakesForAccount(ctx, nil)
	if err != nil || len(mine.Handshakes) != 1 {
		t.Fatalf("the invited account's handshakes: %+v, %v", mine, err)
	}
	if _, err := member.AcceptHandshake(ctx, &organizations.AcceptHandshakeInput{HandshakeId: mine.Handshakes[0].Id}); err != nil {
		t.Fatal(err)
	}
	approvals, err := f.org().ListHandshakesForAccount(ctx, &organizations.ListHandshakesForAccountInput{
		Filter: &types.HandshakeFilter{ActionType: types.ActionTypeApproveAllFeatures}})
	if err != nil || len(approvals.Handshakes) != 1 {
		t.Fatalf("approvals: %+v, %v", approvals, err)
	}
	step("approved", "finalise it as the management account", "accept-handshake --handshake-id "+*approvals.Handshakes[0].Id)

	if _, err := f.org().AcceptHandshake(ctx, &organizations.AcceptHandshakeInput{HandshakeId: approvals.Handshakes[0].Id}); err != nil {
		t.Fatal(err)
	}
	if got := f.planErr(t, all); got != "" {
		t.Fatalf("plan once the organization has all features: %s", got)
	}
	s := providertest.Load(t, map[string]string{"org.yaml": all})
	p := f.provider()
	apply(t, plan(t, s, p), p)
}

// TestConsolidatedBillingSpecPlans: a spec of consolidated billing plans
// against such an organization, but apply cannot take its lock there and
// says why and what to do.
func TestConsolidatedBillingSpecPlans(t *testing.T) {
	t.Parallel()
	f := newFixture(t, sborgs.WithOrganization("CONSOLIDATED_BILLING"))
	if got := f.planErr(t, "version: 1\norganization: {featureSet: CONSOLIDATED_BILLING}\norganizationalUnits: [{name: Prod}]\n"); got != "" {
		t.Fatalf("plan: %s", got)
	}
	_, err := f.provider().AcquireLock(context.Background(), alice, orgp.LockOptions{TTL: time.Hour})
	if err == nil || !strings.Contains(err.Error(), "only consolidated-billing features") || !strings.Contains(err.Error(), "aws organizations enable-all-features") {
		t.Fatalf("AcquireLock in an organization of consolidated billing: %v", err)
	}
}
