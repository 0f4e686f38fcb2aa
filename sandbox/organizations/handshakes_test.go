package organizations

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	"github.com/aws/aws-sdk-go-v2/service/organizations/types"
)

// invitedMembers returns the IDs of the invited member accounts, in join order.
func invitedMembers(e *env) []string {
	var ids []string
	for _, a := range orgState(e.SB).sortedAccounts(nil) {
		if a.JoinedMethod == "INVITED" && a.ID != e.SB.ManagementAccountID() {
			ids = append(ids, a.ID)
		}
	}
	return ids
}

// TestConsolidatedBillingRefusals: what needs all features is refused
// with AWS's errors while the organization has consolidated billing only.
func TestConsolidatedBillingRefusals(t *testing.T) {
	t.Parallel()
	e := newEnv(t, WithOrganization("CONSOLIDATED_BILLING"))
	member := e.createAccount("member")
	root := e.RootID()
	notAvailable := as[*types.PolicyTypeNotAvailableForOrganizationException](nil)
	notAll := isConstraint(types.ConstraintViolationExceptionReasonOrganizationNotInAllFeaturesMode)
	tests := []struct {
		name  string
		call  func() error
		check func(error) string
	}{
		{"EnablePolicyType", func() error {
			_, err := e.Org.EnablePolicyType(e.Ctx, &organizations.EnablePolicyTypeInput{RootId: aws.String(root), PolicyType: types.PolicyTypeServiceControlPolicy})
			return err
		}, notAvailable},
		{"CreatePolicy", func() error {
			_, err := e.Org.CreatePolicy(e.Ctx, &organizations.CreatePolicyInput{Name: aws.String("p"), Description: aws.String(""),
				Type: types.PolicyTypeServiceControlPolicy, Content: aws.String(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}`)})
			return err
		}, notAvailable},
		{"EnableAWSServiceAccess", func() error {
			_, err := e.Org.EnableAWSServiceAccess(e.Ctx, &organizations.EnableAWSServiceAccessInput{ServicePrincipal: aws.String("config.amazonaws.com")})
			return err
		}, notAll},
		{"RegisterDelegatedAdministrator", func() error {
			_, err := e.Org.RegisterDelegatedAdministrator(e.Ctx, &organizations.RegisterDelegatedAdministratorInput{
				AccountId: aws.String(member), ServicePrincipal: aws.String("config.amazonaws.com")})
			return err
		}, notAll},
	}
	for _, tt := range tests {
		if msg := tt.check(tt.call()); msg != "" {
			t.Errorf("%s: %s", tt.name, msg)
		}
	}
}

// TestEnableAllFeaturesHandshakes walks AWS's flow: a handshake to each
// invited account (none to a created one), the approval to the management
// account once all have accepted, all features once it accepts that.
func TestEnableAllFeaturesHandshakes(t *testing.T) {
	t.Parallel()
	e := newEnv(t, WithOrganization("CONSOLIDATED_BILLING"), WithInvitedAccounts(2))
	e.createAccount("created")
	invited := invitedMembers(e)
	if len(invited) != 2 {
		t.Fatalf("invited accounts: %v", invited)
	}
	out, err := e.Org.EnableAllFeatures(e.Ctx, nil)
	if err != nil {
		t.Fatalf("EnableAllFeatures: %v", err)
	}
	req := out.Handshake
	if req.Action != types.ActionTypeEnableAllFeatures || req.State != types.HandshakeStateRequested {
		t.Errorf("EnableAllFeatures: %+v", req)
	}
	if _, err := e.Org.EnableAllFeatures(e.Ctx, nil); !isHandshakeReason(err, "ORGANIZATION_IS_ALREADY_PENDING_ALL_FEATURES_MIGRATION") {
		t.Errorf("EnableAllFeatures again: %v", err)
	}
	all, err := e.Org.ListHandshakesForOrganization(e.Ctx, nil)
	if err != nil || len(all.Handshakes) != 3 {
		t.Fatalf("ListHandshakesForOrganization: %d handshakes, %v; want the request and one per invited account", len(all.Handshakes), err)
	}
	featureSet := func() types.OrganizationFeatureSet {
		out, err := e.Org.DescribeOrganization(e.Ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		return out.Organization.FeatureSet
	}
	approvals := func() []types.Handshake {
		out, err := e.Org.ListHandshakesForAccount(e.Ctx, &organizations.ListHandshakesForAccountInput{
			Filter: &types.HandshakeFilter{ActionType: types.ActionTypeApproveAllFeatures}})
		if err != nil {
			t.Fatal(err)
		}
		return out.Handshakes
	}
	for i, id := range invited {
		org, _ := e.Clients(e.Member(id))
		mine, err := org.ListHandshakesForAccount(e.Ctx, nil)
		if err != nil || len(mine.Handshakes) != 1 || mine.Handshakes[0].Action != types.ActionTypeEnableAllFeatures {
			t.Fatalf("ListHandshakesForAccount of %s: %+v, %v", id, mine, err)
		}
		h := mine.Handshakes[0].Id
		if len(approvals()) != 0 {
			t.Fatalf("approval sent before account %d of 2 accepted", i+1)
		}
		if _, err := org.AcceptHandshake(e.Ctx, &organizations.AcceptHandshakeInput{HandshakeId: h}); err != nil {
			t.Fatalf("AcceptHandshake by %s: %v", id, err)
		}
		if _, err := org.AcceptHandshake(e.Ctx, &organizations.AcceptHandshakeInput{HandshakeId: h}); !isCode(err, "HandshakeAlreadyInStateException") {
			t.Errorf("AcceptHandshake twice: %v", err)
		}
		if fs := featureSet(); fs != types.OrganizationFeatureSetConsolidatedBilling {
			t.Fatalf("feature set %s before the management account finalised", fs)
		}
	}
	approve := approvals()
	if len(approve) != 1 {
		t.Fatalf("approvals after all accepted: %+v", approve)
	}
	d, err := e.Org.DescribeHandshake(e.Ctx, &organizations.DescribeHandshakeInput{HandshakeId: req.Id})
	if err != nil || d.Handshake.State != types.HandshakeStateOpen {
		t.Errorf("the request once all accepted: %+v, %v", d, err)
	}
	member, _ := e.Clients(e.Member(invited[0]))
	if _, err := member.AcceptHandshake(e.Ctx, &organizations.AcceptHandshakeInput{HandshakeId: approve[0].Id}); !isCode(err, "HandshakeNotFoundException") {
		t.Errorf("a member accepting the management account's approval: %v", err)
	}
	if _, err := e.Org.AcceptHandshake(e.Ctx, &organizations.AcceptHandshakeInput{HandshakeId: approve[0].Id}); err != nil {
		t.Fatalf("AcceptHandshake APPROVE_ALL_FEATURES: %v", err)
	}
	if fs := featureSet(); fs != types.OrganizationFeatureSetAll {
		t.Fatalf("feature set %s after the management account finalised", fs)
	}
	e.enablePolicyType("SERVICE_CONTROL_POLICY")
	if _, err := e.Org.EnableAllFeatures(e.Ctx, nil); !isHandshakeReason(err, "ORGANIZATION_ALREADY_HAS_ALL_FEATURES") {
		t.Errorf("EnableAllFeatures with all features: %v", err)
	}
}

// TestEnableAllFeaturesDeclinedAndCanceled: a declined handshake holds the
// change up until the management account cancels its request and starts
// again; without invited accounts the approval is sent at once.
func TestEnableAllFeaturesDeclinedAndCanceled(t *testing.T) {
	t.Parallel()
	e := newEnv(t, WithOrganization("CONSOLIDATED_BILLING"), WithInvitedAccounts(1))
	out, err := e.Org.EnableAllFeatures(e.Ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	org, _ := e.Clients(e.Member(invitedMembers(e)[0]))
	mine, err := org.ListHandshakesForAccount(e.Ctx, nil)
	if err != nil || len(mine.Handshakes) != 1 {
		t.Fatalf("ListHandshakesForAccount: %+v, %v", mine, err)
	}
	if _, err := org.DeclineHandshake(e.Ctx, &organizations.DeclineHandshakeInput{HandshakeId: mine.Handshakes[0].Id}); err != nil {
		t.Fatalf("DeclineHandshake: %v", err)
	}
	if _, err := org.AcceptHandshake(e.Ctx, &organizations.AcceptHandshakeInput{HandshakeId: mine.Handshakes[0].Id}); !isCode(err, "InvalidHandshakeTransitionException") {
		t.Errorf("accepting a declined handshake: %v", err)
	}
	// A member does not see the management account's request at all.
	if _, err := org.CancelHandshake(e.Ctx, &organizations.CancelHandshakeInput{HandshakeId: out.Handshake.Id}); !isCode(err, "HandshakeNotFoundException") {
		t.Errorf("a member cancelling the request: %v, want HandshakeNotFoundException", err)
	}
	// The request is the management account's to cancel, not to answer,
	// and a member's handshake is the member's to answer.
	if _, err := e.Org.AcceptHandshake(e.Ctx, &organizations.AcceptHandshakeInput{HandshakeId: out.Handshake.Id}); !isCode(err, "AccessDeniedException") {
		t.Errorf("the management account accepting its own request: %v, want AccessDeniedException", err)
	}
	if _, err := e.Org.CancelHandshake(e.Ctx, &organizations.CancelHandshakeInput{HandshakeId: mine.Handshakes[0].Id}); !isCode(err, "AccessDeniedException") {
		t.Errorf("the management account cancelling a member's handshake: %v, want AccessDeniedException", err)
	}
	if _, err := e.Org.CancelHandshake(e.Ctx, &organizations.CancelHandshakeInput{HandshakeId: out.Handshake.Id}); err != nil {
		t.Fatalf("CancelHandshake: %v", err)
	}
	if _, err := e.Org.EnableAllFeatures(e.Ctx, nil); err != nil {
		t.Errorf("EnableAllFeatures after cancelling: %v", err)
	}

	lone := newEnv(t, WithOrganization("CONSOLIDATED_BILLING"))
	if _, err := lone.Org.EnableAllFeatures(lone.Ctx, nil); err != nil {
		t.Fatal(err)
	}
	approvals, err := lone.Org.ListHandshakesForAccount(lone.Ctx, &organizations.ListHandshakesForAccountInput{
		Filter: &types.HandshakeFilter{ActionType: types.ActionTypeApproveAllFeatures}})
	if err != nil || len(approvals.Handshakes) != 1 {
		t.Fatalf("approval without invited accounts: %+v, %v", approvals, err)
	}
}

func isHandshakeReason(err error, reason string) bool {
	var hc *types.HandshakeConstraintViolationException
	return isCode(err, "HandshakeConstraintViolationException") && asErr(err, &hc) && string(hc.Reason) == reason
}
