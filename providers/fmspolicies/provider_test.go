package fmspolicies_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/fms"
	"github.com/aws/aws-sdk-go-v2/service/fms/types"
	"github.com/aws/smithy-go"

	"github.com/orgctl/orgctl/engine"
	"github.com/orgctl/orgctl/providers"
	fmsp "github.com/orgctl/orgctl/providers/fms"
	fpp "github.com/orgctl/orgctl/providers/fmspolicies"
	orgp "github.com/orgctl/orgctl/providers/organizations"
	"github.com/orgctl/orgctl/providers/providertest"
	sbfms "github.com/orgctl/orgctl/sandbox/fms"
	fp "github.com/orgctl/orgctl/services/fmspolicies"
)

var regions = []string{"us-east-1", "eu-west-1"}

func env(sb *providertest.Sandbox) providers.Env {
	return providertest.Env(sb.Cfg, providers.Settings{HomeRegion: "us-east-1", Regions: regions, CrossAccountRole: "OrganizationAccountAccessRole"})
}

func newProviders(sb *providertest.Sandbox) func() []engine.Provider {
	return func() []engine.Provider {
		e := env(sb)
		return []engine.Provider{orgp.New(e), fmsp.New(e), fpp.New(e)}
	}
}

const org = `version: 1
settings: {homeRegion: us-east-1, regions: [us-east-1, eu-west-1]}
organizationalUnits:
  - name: Security
  - name: Workloads
    children: [{name: Prod}]
accounts:
  - {name: security, email: aws+security@example.com, ou: Security}
  - {name: app, email: aws+app@example.com, ou: Workloads/Prod}
security:
  admin: security
  firewallManager: {}
`

// waf is a WAFv2 policy on the Workloads OU, with what varies.
func waf(extra string) string {
	return `firewallPolicies:
  - name: waf-baseline
    type: WAFV2
    resourceTypes: [AWS::ElasticLoadBalancingV2::LoadBalancer]
    managedServiceData:
      defaultAction: {type: ALLOW}
      preProcessRuleGroups:
        - ruleGroupType: ManagedRuleGroup
          managedRuleGroupIdentifier: {vendorName: AWS, managedRuleGroupName: AWSManagedRulesCommonRuleSet}
          overrideAction: {type: NONE}
      postProcessRuleGroups: []
` + extra
}

func files(policies string) map[string]string { return map[string]string{"org.yaml": org + policies} }

func TestConformance(t *testing.T) {
	t.Parallel()
	sb := providertest.NewSandbox(t, sbfms.WithAdminSettleDelay(0))
	providertest.Conformance{Service: fp.Name, NewProviders: newProviders(sb)}.Run(t,
		providertest.Step{Name: "create", Files: files(waf("    include: {ous: [Workloads]}\n"))},
		providertest.Step{Name: "update", Files: files(waf("    remediation: true\n    include: {ous: [Workloads, Security], accounts: [app]}\n    resourceTags: {env: prod}\n    deleteResourcesOnDelete: true\n"))},
		providertest.Step{Name: "delete", AllowDestroy: true, Files: files("firewallPolicies: []\n")},
	)
}

// admin is the security account's Firewall Manager client in region.
func admin(t *testing.T, sb *providertest.Sandbox, region string) *fms.Client {
	t.Helper()
	security, ok := providertest.LiveIDs(t, newProviders(sb)()).ID(engine.Ref{Kind: "account", Key: "aws+security@example.com"})
	if !ok {
		t.Fatal("no security account")
	}
	return fms.NewFromConfig(sb.As(t, security, "OrganizationAccountAccessRole", region))
}

// only returns the one policy of region.
func only(t *testing.T, api *fms.Client) *fms.GetPolicyOutput {
	t.Helper()
	ctx := context.Background()
	list, err := api.ListPolicies(ctx, &fms.ListPoliciesInput{})
	if err != nil || len(list.PolicyList) != 1 {
		t.Fatalf("ListPolicies: %+v, %v", list, err)
	}
	out, err := api.GetPolicy(ctx, &fms.GetPolicyInput{PolicyId: list.PolicyList[0].PolicyId})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// After apply, the policy is in each region, AWS's defaults filled in
// its managed service data make no difference, and remediation turned on
// by hand is drift that apply takes back.
func TestPolicyInEachRegionAndDrift(t *testing.T) {
	t.Parallel()
	sb := providertest.NewSandbox(t, sbfms.WithAdminSettleDelay(0))
	run := providertest.Runner{T: t, NewProviders: newProviders(sb)}
	spec := files(waf("    include: {ous: [Workloads]}\n"))
	run.Apply(spec, false)
	for _, region := range regions {
		got := only(t, admin(t, sb, region))
		p := got.Policy
		if aws.ToString(p.PolicyName) != "waf-baseline" || p.RemediationEnabled || len(p.IncludeMap["ORG_UNIT"]) != 1 ||
			!strings.Contains(aws.ToString(p.SecurityServicePolicyData.ManagedServiceData), `"overrideCustomerWebACLAssociation":false`) {
			t.Errorf("%s: %+v %s", region, p, aws.ToString(p.SecurityServicePolicyData.ManagedServiceData))
		}
	}
	if p := run.Plan(spec); !p.Empty() {
		t.Fatalf("the plan after apply: %s", providertest.Brief(p))
	}

	api := admin(t, sb, "eu-west-1")
	got := only(t, api)
	got.Policy.RemediationEnabled = true
	if _, err := api.PutPolicy(context.Background(), &fms.PutPolicyInput{Policy: got.Policy}); err != nil {
		t.Fatal(err)
	}
	p := run.Plan(spec)
	if b := providertest.Brief(p); b != "update fms-policy:eu-west-1/waf-baseline" || p.Summary.Destructive != 1 {
		t.Fatalf("want remediation's drift, destructive to take back; got %s (%d destructive)", b, p.Summary.Destructive)
	}
	if f := p.Changes[0].Fields; len(f) != 1 || f[0].Name != fp.AttrRemediation {
		t.Errorf("fields %+v", f)
	}
	run.Apply(spec, true)
	if only(t, api).Policy.RemediationEnabled {
		t.Error("apply did not restore remediation")
	}
	if p := run.Plan(spec); !p.Empty() {
		t.Fatalf("the plan after restoring: %s", providertest.Brief(p))
	}
}

// A policy changed by someone else between orgctl's GetPolicy and its
// PutPolicy: the token is stale, Firewall Manager refuses it, and orgctl
// reads the policy again and succeeds.
func TestStaleUpdateTokenIsReadAgain(t *testing.T) {
	t.Parallel()
	sb := providertest.NewSandbox(t, sbfms.WithAdminSettleDelay(0))
	run := providertest.Runner{T: t, NewProviders: newProviders(sb)}
	run.Apply(files(waf("    regions: [us-east-1]\n")), false)
	api := admin(t, sb, "us-east-1")
	updated := files(waf("    regions: [us-east-1]\n    remediation: true\n"))
	p := run.Plan(updated)
	raced := 0
	ps := newProviders(sb)()
	ps[2].(*fpp.Provider).SetBeforePut(func() {
		if raced > 0 {
			return
		}
		raced++
		cur := only(t, api)
		cur.Policy.PolicyDescription = aws.String("changed by hand")
		if _, err := api.PutPolicy(context.Background(), &fms.PutPolicyInput{Policy: cur.Policy}); err != nil {
			t.Errorf("the concurrent update: %v", err)
		}
	})
	res, err := engine.Apply(context.Background(), p, ps, engine.ApplyOptions{Parallelism: 1})
	if err != nil || res.Failed() {
		t.Fatalf("apply: %v %v", err, res.Errors)
	}
	if raced != 1 || !only(t, api).Policy.RemediationEnabled {
		t.Errorf("the update was not made after the race (%d)", raced)
	}
	// The stale token itself is refused as AWS refuses it.
	cur := only(t, api).Policy
	stale := *cur
	stale.PolicyUpdateToken = aws.String("1:stale")
	_, err = api.PutPolicy(context.Background(), &fms.PutPolicyInput{Policy: &stale})
	if code, _ := apiErr(err); code != "InvalidOperationException" {
		t.Errorf("a stale token: %v", err)
	}
}

// A policy orgctl did not make is shown unmanaged and left alone.
func TestUnmanagedPolicyIsLeftAlone(t *testing.T) {
	t.Parallel()
	sb := providertest.NewSandbox(t, sbfms.WithAdminSettleDelay(0))
	run := providertest.Runner{T: t, NewProviders: newProviders(sb)}
	run.Apply(files(waf("")), false)
	api := admin(t, sb, "us-east-1")
	data := `{"type":"SECURITY_GROUPS_USAGE_AUDIT","deleteUnusedSecurityGroups":true}`
	_, err := api.PutPolicy(context.Background(), &fms.PutPolicyInput{Policy: newPolicy("by-hand", data)})
	if err != nil {
		t.Fatal(err)
	}
	p := run.Plan(files(waf("")))
	if !p.Empty() {
		t.Fatalf("a policy by hand is planned: %s", providertest.Brief(p))
	}
	found := false
	for _, u := range p.Unmanaged {
		found = found || u.Key == "us-east-1/by-hand"
	}
	if !found {
		t.Errorf("the policy by hand is not reported unmanaged: %+v", p.Unmanaged)
	}
}

// Firewall Manager's refusals: policies only from its administrator.
func TestOnlyTheAdministratorMakesPolicies(t *testing.T) {
	t.Parallel()
	sb := providertest.NewSandbox(t, sbfms.WithAdminSettleDelay(0))
	run := providertest.Runner{T: t, NewProviders: newProviders(sb)}
	run.Apply(files(""), false)
	ids := providertest.LiveIDs(t, newProviders(sb)())
	app, _ := ids.ID(engine.Ref{Kind: "account", Key: "aws+app@example.com"})
	ctx := context.Background()
	_, err := fms.NewFromConfig(sb.Cfg).ListPolicies(ctx, &fms.ListPoliciesInput{})
	if code, msg := apiErr(err); code != "AccessDeniedException" || msg != "Operation: ListPolicies is only available to Administration account in AWS Firewall Manager." {
		t.Errorf("from the management account: %v", err)
	}
	member := fms.NewFromConfig(sb.As(t, app, "OrganizationAccountAccessRole", "eu-west-1"))
	_, err = member.PutPolicy(ctx, &fms.PutPolicyInput{Policy: newPolicy("x", `{"type":"SECURITY_GROUPS_USAGE_AUDIT"}`)})
	if code, msg := apiErr(err); code != "AccessDeniedException" || msg != "Account: "+app+" is not currently delegated by AWS FM." {
		t.Errorf("from a member account: %v", err)
	}
	api := admin(t, sb, "eu-west-1")
	for name, data := range map[string]string{
		"type mismatch":   `{"type":"WAFV2"}`,
		"not JSON":        `{type`,
		"WAFV2 no action": `{"type":"WAFV2","preProcessRuleGroups":[],"postProcessRuleGroups":[]}`,
	} {
		pol := newPolicy(name, data)
		if name != "type mismatch" {
			pol.SecurityServicePolicyData.Type = "WAFV2"
			pol.ResourceType = aws.String("AWS::ElasticLoadBalancingV2::LoadBalancer")
		}
		_, err := api.PutPolicy(ctx, &fms.PutPolicyInput{Policy: pol})
		if code, _ := apiErr(err); code != "InvalidInputException" {
			t.Errorf("%s: %v", name, err)
		}
	}
	pol := newPolicy("bad map", `{"type":"SECURITY_GROUPS_USAGE_AUDIT"}`)
	pol.IncludeMap = map[string][]string{"ORGUNIT": {"ou-1"}}
	if _, err := api.PutPolicy(ctx, &fms.PutPolicyInput{Policy: pol}); !isCode(err, "InvalidInputException") {
		t.Errorf("a map key not ACCOUNT nor ORG_UNIT: %v", err)
	}
	if _, err := api.GetPolicy(ctx, &fms.GetPolicyInput{PolicyId: aws.String("00000000-0000-0000-0000-000000000000")}); !isCode(err, "ResourceNotFoundException") {
		t.Errorf("GetPolicy of no policy: %v", err)
	}
}

// A no-change plan's calls: the administrator read once, then per region
// one listing and, for the one policy, its tags and itself; the OU it
// includes resolved to its path once.
func TestNoChangePlanCalls(t *testing.T) {
	t.Parallel()
	sb := providertest.NewSandbox(t, sbfms.WithAdminSettleDelay(0))
	run := providertest.Runner{T: t, NewProviders: newProviders(sb)}
	spec := files(waf("    include: {ous: [Workloads/Prod]}\n"))
	run.Apply(spec, false)
	before := sb.SB.Calls()
	start := time.Now()
	if p := run.Plan(spec); !p.Empty() {
		t.Fatalf("not converged: %s", providertest.Brief(p))
	}
	got := map[string]int{}
	for op, n := range sb.SB.Calls() {
		if (strings.HasPrefix(op, "fms:") || op == "organizations:DescribeOrganizationalUnit" || op == "organizations:ListParents") && n > before[op] {
			got[op] = n - before[op]
		}
	}
	// GetAdminAccount once for the administrator's kind, once here; the
	// OU Workloads/Prod and its parent described once for both regions.
	want := map[string]int{"fms:GetAdminAccount": 2, "fms:ListPolicies": 2, "fms:ListTagsForResource": 2, "fms:GetPolicy": 2,
		"organizations:DescribeOrganizationalUnit": 2, "organizations:ListParents": 2}
	if len(got) != len(want) {
		t.Errorf("calls %v, want %v", got, want)
	}
	for op, n := range want {
		if got[op] != n {
			t.Errorf("%s: %d calls, want %d (all: %v, %s)", op, got[op], n, got, time.Since(start))
		}
	}
}

func newPolicy(name, data string) *types.Policy {
	return &types.Policy{PolicyName: aws.String(name), ResourceType: aws.String("AWS::EC2::SecurityGroup"),
		SecurityServicePolicyData: &types.SecurityServicePolicyData{Type: "SECURITY_GROUPS_USAGE_AUDIT", ManagedServiceData: aws.String(data)}}
}

func apiErr(err error) (code, msg string) {
	var ae smithy.APIError
	if errors.As(err, &ae) {
		return ae.ErrorCode(), ae.ErrorMessage()
	}
	return "", ""
}

func isCode(err error, code string) bool { c, _ := apiErr(err); return c == code }

// A change of the managed service data is shown field by field, the data
// as a line diff of its normal form, and nothing else changes.
func TestManagedServiceDataChangeIsALineDiff(t *testing.T) {
	t.Parallel()
	sb := providertest.NewSandbox(t, sbfms.WithAdminSettleDelay(0))
	run := providertest.Runner{T: t, NewProviders: newProviders(sb)}
	run.Apply(files(waf("    regions: [us-east-1]\n")), false)
	changed := files(strings.Replace(waf("    regions: [us-east-1]\n"), "defaultAction: {type: ALLOW}", "defaultAction: {type: BLOCK}", 1))
	p := run.Plan(changed)
	if b := providertest.Brief(p); b != "update fms-policy:us-east-1/waf-baseline" {
		t.Fatalf("plan %s", b)
	}
	if f := p.Changes[0].Fields; len(f) != 1 || f[0].Name != fp.AttrData {
		t.Fatalf("fields %+v", f)
	}
	var out strings.Builder
	engine.RenderText(&out, p, engine.Style{})
	if !strings.Contains(out.String(), `-     "type": "ALLOW"`) || !strings.Contains(out.String(), `+     "type": "BLOCK"`) {
		t.Errorf("the plan does not show the data as a line diff:\n%s", out.String())
	}
	run.Apply(changed, false)
	if p := run.Plan(changed); !p.Empty() {
		t.Errorf("after apply: %s", providertest.Brief(p))
	}
}

// A create whose answer is lost after Firewall Manager made the policy is
// not sent again blindly (AWS would make a second policy of the name):
// the policy is found and taken.
func TestLostCreateAnswerMakesOnePolicy(t *testing.T) {
	t.Parallel()
	sb := providertest.NewSandbox(t, sbfms.WithAdminSettleDelay(0))
	spec := files(waf("    regions: [us-east-1]\n"))
	providertest.Runner{T: t, NewProviders: newProviders(sb)}.Apply(files(""), false)
	lossy := providertest.LoseFirstAnswersOf(sb.Cfg, providertest.IsWrite)
	run := providertest.Runner{T: t, NewProviders: func() []engine.Provider {
		e := providertest.Env(lossy, env(sb).Settings)
		return []engine.Provider{orgp.New(e), fmsp.New(e), fpp.New(e)}
	}}
	run.Apply(spec, false)
	only(t, admin(t, sb, "us-east-1")) // fails on two policies
	if p := (providertest.Runner{T: t, NewProviders: newProviders(sb)}).Plan(spec); !p.Empty() {
		t.Errorf("after apply: %s", providertest.Brief(p))
	}
}

// A policy deleted between plan and apply (by hand, or with the
// organization offboarded when its administrator moved) is made again
// by the planned update.
func TestUpdateOfAPolicyGoneMakesItAgain(t *testing.T) {
	t.Parallel()
	sb := providertest.NewSandbox(t, sbfms.WithAdminSettleDelay(0))
	run := providertest.Runner{T: t, NewProviders: newProviders(sb)}
	run.Apply(files(waf("    regions: [us-east-1]\n")), false)
	updated := files(waf("    regions: [us-east-1]\n    remediation: true\n"))
	p := run.Plan(updated)
	api := admin(t, sb, "us-east-1")
	if _, err := api.DeletePolicy(context.Background(), &fms.DeletePolicyInput{PolicyId: only(t, api).Policy.PolicyId}); err != nil {
		t.Fatal(err)
	}
	res, err := engine.Apply(context.Background(), p, newProviders(sb)(), engine.ApplyOptions{Parallelism: 1})
	if err != nil || res.Failed() {
		t.Fatalf("apply: %v %v", err, res.Errors)
	}
	if !only(t, api).Policy.RemediationEnabled {
		t.Error("the policy made again is not the spec's")
	}
	if p := run.Plan(updated); !p.Empty() {
		t.Errorf("after apply: %s", providertest.Brief(p))
	}
}

// A policy overridden in eu-west-1 is made there with the override's
// managed service data and resource tags, and as written elsewhere; a
// second plan is empty; changing the override updates that region only.
func TestRegionOverride(t *testing.T) {
	t.Parallel()
	sb := providertest.NewSandbox(t, sbfms.WithAdminSettleDelay(0))
	run := providertest.Runner{T: t, NewProviders: newProviders(sb)}
	override := func(action string) string {
		return waf(`    resourceTags: {env: prod}
    overrides:
      eu-west-1:
        resourceTags: {env: prod, residency: eu}
        managedServiceData:
          defaultAction: {type: ` + action + `}
          preProcessRuleGroups: []
          postProcessRuleGroups: []
`)
	}
	spec := files(override("BLOCK"))
	run.Apply(spec, false)
	for region, want := range map[string]struct{ action, tags string }{"us-east-1": {"ALLOW", "env"}, "eu-west-1": {"BLOCK", "env,residency"}} {
		p := only(t, admin(t, sb, region)).Policy
		var tags []string
		for _, tag := range p.ResourceTags {
			tags = append(tags, aws.ToString(tag.Key))
		}
		slices.Sort(tags)
		if data := aws.ToString(p.SecurityServicePolicyData.ManagedServiceData); !strings.Contains(data, `"defaultAction":{"type":"`+want.action+`"}`) || strings.Join(tags, ",") != want.tags {
			t.Errorf("%s: managed service data %s, resource tags %v; want %s and %s", region, data, tags, want.action, want.tags)
		}
	}
	if p := run.Plan(spec); !p.Empty() {
		t.Fatalf("the plan after apply: %s", providertest.Brief(p))
	}
	p := run.Plan(files(override("ALLOW")))
	if b := providertest.Brief(p); b != "update fms-policy:eu-west-1/waf-baseline" {
		t.Fatalf("a changed override plans %s", b)
	}
	if f := p.Changes[0].Fields; len(f) != 1 || f[0].Name != fp.AttrData {
		t.Errorf("fields %+v, want the managed service data only", f)
	}
}
