package conformance_test

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/configservice"

	"github.com/orgctl/orgctl/engine"
	"github.com/orgctl/orgctl/providers"
	cpp "github.com/orgctl/orgctl/providers/conformance"
	orgp "github.com/orgctl/orgctl/providers/organizations"
	"github.com/orgctl/orgctl/providers/providertest"
	sbcfg "github.com/orgctl/orgctl/sandbox/config"
	cp "github.com/orgctl/orgctl/services/conformance"
)

var regions = []string{"us-east-1", "eu-west-1"}

var update = flag.Bool("update", false, "rewrite golden files under testdata/")

// golden compares got with testdata/name, or rewrites it under -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to write it)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs:\n--- want\n%s\n--- got\n%s", path, want, got)
	}
}

func newProviders(sb *providertest.Sandbox) func() []engine.Provider {
	return func() []engine.Provider {
		env := providertest.Env(sb.Cfg, providers.Settings{HomeRegion: "us-east-1", Regions: regions})
		return []engine.Provider{orgp.New(env), cpp.New(env)}
	}
}

const template = `Parameters:
  MaxAge: {Type: String, Default: "90"}
Resources:
  AccessKeysRotated:
    Type: AWS::Config::ConfigRule
    Properties:
      ConfigRuleName: access-keys-rotated
      Source: {Owner: AWS, SourceIdentifier: ACCESS_KEYS_ROTATED}
      InputParameters: {maxAccessKeyAge: {Ref: MaxAge}}
`

// spec is an organization with a security account, a workload in the
// Sandbox OU, and the packs and rules given.
func spec(tmpl, guardrails string) map[string]string {
	return map[string]string{"packs/keys.yaml": tmpl, "org.yaml": `version: 1
settings: {homeRegion: us-east-1, regions: [us-east-1, eu-west-1]}
organizationalUnits: [{name: Sandbox}]
accounts:
  - {name: security, email: aws+security@example.com}
  - {name: play, email: aws+play@example.com, ou: Sandbox}
  - {name: management, email: management@sandbox.example}
security:
  admin: security
  config: {}
` + guardrails}
}

const (
	pack  = "conformancePacks:\n  - {name: keys, template: packs/keys.yaml, regions: [eu-west-1]%s}\n"
	rule  = "configRules:\n  - {name: s3-public, identifier: S3_BUCKET_PUBLIC_READ_PROHIBITED%s}\n"
	quick = 30 * time.Millisecond
)

func f(format, args string) string { return strings.Replace(format, "%s", args, 1) }

func TestConformance(t *testing.T) {
	t.Parallel()
	sb := providertest.NewSandbox(t, sbcfg.WithDeployDelay(quick))
	report := "a report of accounts without a configuration recorder, which the spec never asks for: never created, changed or deleted"
	providertest.Conformance{Service: cp.Name, NewProviders: newProviders(sb), Exempt: map[string]string{
		"create config-recorders": report, "update config-recorders": report, "delete config-recorders": report}}.Run(t,
		providertest.Step{Name: "create", Files: spec(template, f(pack, "")+f(rule, ""))},
		providertest.Step{Name: "parameters, a bucket, another template", Files: spec(template+"# v2\n",
			f(pack, ", parameters: {MaxAge: '30'}, deliveryBucket: awsconfigconforms-acme")+f(rule, ", parameters: {b: x}, maximumExecutionFrequency: One_Hour"))},
		providertest.Step{Name: "an OU excluded", AllowDestroy: true, Files: spec(template, f(pack, ", exclude: {ous: [Sandbox]}")+f(rule, ", exclude: {accounts: [play]}"))},
		providertest.Step{Name: "renamed: orgctl's old ones go", AllowDestroy: true, Files: spec(template,
			strings.Replace(f(pack, ""), "name: keys", "name: keys-2", 1)+strings.Replace(f(rule, ""), "name: s3-public", "name: s3-public-2", 1))},
	)
}

// Over HTTP as the administrator the spec's pack and rule are there; a
// second plan is empty; a new template file plans exactly an update of
// the pack, which apply makes and tags.
func TestTemplateChange(t *testing.T) {
	t.Parallel()
	sb := providertest.NewSandbox(t, sbcfg.WithDeployDelay(quick))
	run := providertest.Runner{T: t, NewProviders: newProviders(sb)}
	files := spec(template, f(pack, "")+f(rule, ", regions: [eu-west-1]"))
	run.Apply(files, false)
	security, _ := providertest.LiveIDs(t, newProviders(sb)()).ID(engine.Ref{Kind: "account", Key: "aws+security@example.com"})
	api := configservice.NewFromConfig(sb.As(t, security, "OrganizationAccountAccessRole", "eu-west-1"))
	packs, err := api.DescribeOrganizationConformancePacks(context.Background(), &configservice.DescribeOrganizationConformancePacksInput{})
	if err != nil || len(packs.OrganizationConformancePacks) != 1 || aws.ToString(packs.OrganizationConformancePacks[0].OrganizationConformancePackName) != "keys" {
		t.Fatalf("packs: %+v %v", packs, err)
	}
	rules, err := api.DescribeOrganizationConfigRules(context.Background(), &configservice.DescribeOrganizationConfigRulesInput{})
	if err != nil || len(rules.OrganizationConfigRules) != 1 || aws.ToString(rules.OrganizationConfigRules[0].OrganizationManagedRuleMetadata.RuleIdentifier) != "S3_BUCKET_PUBLIC_READ_PROHIBITED" {
		t.Fatalf("rules: %+v %v", rules, err)
	}
	if p := run.Plan(files); !p.Empty() {
		t.Fatalf("second plan: %s", providertest.Brief(p))
	}
	changed := spec(template+"  # a comment is a new template\n", f(pack, "")+f(rule, ", regions: [eu-west-1]"))
	p := run.Plan(changed)
	if got := providertest.Brief(p); got != "update config-conformance-pack:eu-west-1/aws+security@example.com/keys" {
		t.Fatalf("a new template plans %s", got)
	}
	if d := p.Changes[0].Fields; len(d) != 1 || d[0].Name != cp.AttrTemplate {
		t.Errorf("the update changes %+v, want the template only", d)
	}
	// A spec not from git has no earlier file to diff against: the plan
	// says the template changed, not which hashes.
	var txt, md bytes.Buffer
	engine.RenderText(&txt, p, engine.Style{})
	engine.RenderMarkdown(&md, p)
	golden(t, "template_change.txt", txt.String())
	golden(t, "template_change.md", md.String())
	run.Apply(changed, false)
	if p := run.Plan(changed); !p.Empty() {
		t.Fatalf("after the update: %s", providertest.Brief(p))
	}
}

// progress records what apply reports of each change.
type progress struct {
	mu   sync.Mutex
	msgs []string
}

func (h *progress) Started(*engine.Change)                 {}
func (h *progress) Finished(*engine.Change, error)         {}
func (h *progress) Skipped(*engine.Change, *engine.Change) {}

func (h *progress) Progress(c *engine.Change, msg string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.msgs = append(h.msgs, msg)
}

// An account without a configuration recorder fails the deployment: apply
// names it with AWS's reason, says what to do, and the rest is applied;
// the failure is drift until the account records.
func TestDeploymentFailsInOneAccount(t *testing.T) {
	t.Parallel()
	sb := providertest.NewSandbox(t, sbcfg.WithDeployDelay(200*time.Millisecond), sbcfg.WithoutRecorders("aws+play@example.com"))
	providers := newProviders(sb)
	files := spec(template, f(pack, "")+f(rule, ", regions: [eu-west-1]"))
	s := providertest.Load(t, files)
	p, err := engine.MakePlan(context.Background(), s, providers())
	if err != nil {
		t.Fatal(err)
	}
	hooks := &progress{}
	res, err := engine.Apply(context.Background(), p, providers(), engine.ApplyOptions{Parallelism: 4, Hooks: hooks})
	if err != nil {
		t.Fatal(err)
	}
	failed := 0
	for i, e := range res.Errors {
		c := p.Changes[i]
		if c.Kind != cp.KindPack && c.Kind != cp.KindRule {
			t.Errorf("%s failed: %v", c.Address(), e)
			continue
		}
		failed++
		var d *cpp.DeploymentError
		if !errors.As(e, &d) || len(d.Failed) != 1 || d.Total != 3 {
			t.Fatalf("%s: want a deployment error naming one account of 3, got %v", c.Address(), e)
		}
		for _, want := range []string{"failed in 1 of 3 accounts", "play (", "NoAvailableConfigurationRecorderException", "You must create a configuration recorder", "prerequisite orgctl does not create"} {
			if !strings.Contains(e.Error(), want) {
				t.Errorf("%s: the error does not say %q:\n%v", c.Address(), want, e)
			}
		}
	}
	if failed != 2 {
		t.Errorf("%d failed deployments, want the pack's and the rule's", failed)
	}
	if !slicesContains(hooks.msgs, "deployed in 0 of 3 accounts") {
		t.Errorf("no per-account progress reported: %q", hooks.msgs)
	}
	// Everything else is applied; the failure is the only drift.
	again, err := engine.MakePlan(context.Background(), s, providers())
	if err != nil {
		t.Fatal(err)
	}
	if got := providertest.Brief(again); got != "update config-conformance-pack:eu-west-1/aws+security@example.com/keys, update config-org-rule:eu-west-1/aws+security@example.com/s3-public" {
		t.Fatalf("after a failed deployment the plan is %s", got)
	}
	for _, c := range again.Changes {
		// The plan says where it failed, and that the account has no
		// configuration recorder.
		if d := c.Fields; len(d) != 1 || d[0].Name != cp.AttrDeployment || d[0].Before != "failed in 1 of 3 accounts; 1 without a configuration recorder: play" {
			t.Errorf("%s: diff %+v", c.Address(), d)
		}
	}
}

func slicesContains(msgs []string, part string) bool {
	for _, m := range msgs {
		if strings.Contains(m, part) {
			return true
		}
	}
	return false
}

// A no-change plan's calls: as the administrator, per governed Region,
// the packs and rules and their statuses, and each pack's tags.
func TestNoChangePlanCalls(t *testing.T) {
	t.Parallel()
	sb := providertest.NewSandbox(t, sbcfg.WithDeployDelay(quick))
	run := providertest.Runner{T: t, NewProviders: newProviders(sb)}
	files := spec(template, f(pack, "")+f(rule, ""))
	run.Apply(files, false)
	before := sb.SB.Calls()
	if p := run.Plan(files); !p.Empty() {
		t.Fatalf("not converged: %s", providertest.Brief(p))
	}
	got := map[string]int{}
	for op, n := range sb.SB.Calls() {
		if strings.HasPrefix(op, "config:") && n > before[op] {
			got[op] = n - before[op]
		}
	}
	want := map[string]int{
		"config:DescribeOrganizationConformancePacks": 2, "config:DescribeOrganizationConformancePackStatuses": 2,
		"config:DescribeOrganizationConfigRules": 2, "config:DescribeOrganizationConfigRuleStatuses": 2,
		"config:ListTagsForResource": 1, // the one pack's template hash
	}
	t.Logf("no-change plan calls: %v", got)
	if len(got) != len(want) {
		t.Errorf("calls %v, want %v", got, want)
	}
	for op, n := range want {
		if got[op] != n {
			t.Errorf("%s: %d calls, want %d", op, got[op], n)
		}
	}
}

// With NoWait, apply starts the deployments and returns; while they run a
// plan is empty (a note says they are deploying), and once one failed it
// is drift, as after a waited-for failure.
func TestNoWaitLeavesDeploymentsRunning(t *testing.T) {
	t.Parallel()
	sb := providertest.NewSandbox(t, sbcfg.WithDeployDelay(time.Second), sbcfg.WithoutRecorders("aws+play@example.com"))
	noWait := func() []engine.Provider {
		env := providertest.Env(sb.Cfg, providers.Settings{HomeRegion: "us-east-1", Regions: regions, NoWait: true})
		return []engine.Provider{orgp.New(env), cpp.New(env)}
	}
	files := spec(template, f(pack, ""))
	res := providertest.Runner{T: t, NewProviders: noWait}
	res.Apply(files, false) // fails the test if the deployment's failure was waited for
	run := providertest.Runner{T: t, NewProviders: newProviders(sb)}
	p := run.Plan(files)
	if !p.Empty() {
		t.Fatalf("while the deployment runs, plan: %s", providertest.Brief(p))
	}
	if !strings.Contains(p.Diags.Error(), "deploying") {
		t.Errorf("the plan does not say the pack is deploying: %v", p.Diags)
	}
	time.Sleep(1500 * time.Millisecond) // the sandbox's deployment ends, failed in one account
	if got := providertest.Brief(run.Plan(files)); got != "update config-conformance-pack:eu-west-1/aws+security@example.com/keys" {
		t.Errorf("after the deployment failed, plan: %s", got)
	}
}

// A spec of rules only reads rules: no call about packs, even though the
// administrator has one; an empty configRules still reads rules, so that
// orgctl's go.
func TestRulesOnlyReadNoPacks(t *testing.T) {
	t.Parallel()
	sb := providertest.NewSandbox(t, sbcfg.WithDeployDelay(quick))
	run := providertest.Runner{T: t, NewProviders: newProviders(sb)}
	run.Apply(spec(template, f(pack, "")+f(rule, "")), false)
	calls := func(files map[string]string) map[string]int {
		before := sb.SB.Calls()
		run.Plan(files)
		got := map[string]int{}
		for op, n := range sb.SB.Calls() {
			if strings.HasPrefix(op, "config:") && n > before[op] {
				got[op] = n - before[op]
			}
		}
		return got
	}
	got := calls(spec(template, f(rule, "")))
	for _, op := range []string{"DescribeOrganizationConformancePacks", "DescribeOrganizationConformancePackStatuses", "ListTagsForResource"} {
		if got["config:"+op] != 0 {
			t.Errorf("a spec of rules only calls %s: %v", op, got)
		}
	}
	if got["config:DescribeOrganizationConfigRules"] != 2 {
		t.Errorf("a spec of rules reads them once per Region: %v", got)
	}
	t.Logf("rules-only plan calls: %v", got)
	// configRules: [] asks that orgctl's rules go; packs are not read.
	p := run.Plan(spec(template, "configRules: []\n"))
	if got := providertest.Brief(p); got != "delete config-org-rule:eu-west-1/aws+security@example.com/s3-public, delete config-org-rule:us-east-1/aws+security@example.com/s3-public" {
		t.Errorf("configRules: [] plans %s", got)
	}
}

// Before a pack or rule is deployed, the plan says which target accounts
// have no configuration recorder, asking each account in the Regions
// where one is to be deployed; once deployed everywhere, a plan asks no
// account.
func TestPlanCountsAccountsWithoutRecorder(t *testing.T) {
	t.Parallel()
	sb := providertest.NewSandbox(t, sbcfg.WithDeployDelay(quick), sbcfg.WithoutRecorders("aws+play@example.com"))
	run := providertest.Runner{T: t, NewProviders: newProviders(sb)}
	run.Apply(spec(template, ""), false) // the accounts and AWS Config's administrator
	recorderCalls := func() int { return sb.SB.Calls()["config:DescribeConfigurationRecorderStatus"] }
	files := spec(template, f(pack, "")+f(rule, ", regions: [eu-west-1], exclude: {accounts: [security]}"))
	before := recorderCalls()
	p := run.Plan(files)
	want := "eu-west-1: of 3 target accounts of the conformance packs and Config rules to deploy, without a configuration recorder: 1 (play)."
	if got := p.Diags.Error(); !strings.Contains(got, want) || strings.Contains(got, "us-east-1:") {
		t.Errorf("the plan does not say, for eu-west-1 only, %q:\n%s", want, got)
	}
	if n := recorderCalls() - before; n != 3 {
		t.Errorf("%d recorder calls, want one per target account (3) in eu-west-1", n)
	}
	// Excluded by both the pack and the rule, play is no target.
	excluded := spec(template, f(pack, ", exclude: {accounts: [play]}")+f(rule, ", regions: [eu-west-1], exclude: {accounts: [play]}"))
	if got := run.Plan(excluded).Diags.Error(); strings.Contains(got, "configuration recorder") {
		t.Errorf("play is excluded, yet the plan says:\n%s", got)
	}
	run.Apply(excluded, true)
	before = recorderCalls()
	if p := run.Plan(excluded); !p.Empty() || len(p.Diags) > 0 {
		t.Errorf("after the deployments, plan: %s %v", providertest.Brief(p), p.Diags)
	}
	if n := recorderCalls() - before; n != 0 {
		t.Errorf("a plan after successful deployments asks %d accounts about recorders", n)
	}
}

// A Put whose answer is lost, again and again, lands each time: the SDK's
// retry meets the deployment it started, and apply waits for it and puts
// again until an answer arrives, rather than fail after a few rounds.
func TestLostPutAnswersMeetTheirOwnDeployments(t *testing.T) {
	t.Parallel()
	// The deployment outlasts the SDK's first wait before a retry (up to a
	// second), so that every retry of a lost Put meets it.
	sb := providertest.NewSandbox(t, sbcfg.WithDeployDelay(1500*time.Millisecond))
	const lost = 4 // more rounds than apply once allowed
	losing := func() []engine.Provider {
		cfg := providertest.LoseAnswers(sb.Cfg, lost, func(op string) bool { return op == "PutOrganizationConformancePack" })
		env := providertest.Env(cfg, providers.Settings{HomeRegion: "us-east-1", Regions: regions})
		return []engine.Provider{orgp.New(env), cpp.New(env)}
	}
	files := spec(template, f(pack, ""))
	providertest.Runner{T: t, NewProviders: losing}.Apply(files, false)
	if p := (providertest.Runner{T: t, NewProviders: newProviders(sb)}).Plan(files); !p.Empty() {
		t.Errorf("after the apply, plan: %s", providertest.Brief(p))
	}
}
