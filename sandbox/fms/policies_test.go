package fms

import (
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/fms"
	"github.com/aws/aws-sdk-go-v2/service/fms/types"
	"github.com/aws/aws-sdk-go-v2/service/organizations"

	"github.com/orgctl/orgctl/sandbox/internal/sandboxtest"
	"github.com/orgctl/orgctl/sandbox/internal/sandboxtest/expect"
)

const wafData = `{"type":"WAFV2","preProcessRuleGroups":[{"ruleGroupType":"ManagedRuleGroup","managedRuleGroupIdentifier":{"vendorName":"AWS","managedRuleGroupName":"AWSManagedRulesCommonRuleSet"},"overrideAction":{"type":"NONE"}}],"postProcessRuleGroups":[],"defaultAction":{"type":"ALLOW"}}`

func wafPolicy(name string) *types.Policy {
	return &types.Policy{PolicyName: aws.String(name), ResourceType: aws.String("AWS::ElasticLoadBalancingV2::LoadBalancer"),
		SecurityServicePolicyData: &types.SecurityServicePolicyData{Type: types.SecurityServiceTypeWafv2, ManagedServiceData: aws.String(wafData)}}
}

// withAdmin is an organization whose security account is Firewall
// Manager's administrator, READY, with an OU Workloads holding app.
func withAdmin(t *testing.T) (e *sandboxtest.Env, secID string, security aws.CredentialsProvider, appID, ouID string) {
	e = sandboxtest.New(t, WithAdminSettleDelay(time.Minute))
	secID, security = e.NewMember("security", time.Minute)
	appID, _ = e.NewMember("app", time.Minute)
	ou, err := e.Org.CreateOrganizationalUnit(e.Ctx, &organizations.CreateOrganizationalUnitInput{ParentId: aws.String(e.RootID()), Name: aws.String("Workloads")})
	if err != nil {
		t.Fatal(err)
	}
	e.TrustedAccess(principal)
	if err := associateIn(e, e.Admin(), homeRegion, secID); err != nil {
		t.Fatal(err)
	}
	return e, secID, security, appID, *ou.OrganizationalUnit.Id
}

func TestPolicies(t *testing.T) {
	t.Parallel()
	e, secID, security, appID, ouID := withAdmin(t)
	app := e.Member(appID)
	api := client(e, security, "eu-west-1")
	put := func(creds aws.CredentialsProvider, p *types.Policy) error {
		_, err := client(e, creds, "eu-west-1").PutPolicy(e.Ctx, &fms.PutPolicyInput{Policy: p})
		return err
	}
	bad := func(mod func(p *types.Policy)) func() error {
		return func() error { p := wafPolicy("bad"); mod(p); return put(security, p) }
	}
	cases := []struct {
		name string
		call func() error
		want func(error) string
	}{
		{"while the administrator's role is CREATING", func() error { return put(security, wafPolicy("waf")) },
			is("AccessDeniedException", "Account: "+secID+" is not currently delegated by AWS FM.")},
		{"ready", func() error { e.Clock.Advance(time.Minute); return nil }, expect.OK},
		{"from the management account", func() error { return put(e.Admin(), wafPolicy("waf")) },
			is("AccessDeniedException", "Operation: PutPolicy is only available to Administration account in AWS Firewall Manager.")},
		{"from a member account", func() error { return put(app, wafPolicy("waf")) },
			is("AccessDeniedException", "Account: "+appID+" is not currently delegated by AWS FM.")},
		{"an unknown type", bad(func(p *types.Policy) { p.SecurityServicePolicyData.Type = "WAFV3" }), expect.Code("InvalidInputException")},
		{"a resource type of another policy type", bad(func(p *types.Policy) { p.ResourceType = aws.String("AWS::EC2::VPC") }), expect.Code("InvalidInputException")},
		{"CloudFront outside us-east-1", bad(func(p *types.Policy) { p.ResourceType = aws.String("AWS::CloudFront::Distribution") }), expect.Code("InvalidInputException")},
		{"CloudFront in a list", bad(func(p *types.Policy) {
			p.ResourceType, p.ResourceTypeList = aws.String("ResourceTypeList"), []string{"AWS::ApiGateway::Stage", "AWS::CloudFront::Distribution"}
		}), is("InvalidInputException", `Resource ["AWS::CloudFront::Distribution"] can not be in the CoralResourceTypeList, use CoralResourceType instead.`)},
		{"data of another type", bad(func(p *types.Policy) {
			p.SecurityServicePolicyData.ManagedServiceData = aws.String(strings.Replace(wafData, `"type":"WAFV2"`, `"type":"DNS_FIREWALL"`, 1))
		}), expect.Code("InvalidInputException")},
		{"WAFv2 data without a default action", bad(func(p *types.Policy) {
			p.SecurityServicePolicyData.ManagedServiceData = aws.String(`{"type":"WAFV2","preProcessRuleGroups":[],"postProcessRuleGroups":[]}`)
		}), expect.Code("InvalidInputException")},
		{"data not JSON", bad(func(p *types.Policy) { p.SecurityServicePolicyData.ManagedServiceData = aws.String(`{type`) }), expect.Code("InvalidInputException")},
		{"a map key of neither kind", bad(func(p *types.Policy) { p.IncludeMap = map[string][]string{"ORGUNIT": {ouID}} }), expect.Code("InvalidInputException")},
		{"an OU not in the organization", bad(func(p *types.Policy) { p.IncludeMap = map[string][]string{"ORG_UNIT": {"ou-zzzz-zzzzzzzz"}} }), expect.Code("InvalidInputException")},
		{"an account not in the organization", bad(func(p *types.Policy) { p.ExcludeMap = map[string][]string{"ACCOUNT": {"123456789012"}} }), expect.Code("InvalidInputException")},
		{"create", func() error {
			p := wafPolicy("waf")
			p.IncludeMap = map[string][]string{"ORG_UNIT": {ouID}, "ACCOUNT": {appID}}
			return put(security, p)
		}, expect.OK},
		{"no policy", func() error {
			_, err := api.GetPolicy(e.Ctx, &fms.GetPolicyInput{PolicyId: aws.String("00000000-0000-0000-0000-000000000000")})
			return err
		}, is("ResourceNotFoundException", "Policy with Id 00000000-0000-0000-0000-000000000000 not found.")},
	}
	for _, c := range cases {
		expect.Check(t, c.name, c.call(), c.want)
	}

	// Read back: AWS's defaults filled in, in this Region only.
	list, err := api.ListPolicies(e.Ctx, &fms.ListPoliciesInput{})
	if err != nil || len(list.PolicyList) != 1 || aws.ToString(list.PolicyList[0].PolicyName) != "waf" || list.PolicyList[0].SecurityServiceType != "WAFV2" {
		t.Fatalf("ListPolicies: %+v %v", list, err)
	}
	if other, _ := client(e, security, homeRegion).ListPolicies(e.Ctx, &fms.ListPoliciesInput{}); len(other.PolicyList) != 0 {
		t.Errorf("the policy is in us-east-1 too: %+v", other.PolicyList)
	}
	got, err := api.GetPolicy(e.Ctx, &fms.GetPolicyInput{PolicyId: list.PolicyList[0].PolicyId})
	if err != nil {
		t.Fatal(err)
	}
	data := aws.ToString(got.Policy.SecurityServicePolicyData.ManagedServiceData)
	for _, want := range []string{`"overrideCustomerWebACLAssociation":false`, `"loggingConfiguration":null`, `"ruleGroupArn":null`, `"excludeRules":[]`} {
		if !strings.Contains(data, want) {
			t.Errorf("managed service data read back without %s: %s", want, data)
		}
	}
	if !strings.HasPrefix(aws.ToString(got.PolicyArn), "arn:aws:fms:eu-west-1:"+secID+":policy/") || got.Policy.PolicyStatus != "ACTIVE" {
		t.Errorf("GetPolicy: %s %s", aws.ToString(got.PolicyArn), got.Policy.PolicyStatus)
	}

	// Updates carry the current token; an old one is refused.
	old := *got.Policy
	upd := *got.Policy
	upd.RemediationEnabled = true
	expect.Check(t, "update", put(security, &upd), expect.OK)
	expect.Check(t, "update with the old token", put(security, &old), is("InvalidOperationException", msgUpdateToken))
	noToken := *got.Policy
	noToken.PolicyUpdateToken = nil
	expect.Check(t, "update without a token", put(security, &noToken), is("InvalidInputException", msgUpdateToken))
	cur, _ := api.GetPolicy(e.Ctx, &fms.GetPolicyInput{PolicyId: got.Policy.PolicyId})
	typ := *cur.Policy
	typ.SecurityServicePolicyData = &types.SecurityServicePolicyData{Type: "DNS_FIREWALL", ManagedServiceData: aws.String(`{"type":"DNS_FIREWALL","preProcessRuleGroups":[],"postProcessRuleGroups":[]}`)}
	typ.ResourceType = aws.String("AWS::EC2::VPC")
	expect.Check(t, "change the type", put(security, &typ), expect.Code("InvalidInputException"))
	if !cur.Policy.RemediationEnabled || aws.ToString(cur.Policy.PolicyUpdateToken) == aws.ToString(old.PolicyUpdateToken) {
		t.Errorf("after the update: %+v", cur.Policy)
	}

	// Tags.
	arn := got.PolicyArn
	if _, err := api.TagResource(e.Ctx, &fms.TagResourceInput{ResourceArn: arn, TagList: []types.Tag{{Key: aws.String("managed-by"), Value: aws.String("orgctl")}}}); err != nil {
		t.Fatal(err)
	}
	tags, err := api.ListTagsForResource(e.Ctx, &fms.ListTagsForResourceInput{ResourceArn: arn})
	if err != nil || len(tags.TagList) != 1 || aws.ToString(tags.TagList[0].Value) != "orgctl" {
		t.Errorf("tags %+v %v", tags, err)
	}

	// The state survives a restart; delete, then delete again.
	e.Reopen()
	api = client(e, security, "eu-west-1")
	expect.Check(t, "delete", func() error {
		_, err := api.DeletePolicy(e.Ctx, &fms.DeletePolicyInput{PolicyId: got.Policy.PolicyId, DeleteAllPolicyResources: true})
		return err
	}(), expect.OK)
	expect.Check(t, "delete again", func() error {
		_, err := api.DeletePolicy(e.Ctx, &fms.DeletePolicyInput{PolicyId: got.Policy.PolicyId})
		return err
	}(), expect.Code("ResourceNotFoundException"))
}

// An organization offboarded from Firewall Manager has no policies left.
func TestOffboardingTakesThePolicies(t *testing.T) {
	t.Parallel()
	e, _, security, _, _ := withAdmin(t)
	e.Clock.Advance(time.Minute)
	if _, err := client(e, security, homeRegion).PutPolicy(e.Ctx, &fms.PutPolicyInput{Policy: wafPolicy("waf")}); err != nil {
		t.Fatal(err)
	}
	expect.Check(t, "disassociate", leave(e, security), expect.OK)
	e.Clock.Advance(time.Minute)
	expect.Check(t, "associate again", associateIn(e, e.Admin(), homeRegion, mustID(t, e, "security")), expect.OK)
	e.Clock.Advance(time.Minute)
	list, err := client(e, security, homeRegion).ListPolicies(e.Ctx, &fms.ListPoliciesInput{})
	if err != nil || len(list.PolicyList) != 0 {
		t.Errorf("policies after offboarding: %+v %v", list, err)
	}
}

func mustID(t *testing.T, e *sandboxtest.Env, name string) string {
	t.Helper()
	out, err := e.Org.ListAccounts(e.Ctx, &organizations.ListAccountsInput{})
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range out.Accounts {
		if aws.ToString(a.Name) == name {
			return aws.ToString(a.Id)
		}
	}
	t.Fatalf("no account %s", name)
	return ""
}

// Firewall Manager's quota of policies a Region, counted apart per
// Region; ListPolicies pages through them.
func TestPolicyQuota(t *testing.T) {
	t.Parallel()
	e, _, security, _, _ := withAdmin(t)
	e.Clock.Advance(time.Minute)
	api := client(e, security, homeRegion)
	for i := 0; i < maxPolicies; i++ {
		if _, err := api.PutPolicy(e.Ctx, &fms.PutPolicyInput{Policy: wafPolicy("waf")}); err != nil {
			t.Fatalf("policy %d: %v", i, err)
		}
	}
	_, err := api.PutPolicy(e.Ctx, &fms.PutPolicyInput{Policy: wafPolicy("one too many")})
	expect.Check(t, "one policy over the quota", err, expect.Code("LimitExceededException"))
	_, err = client(e, security, "eu-west-1").PutPolicy(e.Ctx, &fms.PutPolicyInput{Policy: wafPolicy("waf")})
	expect.Check(t, "another Region", err, expect.OK)
	n := 0
	for pg := fms.NewListPoliciesPaginator(api, &fms.ListPoliciesInput{MaxResults: aws.Int32(20)}); pg.HasMorePages(); {
		out, err := pg.NextPage(e.Ctx)
		if err != nil {
			t.Fatal(err)
		}
		n += len(out.PolicyList)
	}
	if n != maxPolicies {
		t.Errorf("listed %d policies, want %d", n, maxPolicies)
	}
}
