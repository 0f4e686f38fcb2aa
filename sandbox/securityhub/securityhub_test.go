package securityhub

import (
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	"github.com/aws/aws-sdk-go-v2/service/securityhub"
	"github.com/aws/aws-sdk-go-v2/service/securityhub/types"

	"github.com/orgctl/orgctl/sandbox/internal/sandboxtest"
	"github.com/orgctl/orgctl/sandbox/internal/sandboxtest/expect"
)

func TestDesignateAdministrator(t *testing.T) {
	t.Parallel()
	e := sandboxtest.New(t)
	mgmt := e.SB.ManagementAccountID()
	secID, security := e.NewMember("security", time.Minute)
	auditID, audit := e.NewMember("audit", time.Minute)
	invalid := expect.Code("InvalidInputException")
	denied := expect.Code("AccessDeniedException")
	cases := []struct {
		name string
		call func() error
		want func(error) string
	}{
		{"without trusted access", func() error { return designate(e, secID, "us-east-1") }, invalid},
		{"enable trusted access", func() error { e.TrustedAccess(principal); return nil }, expect.OK},
		{"from a member account", func() error {
			_, err := sh(e, audit, "us-east-1").EnableOrganizationAdminAccount(e.Ctx, &securityhub.EnableOrganizationAdminAccountInput{AdminAccountId: aws.String(auditID)})
			return err
		}, denied},
		{"the management account", func() error { return designate(e, mgmt, "us-east-1") }, invalid},
		{"an account not in the organization", func() error { return designate(e, "123456789012", "us-east-1") }, invalid},
		{"designate", func() error { return designate(e, secID, "us-east-1") }, expect.OK},
		{"designate again", func() error { return designate(e, secID, "us-east-1") }, expect.OK},
		{"a second administrator in the region", func() error { return designate(e, auditID, "us-east-1") }, invalid},
		{"another administrator in another region", func() error { return designate(e, auditID, "eu-west-1") }, invalid},
		{"the same administrator in another region", func() error { return designate(e, secID, "eu-west-1") }, expect.OK},
		{"list from a member account", func() error {
			_, err := sh(e, security, "us-east-1").ListOrganizationAdminAccounts(e.Ctx, &securityhub.ListOrganizationAdminAccountsInput{})
			return err
		}, denied},
	}
	for _, c := range cases {
		expect.Check(t, c.name, c.call(), c.want)
	}
	for _, region := range []string{"us-east-1", "eu-west-1"} {
		out, err := sh(e, e.Admin(), region).ListOrganizationAdminAccounts(e.Ctx, &securityhub.ListOrganizationAdminAccountsInput{})
		if err != nil || len(out.AdminAccounts) != 1 || *out.AdminAccounts[0].AccountId != secID || out.AdminAccounts[0].Status != types.AdminStatusEnabled {
			t.Errorf("administrators in %s: %+v, %v", region, out, err)
		}
		// Designation enabled Security Hub in the administrator's account.
		if _, err := sh(e, security, region).DescribeHub(e.Ctx, &securityhub.DescribeHubInput{}); err != nil {
			t.Errorf("DescribeHub as the administrator in %s: %v", region, err)
		}
	}
	// Organizations knows it as the delegated administrator.
	da, err := e.Org.ListDelegatedAdministrators(e.Ctx, &organizations.ListDelegatedAdministratorsInput{ServicePrincipal: aws.String(principal)})
	if err != nil || len(da.DelegatedAdministrators) != 1 || *da.DelegatedAdministrators[0].Id != secID {
		t.Errorf("ListDelegatedAdministrators = %+v, %v", da, err)
	}
	// Another account has no hub.
	expect.Check(t, "DescribeHub without Security Hub", func() error {
		_, err := sh(e, audit, "us-east-1").DescribeHub(e.Ctx, &securityhub.DescribeHubInput{})
		return err
	}(), isErr("InvalidAccessException", msgNotSubscribed(auditID)))
}

func TestCentralConfiguration(t *testing.T) {
	t.Parallel()
	e := sandboxtest.New(t, WithAdminSettleDelay(30*time.Second), WithCentralDelay(10*time.Second))
	secID, security := e.NewMember("security", time.Minute)
	_, member := e.NewMember("member", time.Minute)
	e.TrustedAccess(principal)
	for _, r := range []string{"us-east-1", "eu-west-1"} {
		if err := designate(e, secID, r); err != nil {
			t.Fatal(err)
		}
	}
	admin := sh(e, security, "us-east-1")
	describe := func() (*securityhub.DescribeOrganizationConfigurationOutput, error) {
		return admin.DescribeOrganizationConfiguration(e.Ctx, &securityhub.DescribeOrganizationConfigurationInput{})
	}
	listPolicies := func(c *securityhub.Client) error {
		_, err := c.ListConfigurationPolicies(e.Ctx, &securityhub.ListConfigurationPoliciesInput{})
		return err
	}
	notAdmin := isErr("InvalidAccessException", msgNotAdmin(secID))
	var agg *securityhub.CreateFindingAggregatorOutput
	steps := []struct {
		name string
		call func() error
		want func(error) string
	}{
		{"describe while designation settles", func() error { _, err := describe(); return err }, notAdmin},
		{"update while designation settles", func() error { _, err := admin.UpdateOrganizationConfiguration(e.Ctx, centralInput()); return err }, notAdmin},
		{"settle", func() error { e.Clock.Advance(31 * time.Second); return nil }, expect.OK},
		{"describe once settled", func() error {
			out, err := describe()
			if err == nil && out.OrganizationConfiguration.ConfigurationType != types.OrganizationConfigurationConfigurationTypeLocal {
				t.Errorf("a new administrator's configuration is %s, want LOCAL", out.OrganizationConfiguration.ConfigurationType)
			}
			return err
		}, expect.OK},
		{"describe from a member", func() error {
			_, err := sh(e, member, "us-east-1").DescribeOrganizationConfiguration(e.Ctx, &securityhub.DescribeOrganizationConfigurationInput{})
			return err
		}, expect.Code("InvalidAccessException")},
		{"central without an aggregator", func() error { _, err := admin.UpdateOrganizationConfiguration(e.Ctx, centralInput()); return err },
			isErr("InvalidInputException", msgCentralNeedsAggregator)},
		{"aggregator from a member", func() error {
			if _, err := sh(e, member, "us-east-1").EnableSecurityHub(e.Ctx, &securityhub.EnableSecurityHubInput{}); err != nil {
				return err
			}
			_, err := sh(e, member, "us-east-1").CreateFindingAggregator(e.Ctx, &securityhub.CreateFindingAggregatorInput{RegionLinkingMode: aws.String("ALL_REGIONS")})
			return err
		}, isErr("InvalidInputException", msgMemberAggregator)},
		{"aggregator linking itself", func() error {
			_, err := admin.CreateFindingAggregator(e.Ctx, &securityhub.CreateFindingAggregatorInput{RegionLinkingMode: aws.String("SPECIFIED_REGIONS"), Regions: []string{"us-east-1"}})
			return err
		}, expect.Code("InvalidInputException")},
		{"aggregator", func() error {
			var err error
			agg, err = admin.CreateFindingAggregator(e.Ctx, &securityhub.CreateFindingAggregatorInput{RegionLinkingMode: aws.String("SPECIFIED_REGIONS"), Regions: []string{"eu-west-1"}})
			return err
		}, expect.OK},
		{"a second aggregator", func() error {
			_, err := sh(e, security, "eu-west-1").CreateFindingAggregator(e.Ctx, &securityhub.CreateFindingAggregatorInput{RegionLinkingMode: aws.String("NO_REGIONS")})
			return err
		}, expect.Code("ResourceConflictException")},
		{"central with auto-enable", func() error {
			in := centralInput()
			in.AutoEnable = aws.Bool(true)
			_, err := admin.UpdateOrganizationConfiguration(e.Ctx, in)
			return err
		}, isErr("InvalidInputException", msgCentralAutoEnable)},
		{"central", func() error { _, err := admin.UpdateOrganizationConfiguration(e.Ctx, centralInput()); return err }, expect.OK},
		{"pending", func() error {
			out, err := describe()
			if err == nil && out.OrganizationConfiguration.Status != types.OrganizationConfigurationStatusPending {
				t.Errorf("central configuration just asked for is %s, want PENDING", out.OrganizationConfiguration.Status)
			}
			return err
		}, expect.OK},
		{"policies while pending", func() error { return listPolicies(admin) }, isErr("AccessDeniedException", msgNotCentral)},
		{"enabled", func() error {
			e.Clock.Advance(11 * time.Second)
			out, err := describe()
			if err == nil && out.OrganizationConfiguration.Status != types.OrganizationConfigurationStatusEnabled {
				t.Errorf("central configuration is %s, want ENABLED", out.OrganizationConfiguration.Status)
			}
			return err
		}, expect.OK},
		{"policies", func() error { return listPolicies(admin) }, expect.OK},
		{"policies from another region", func() error { return listPolicies(sh(e, security, "eu-west-1")) }, isErr("AccessDeniedException", msgNotHome)},
		{"policies from a member", func() error { return listPolicies(sh(e, member, "us-east-1")) }, isErr("AccessDeniedException", msgNotCentral)},
		{"policies from the management account", func() error { return listPolicies(sh(e, e.Admin(), "us-east-1")) }, isErr("AccessDeniedException", msgNotCentral)},
		{"delete the aggregator while central", func() error {
			_, err := admin.DeleteFindingAggregator(e.Ctx, &securityhub.DeleteFindingAggregatorInput{FindingAggregatorArn: agg.FindingAggregatorArn})
			return err
		}, expect.Code("InvalidInputException")},
		{"remove the administrator while central", func() error {
			_, err := sh(e, e.Admin(), "us-east-1").DisableOrganizationAdminAccount(e.Ctx, &securityhub.DisableOrganizationAdminAccountInput{AdminAccountId: aws.String(secID)})
			return err
		}, expect.Code("InvalidInputException")},
		{"the aggregator from a linked region", func() error {
			out, err := sh(e, security, "eu-west-1").ListFindingAggregators(e.Ctx, &securityhub.ListFindingAggregatorsInput{})
			if err == nil && (len(out.FindingAggregators) != 1 || *out.FindingAggregators[0].FindingAggregatorArn != *agg.FindingAggregatorArn) {
				t.Errorf("ListFindingAggregators from eu-west-1 = %+v", out.FindingAggregators)
			}
			return err
		}, expect.OK},
		{"back to local", func() error {
			_, err := admin.UpdateOrganizationConfiguration(e.Ctx, &securityhub.UpdateOrganizationConfigurationInput{AutoEnable: aws.Bool(false),
				OrganizationConfiguration: &types.OrganizationConfiguration{ConfigurationType: types.OrganizationConfigurationConfigurationTypeLocal}})
			return err
		}, expect.OK},
		{"policies once local", func() error { return listPolicies(admin) }, isErr("AccessDeniedException", msgNotCentral)},
		{"delete the aggregator once local", func() error {
			_, err := admin.DeleteFindingAggregator(e.Ctx, &securityhub.DeleteFindingAggregatorInput{FindingAggregatorArn: agg.FindingAggregatorArn})
			return err
		}, expect.OK},
	}
	for _, s := range steps {
		expect.Check(t, s.name, s.call(), s.want)
	}
}

func TestPoliciesAndAssociations(t *testing.T) {
	t.Parallel()
	e := sandboxtest.New(t, WithAdminSettleDelay(0), WithCentralDelay(0), WithAssociationDelay(5*time.Second))
	secID, security := central(e)
	appID, _ := e.NewMember("app", time.Minute)
	admin := sh(e, security, "us-east-1")
	root := e.RootID()
	ou, err := e.Org.CreateOrganizationalUnit(e.Ctx, &organizations.CreateOrganizationalUnitInput{ParentId: aws.String(root), Name: aws.String("Workloads")})
	if err != nil {
		t.Fatal(err)
	}
	ouID := *ou.OrganizationalUnit.Id
	if _, err := e.Org.MoveAccount(e.Ctx, &organizations.MoveAccountInput{AccountId: aws.String(appID), SourceParentId: aws.String(root), DestinationParentId: aws.String(ouID)}); err != nil {
		t.Fatal(err)
	}
	create := func(name string, doc types.Policy) (*securityhub.CreateConfigurationPolicyOutput, error) {
		return admin.CreateConfigurationPolicy(e.Ctx, &securityhub.CreateConfigurationPolicyInput{Name: aws.String(name), ConfigurationPolicy: doc,
			Tags: map[string]string{"managed-by": "orgctl"}})
	}
	p, err := create("baseline", baseline("us-east-1"))
	if err != nil {
		t.Fatal(err)
	}
	badStandard := baseline("us-east-1")
	badStandard.(*types.PolicyMemberSecurityHub).Value.EnabledStandardIdentifiers = []string{"arn:aws:securityhub:eu-west-1::standards/aws-foundational-security-best-practices/v/1.0.0"}
	badParam := baseline("us-east-1")
	badParam.(*types.PolicyMemberSecurityHub).Value.SecurityControlsConfiguration.SecurityControlCustomParameters[0].Parameters["MaxAge"] = types.ParameterConfiguration{ValueType: types.ParameterValueTypeCustom, Value: &types.ParameterValueMemberInteger{Value: 1}}
	for name, c := range map[string]struct {
		err  error
		want func(error) string
	}{
		"the same name":               {func() error { _, err := create("baseline", baseline("us-east-1")); return err }(), expect.Code("ResourceConflictException")},
		"another region's standard":   {func() error { _, err := create("other", badStandard); return err }(), expect.Code("InvalidInputException")},
		"a parameter IAM.7 lacks":     {func() error { _, err := create("other", badParam); return err }(), expect.Code("InvalidInputException")},
		"a name Security Hub refuses": {func() error { _, err := create("base line", baseline("us-east-1")); return err }(), expect.Code("InvalidInputException")},
	} {
		expect.Check(t, name, c.err, c.want)
	}
	got, err := admin.GetConfigurationPolicy(e.Ctx, &securityhub.GetConfigurationPolicyInput{Identifier: p.Arn})
	if err != nil {
		t.Fatal(err)
	}
	hub := got.ConfigurationPolicy.(*types.PolicyMemberSecurityHub).Value
	if v := hub.SecurityControlsConfiguration.SecurityControlCustomParameters[0].Parameters["MaxPasswordAge"].Value; v.(*types.ParameterValueMemberInteger).Value != 90 {
		t.Errorf("MaxPasswordAge = %v", v)
	}
	tags, err := admin.ListTagsForResource(e.Ctx, &securityhub.ListTagsForResourceInput{ResourceArn: p.Arn})
	if err != nil || tags.Tags["managed-by"] != "orgctl" {
		t.Errorf("ListTagsForResource = %+v, %v", tags, err)
	}

	// The root applies the policy: PENDING, then SUCCESS, and the OU and
	// its account inherit it.
	assoc, err := admin.StartConfigurationPolicyAssociation(e.Ctx, &securityhub.StartConfigurationPolicyAssociationInput{
		ConfigurationPolicyIdentifier: p.Id, Target: &types.TargetMemberRootId{Value: root}})
	if err != nil || assoc.AssociationStatus != types.ConfigurationPolicyAssociationStatusPending {
		t.Fatalf("StartConfigurationPolicyAssociation = %+v, %v", assoc, err)
	}
	get := func(target types.Target) *securityhub.GetConfigurationPolicyAssociationOutput {
		t.Helper()
		out, err := admin.GetConfigurationPolicyAssociation(e.Ctx, &securityhub.GetConfigurationPolicyAssociationInput{Target: target})
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	e.Clock.Advance(6 * time.Second)
	if a := get(&types.TargetMemberRootId{Value: root}); a.AssociationStatus != types.ConfigurationPolicyAssociationStatusSuccess || a.AssociationType != types.AssociationTypeApplied {
		t.Errorf("root: %s %s", a.AssociationType, a.AssociationStatus)
	}
	if a := get(&types.TargetMemberAccountId{Value: appID}); a.AssociationType != types.AssociationTypeInherited || *a.ConfigurationPolicyId != *p.Id {
		t.Errorf("app: %s %s", a.AssociationType, *a.ConfigurationPolicyId)
	}
	list, err := admin.ListConfigurationPolicyAssociations(e.Ctx, &securityhub.ListConfigurationPolicyAssociationsInput{Filters: &types.AssociationFilters{AssociationType: types.AssociationTypeApplied}})
	if err != nil || len(list.ConfigurationPolicyAssociationSummaries) != 1 || *list.ConfigurationPolicyAssociationSummaries[0].TargetId != root {
		t.Errorf("applied associations: %+v, %v", list, err)
	}
	all, err := admin.ListConfigurationPolicyAssociations(e.Ctx, &securityhub.ListConfigurationPolicyAssociationsInput{})
	if err != nil || len(all.ConfigurationPolicyAssociationSummaries) != 5 { // root, Workloads, management, security, app
		t.Errorf("every association: %d, %v", len(all.ConfigurationPolicyAssociationSummaries), err)
	}
	// A policy in use cannot be deleted; disassociated, it can.
	_, err = admin.DeleteConfigurationPolicy(e.Ctx, &securityhub.DeleteConfigurationPolicyInput{Identifier: p.Id})
	expect.Check(t, "delete a policy in use", err, expect.Code("ResourceConflictException"))
	_, err = admin.StartConfigurationPolicyDisassociation(e.Ctx, &securityhub.StartConfigurationPolicyDisassociationInput{
		ConfigurationPolicyIdentifier: p.Id, Target: &types.TargetMemberOrganizationalUnitId{Value: ouID}})
	expect.Check(t, "disassociate a target that only inherits", err, expect.Code("ResourceNotFoundException"))
	_, err = admin.StartConfigurationPolicyDisassociation(e.Ctx, &securityhub.StartConfigurationPolicyDisassociationInput{
		ConfigurationPolicyIdentifier: p.Id, Target: &types.TargetMemberRootId{Value: root}})
	expect.Check(t, "disassociate", err, expect.OK)
	_, err = admin.DeleteConfigurationPolicy(e.Ctx, &securityhub.DeleteConfigurationPolicyInput{Identifier: p.Id})
	expect.Check(t, "delete", err, expect.OK)

	// An account that is closed cannot be configured: the association
	// fails, and says why.
	q, err := create("closed", baseline("us-east-1"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.Org.CloseAccount(e.Ctx, &organizations.CloseAccountInput{AccountId: aws.String(appID)}); err != nil {
		t.Fatal(err)
	}
	if _, err := admin.StartConfigurationPolicyAssociation(e.Ctx, &securityhub.StartConfigurationPolicyAssociationInput{
		ConfigurationPolicyIdentifier: q.Id, Target: &types.TargetMemberAccountId{Value: appID}}); err != nil {
		t.Fatal(err)
	}
	e.Clock.Advance(6 * time.Second)
	if a := get(&types.TargetMemberAccountId{Value: appID}); a.AssociationStatus != types.ConfigurationPolicyAssociationStatusFailed || aws.ToString(a.AssociationStatusMessage) == "" {
		t.Errorf("association with a closed account: %s %q", a.AssociationStatus, aws.ToString(a.AssociationStatusMessage))
	}
	_, err = admin.StartConfigurationPolicyAssociation(e.Ctx, &securityhub.StartConfigurationPolicyAssociationInput{
		ConfigurationPolicyIdentifier: q.Id, Target: &types.TargetMemberAccountId{Value: "123456789012"}})
	expect.Check(t, "an account outside the organization", err, expect.Code("InvalidInputException"))
	_ = secID
}
