package organizations_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/orgctl/orgctl/catalog"
	"github.com/orgctl/orgctl/providers"
	orgs "github.com/orgctl/orgctl/services/organizations"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	"github.com/aws/aws-sdk-go-v2/service/organizations/types"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/google/go-cmp/cmp"

	"github.com/orgctl/orgctl/engine"
	"github.com/orgctl/orgctl/facts"
	"github.com/orgctl/orgctl/providers/awsconfig"
	orgp "github.com/orgctl/orgctl/providers/organizations"
	"github.com/orgctl/orgctl/providers/providertest"
	"github.com/orgctl/orgctl/sandbox"
	_ "github.com/orgctl/orgctl/sandbox/all"
	sborgs "github.com/orgctl/orgctl/sandbox/organizations"
	"github.com/orgctl/orgctl/spec"
)

// fixture is a sandbox served over HTTP on loopback and the aws.Config of
// its management account: the provider talks to it through the real SDK.
type fixture struct{ *providertest.Sandbox }

func newFixture(t *testing.T, opts ...sandbox.Option) *fixture {
	t.Helper()
	return &fixture{providertest.NewSandbox(t, opts...)}
}

func (f *fixture) provider() *orgp.Provider {
	return orgp.New(providertest.Env(f.Cfg, providers.Settings{}))
}

func (f *fixture) org() *organizations.Client { return organizations.NewFromConfig(f.Cfg) }

// minimalApplied returns a new fixture with examples/minimal applied, and
// that spec.
func minimalApplied(t *testing.T, opts ...sandbox.Option) (*fixture, *spec.Spec) {
	t.Helper()
	f := newFixture(t, opts...)
	s := loadSpec(t, "../../examples/minimal/org.yaml")
	p := f.provider()
	apply(t, plan(t, s, p), p)
	return f, s
}

// liveIDs reads the organization and maps its resources to their AWS IDs.
func (f *fixture) liveIDs(t *testing.T) map[engine.Ref]string {
	t.Helper()
	live, err := f.provider().Read(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	ids := map[engine.Ref]string{}
	for _, r := range live {
		if id := r.Attrs.String("id"); id != "" {
			ids[r.Ref()] = id
		}
	}
	return ids
}

// ids reads the organization and returns its AWS IDs as the engine
// hands them to Apply.
func (f *fixture) ids(t *testing.T) *engine.IDs {
	t.Helper()
	_, ids, err := engine.ReadLive(context.Background(), []engine.Provider{f.provider()}, nil)
	if err != nil {
		t.Fatal(err)
	}
	return ids
}

func loadSpec(t *testing.T, path string) *spec.Spec {
	t.Helper()
	s, ds := spec.Load(path)
	if ds.HasErrors() {
		t.Fatal(ds)
	}
	return s
}

func plan(t *testing.T, s *spec.Spec, p engine.Provider) *engine.Plan {
	t.Helper()
	pl, err := engine.MakePlan(context.Background(), s, []engine.Provider{p})
	if err != nil {
		t.Fatal(err)
	}
	return pl
}

func apply(t *testing.T, pl *engine.Plan, p engine.Provider) {
	t.Helper()
	res, err := engine.Apply(context.Background(), pl, []engine.Provider{p}, engine.ApplyOptions{Parallelism: 8, AllowDestroy: true})
	if err != nil {
		t.Fatal(err)
	}
	for id, e := range res.Errors {
		t.Errorf("%s: %v", pl.Changes[id].Address(), e)
	}
	if res.Failed() {
		t.FailNow()
	}
}

func TestReadFreshOrganization(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	live, err := f.provider().Read(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	var kinds []string
	for _, r := range live {
		kinds = append(kinds, string(r.Kind)+":"+r.Key)
	}
	want := []string{"organization:organization", "account:management@sandbox.example"}
	if strings.Join(kinds, " ") != strings.Join(want, " ") {
		t.Errorf("want %v, got %v", want, kinds)
	}
}

// A run that dies after CreateAccount leaves a request in progress; the
// next run must wait for it, not submit a second one.
func TestCreateAccountAfterCrashAdoptsTheEarlierRequest(t *testing.T) {
	t.Parallel()
	f := newFixture(t, sborgs.WithCreateAccountDelay(300*time.Millisecond))
	s := loadSpec(t, "../../examples/minimal/org.yaml")
	acct := s.Accounts[0]
	ctx := context.Background()
	out, err := f.org().CreateAccount(ctx, &organizations.CreateAccountInput{AccountName: aws.String(acct.Name), Email: aws.String(acct.Email)})
	if err != nil {
		t.Fatal(err)
	}
	first := aws.ToString(out.CreateAccountStatus.Id)

	p := f.provider()
	apply(t, plan(t, s, p), p)

	var emails []string
	for pg := organizations.NewListAccountsPaginator(f.org(), nil); pg.HasMorePages(); {
		page, err := pg.NextPage(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range page.Accounts {
			emails = append(emails, strings.ToLower(aws.ToString(a.Email)))
		}
	}
	n := 0
	for _, e := range emails {
		if e == strings.ToLower(acct.Email) {
			n++
		}
	}
	if n != 1 {
		t.Fatalf("want exactly one account %s, got %d (accounts %v)", acct.Email, n, emails)
	}
	st, err := f.org().ListCreateAccountStatus(ctx, &organizations.ListCreateAccountStatusInput{})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range st.CreateAccountStatuses {
		if aws.ToString(r.AccountName) == acct.Name && aws.ToString(r.Id) != first {
			t.Errorf("a second CreateAccount request %s was submitted for %s", aws.ToString(r.Id), acct.Name)
		}
	}
	if again := plan(t, s, f.provider()); !again.Empty() {
		t.Errorf("plan after apply: %v", again.Changes)
	}
}

// The account moved out of an OU that is deleted, and a policy detached
// before it is deleted: deletes run in reverse dependency order.
func TestPruneDeletesInReverseOrder(t *testing.T) {
	t.Parallel()
	f, s := minimalApplied(t)

	// Drop the Dev OU (its account moves to the root) and the policy.
	s.OrganizationalUnits = s.OrganizationalUnits[:1]
	s.Accounts[1].OU = ""
	s.Policies = nil
	s.Organization.Policies = []string{"FullAWSAccess"}
	p := f.provider()
	pl := plan(t, s, p)
	if pl.Summary.Delete != 3 || pl.Summary.Destructive != 2 {
		t.Fatalf("want the OU, the policy and its root attachment deleted, got %+v", pl.Summary)
	}
	apply(t, pl, p)
	if again := plan(t, s, f.provider()); !again.Empty() || again.Drifted() {
		t.Errorf("plan after pruning: %v %v", again.Changes, again.Unmanaged)
	}
}

// An OU dropped from the spec while it still holds an account the spec no
// longer names is kept, not sent to AWS to fail (AWS deletes only empty
// OUs); once the account is moved out by hand, the next plan deletes it.
func TestPruneKeepsAnOUThatStillHoldsAnAccount(t *testing.T) {
	t.Parallel()
	f, s := minimalApplied(t)

	s.OrganizationalUnits = s.OrganizationalUnits[:1]
	s.Accounts = s.Accounts[:1]
	pl := plan(t, s, f.provider())
	if !pl.Empty() {
		t.Fatalf("want nothing to do while Dev holds app-dev, got %v", brief(pl))
	}
	var reason string
	for _, u := range pl.Unmanaged {
		if u.Kind == orgs.KindOU && u.Key == "Dev" {
			reason = u.Reason
		}
	}
	if !strings.Contains(reason, "account aws+app-dev@example.com") {
		t.Fatalf("unmanaged = %+v, want Dev reported as holding app-dev", pl.Unmanaged)
	}

	ids := f.liveIDs(t)
	if _, err := f.org().MoveAccount(context.Background(), &organizations.MoveAccountInput{
		AccountId:           aws.String(ids[engine.Ref{Kind: orgs.KindAccount, Key: "aws+app-dev@example.com"}]),
		SourceParentId:      aws.String(ids[engine.Ref{Kind: orgs.KindOU, Key: "Dev"}]),
		DestinationParentId: aws.String(rootID(t, f)),
	}); err != nil {
		t.Fatal(err)
	}
	p := f.provider()
	pl = plan(t, s, p)
	if pl.Summary.Delete != 1 {
		t.Fatalf("after moving app-dev out, want Dev deleted, got %v", brief(pl))
	}
	apply(t, pl, p)
}

// An OU another tool made and tagged as its own (managed-by=terraform) is
// reported with that owner, never pruned, and its tag never compared.
func TestOUOfAnotherToolIsReportedWithItsOwner(t *testing.T) {
	t.Parallel()
	f, s := minimalApplied(t)
	_, err := f.org().CreateOrganizationalUnit(context.Background(), &organizations.CreateOrganizationalUnitInput{
		ParentId: aws.String(rootID(t, f)), Name: aws.String("Terraformed"),
		Tags: []types.Tag{{Key: aws.String(facts.ManagedTagKey), Value: aws.String("terraform")}},
	})
	if err != nil {
		t.Fatal(err)
	}
	pl := plan(t, s, f.provider())
	if !pl.Empty() {
		t.Fatalf("want no change, got %v", brief(pl))
	}
	if len(pl.Unmanaged) != 1 || pl.Unmanaged[0].Key != "Terraformed" || !strings.Contains(pl.Unmanaged[0].Reason, "managed-by=terraform") {
		t.Errorf("unmanaged = %+v, want the OU Terraformed reported as terraform's", pl.Unmanaged)
	}
}

// orgctl needs the management account: a member's credentials get a clear
// error, not a half-read organization.
func TestReadRefusesAMemberAccount(t *testing.T) {
	t.Parallel()
	f, s := minimalApplied(t)
	member := f.liveIDs(t)[engine.Ref{Kind: orgs.KindAccount, Key: orgs.AccountKey(s.Accounts[0].Email)}]
	creds, err := sts.NewFromConfig(f.Cfg).AssumeRole(context.Background(), &sts.AssumeRoleInput{
		RoleArn: aws.String("arn:aws:iam::" + member + ":role/OrganizationAccountAccessRole"), RoleSessionName: aws.String("test"),
	})
	if err != nil {
		t.Fatal(err)
	}
	memberCfg, err := awsconfig.Load(context.Background(), awsconfig.Options{EndpointURL: f.URL,
		AccessKeyID: aws.ToString(creds.Credentials.AccessKeyId), SecretAccessKey: aws.ToString(creds.Credentials.SecretAccessKey)})
	if err != nil {
		t.Fatal(err)
	}
	memberCfg.Credentials = aws.CredentialsProviderFunc(func(context.Context) (aws.Credentials, error) {
		return aws.Credentials{AccessKeyID: aws.ToString(creds.Credentials.AccessKeyId), SecretAccessKey: aws.ToString(creds.Credentials.SecretAccessKey), SessionToken: aws.ToString(creds.Credentials.SessionToken)}, nil
	})
	_, err = orgp.New(providertest.Env(memberCfg, providers.Settings{})).Read(context.Background(), nil)
	if err == nil || !strings.Contains(err.Error(), "management account") {
		t.Fatalf("want an error naming the management account, got %v", err)
	}
}

// A no-change plan makes exactly the fewest calls the organization's shape
// allows (MinimumCalls, derived in BENCHMARKS.md), through the default rate
// limiter: a regression that reads more, or reads twice, shows here.
func TestNoChangePlanCalls(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	s := loadSpec(t, "../../examples/landing-zone/org.yaml")
	// The landing zone has GuardDuty and a trail: every service applies it.
	all := func(cfg aws.Config) []engine.Provider {
		return catalog.Providers(providertest.Env(cfg, providers.Settings{HomeRegion: s.Settings.HomeRegion, Regions: s.Settings.Regions}))
	}
	pl, err := engine.MakePlan(context.Background(), s, all(f.Cfg))
	if err != nil {
		t.Fatal(err)
	}
	res, err := engine.Apply(context.Background(), pl, all(f.Cfg), engine.ApplyOptions{Parallelism: 8})
	if err != nil || res.Failed() {
		t.Fatalf("apply: %v %v", err, res.Errors)
	}

	// Organizations' calls, and who the caller is.
	counts := map[string]int{}
	for op, n := range noChangeCalls(t, f, s, all) {
		if strings.HasPrefix(op, "organizations:") || op == "sts:GetCallerIdentity" {
			counts[op] = n
		}
	}
	want := orgp.MinimumCalls(s)
	// AWS Config's providers (the aggregator, the conformance packs) ask
	// Organizations who administers Config: what they read lives in that
	// account.
	want["organizations:ListDelegatedAdministrators"] += 2
	// Firewall Manager's policy on Workloads names the OU by ID: its
	// provider asks for the OU's name and parent, once for both regions.
	want["organizations:DescribeOrganizationalUnit"]++
	want["organizations:ListParents"]++
	if diff := cmp.Diff(want, counts); diff != "" {
		t.Errorf("calls of a no-change plan (-minimum +made):\n%s", diff)
	}
	// The landing zone: 7 OUs, 7 accounts and the management one, 9
	// policies. 70 calls before the reader listed accounts in one go and
	// skipped the management account's tags, 62 then; 71 since orgctl
	// knows all 14 policy types, each listed once, enabled or not; 72
	// since the security account is GuardDuty's delegated administrator;
	// 73 with the 15th type, SECURITYHUB_CSPM_POLICY; 74 with AWS
	// Config's administrator; 76 with a Firewall Manager policy on an OU;
	// 77 with a conformance pack.
	total := 0
	for _, n := range counts {
		total += n
	}
	if total != 77 {
		t.Errorf("want 77 calls for the landing zone, got %d: %v", total, counts)
	}
}

// With many policies and few targets, attachments are cheaper to read by
// target than by policy: the reader switches, and the plan stays right.
func TestAttachmentsReadByTargetWhenCheaper(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	s := loadSpec(t, "../../examples/minimal/org.yaml")
	s.Accounts, s.OrganizationalUnits = nil, nil
	for i := range 24 {
		s.Policies = append(s.Policies, spec.Policy{
			Name: fmt.Sprintf("spare-%02d", i), Type: "SERVICE_CONTROL_POLICY",
			Content: `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"s3:DeleteBucket","Resource":"*"}]}`,
		})
	}
	p := f.provider()
	apply(t, plan(t, s, p), p)

	counts := noChangeCalls(t, f, s)
	if counts["organizations:ListTargetsForPolicy"] != 0 || counts["organizations:ListPoliciesForTarget"] != 1 {
		t.Errorf("want the root's policies read in one call, got %v", counts)
	}
	if diff := cmp.Diff(orgp.MinimumCalls(s), counts); diff != "" {
		t.Errorf("calls (-minimum +made):\n%s", diff)
	}

	// Drift on the root shows through either way of reading.
	if _, err := f.org().DetachPolicy(context.Background(), &organizations.DetachPolicyInput{
		PolicyId: aws.String("p-FullAWSAccess"), TargetId: aws.String(rootID(t, f)),
	}); err != nil {
		t.Fatal(err)
	}
	pl := plan(t, s, f.provider())
	if len(pl.Changes) != 1 || pl.Changes[0].Action != engine.Create || pl.Changes[0].Kind != orgs.KindAttachment {
		t.Errorf("want FullAWSAccess reattached to the root, got %v", pl.Changes)
	}
}

// noChangeCalls plans s with a fresh provider at the default rate and
// returns the calls it made; the plan must be empty.
// noChangeCalls plans s, which must be applied, through providers (the
// Organizations provider alone when none) and counts the calls made.
func noChangeCalls(t *testing.T, f *fixture, s *spec.Spec, with ...func(aws.Config) []engine.Provider) map[string]int {
	t.Helper()
	counter := &awsconfig.Counter{}
	c := f.SB.Credentials()
	cfg, err := awsconfig.Load(context.Background(), awsconfig.Options{EndpointURL: f.URL, AccessKeyID: c.AccessKeyID, SecretAccessKey: c.SecretAccessKey, Counter: counter})
	if err != nil {
		t.Fatal(err)
	}
	ps := []engine.Provider{orgp.New(providertest.Env(cfg, providers.Settings{}))}
	if len(with) > 0 {
		ps = with[0](cfg)
	}
	pl, err := engine.MakePlan(context.Background(), s, ps)
	if err != nil {
		t.Fatal(err)
	}
	if !pl.Empty() {
		t.Fatalf("plan is not empty: %v", pl.Changes)
	}
	return counter.Counts()
}

func rootID(t *testing.T, f *fixture) string {
	t.Helper()
	out, err := f.org().ListRoots(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	return aws.ToString(out.Roots[0].Id)
}

// A document rewritten in AWS with other key order and whitespace is the
// same policy: no drift. A real edit is.
func TestDocumentsCompareSemantically(t *testing.T) {
	t.Parallel()
	f, s := minimalApplied(t)
	id := f.liveIDs(t)[engine.Ref{Kind: orgs.KindPolicy, Key: orgs.PolicyKey(s.Policies[0].Type, s.Policies[0].Name)}]
	update := func(doc string) {
		t.Helper()
		if _, err := f.org().UpdatePolicy(context.Background(), &organizations.UpdatePolicyInput{PolicyId: aws.String(id), Content: aws.String(doc)}); err != nil {
			t.Fatal(err)
		}
	}
	update("{\n  \"Statement\": [{\"Resource\": \"*\", \"Action\": \"organizations:LeaveOrganization\",\n    \"Effect\": \"Deny\", \"Sid\": \"DenyLeaveOrganization\"}],\n  \"Version\": \"2012-10-17\"\n}")
	if pl := plan(t, s, f.provider()); !pl.Empty() {
		t.Fatalf("reordered keys and whitespace made drift: %v", pl.Changes)
	}
	update(`{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"organizations:*","Resource":"*"}]}`)
	p := f.provider()
	pl := plan(t, s, p)
	if len(pl.Changes) != 1 || !pl.Changes[0].Changed("document") {
		t.Fatalf("a real edit must be one document update, got %v", pl.Changes)
	}
	apply(t, pl, p)
	if again := plan(t, s, f.provider()); !again.Empty() {
		t.Errorf("plan after repairing the document: %v", again.Changes)
	}
}

// The less common changes: trusted access enabled, an account closed, a
// policy type disabled (its attachments going with it).
func TestCloseTrustedAccessAndDisablePolicyType(t *testing.T) {
	t.Parallel()
	f, s := minimalApplied(t, sborgs.WithCloseAccountDelay(20*time.Millisecond))

	s.Organization.TrustedAccess = []string{"sso.amazonaws.com"}
	s.Accounts[1].Closed = true
	p := f.provider()
	pl := plan(t, s, p)
	if pl.Summary.Update != 1 || pl.Summary.Create != 1 || pl.Summary.Destructive != 1 {
		t.Fatalf("want trusted access created and one destructive account close, got %+v", pl.Summary)
	}
	apply(t, pl, p)
	if again := plan(t, s, f.provider()); !again.Empty() {
		t.Fatalf("plan after closing: %v", again.Changes)
	}

	// Without SCPs enabled, nothing may refer to one.
	s.Organization.PolicyTypes = nil
	s.Organization.Policies = nil
	s.OrganizationalUnits[0].Policies, s.OrganizationalUnits[1].Policies = nil, nil
	s.Policies = nil
	p = f.provider()
	pl = plan(t, s, p)
	var disable *engine.Change
	for _, c := range pl.Changes {
		if c.Kind == orgs.KindPolicyType {
			disable = c
		}
		if c.Kind == orgs.KindAttachment && !c.Implicit {
			t.Errorf("%s should go with the policy type, not be detached first", c.Address())
		}
	}
	if disable == nil || !disable.Destructive {
		t.Fatalf("want a destructive disable of the policy type, got %v", pl.Changes)
	}
	apply(t, pl, p)
	if again := plan(t, s, f.provider()); !again.Empty() {
		t.Errorf("plan after disabling SCPs: %v", again.Changes)
	}
}

// A plan reads the tags of the accounts the spec declares only; others are
// listed shallow, and a saved plan's check reads them the same way, so its
// digest matches until something the plan read changes.
func TestScopedReadAndSavedPlanDigest(t *testing.T) {
	t.Parallel()
	f, s := minimalApplied(t)

	pl := plan(t, s, f.provider())
	if len(pl.Shallow) != 1 || pl.Shallow[0] != (engine.Ref{Kind: orgs.KindAccount, Key: "management@sandbox.example"}) {
		t.Fatalf("want only the management account read shallow, got %v", pl.Shallow)
	}
	digest := func() string {
		t.Helper()
		live, _, err := engine.ReadLive(context.Background(), []engine.Provider{f.provider()}, engine.ScopeExcept(pl.Shallow, pl.Kinds))
		if err != nil {
			t.Fatal(err)
		}
		return engine.LiveDigest(live)
	}
	if got := digest(); got != pl.LiveDigest {
		t.Fatal("a saved plan's check reads another state than the plan did")
	}
	tag := func(id string) {
		t.Helper()
		if _, err := f.org().TagResource(context.Background(), &organizations.TagResourceInput{
			ResourceId: aws.String(id), Tags: []types.Tag{{Key: aws.String("note"), Value: aws.String("by hand")}},
		}); err != nil {
			t.Fatal(err)
		}
	}
	tag(f.SB.ManagementAccountID())
	if got := digest(); got != pl.LiveDigest {
		t.Error("tags the plan did not read changed its digest")
	}
	live, err := f.provider().Read(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range live {
		if r.Kind == orgs.KindAccount && !r.Attrs.Bool("management") {
			tag(r.Attrs.String("id"))
			break
		}
	}
	if got := digest(); got == pl.LiveDigest {
		t.Error("a tag changed on an account of the spec left the saved plan's digest as it was")
	}
}

// An OU the spec does not name is read with only some of its attachments
// (the spec needs neither it nor FullAWSAccess on it); a saved plan's
// check must read it the same way, or every such plan looks stale.
func TestSavedPlanDigestWithAnOUOutsideTheSpec(t *testing.T) {
	t.Parallel()
	f, s := minimalApplied(t)
	if _, err := f.org().CreateOrganizationalUnit(context.Background(), &organizations.CreateOrganizationalUnitInput{
		ParentId: aws.String(rootID(t, f)), Name: aws.String("ByHand"),
	}); err != nil {
		t.Fatal(err)
	}
	pl := plan(t, s, f.provider())
	if !slices.Contains(pl.Shallow, engine.Ref{Kind: orgs.KindOU, Key: "ByHand"}) {
		t.Fatalf("the OU outside the spec is not marked as read in part: %v", pl.Shallow)
	}
	live, _, err := engine.ReadLive(context.Background(), []engine.Provider{f.provider()}, engine.ScopeExcept(pl.Shallow, pl.Kinds))
	if err != nil {
		t.Fatal(err)
	}
	if engine.LiveDigest(live) != pl.LiveDigest {
		t.Fatal("a saved plan's check reads an OU outside the spec otherwise than the plan did")
	}
}

// AWS closes three accounts at a time: a spec closing five applies in one
// run, the others waiting for a slot, and a second plan is empty.
func TestCloseMoreThanThreeAccounts(t *testing.T) {
	t.Parallel()
	f := newFixture(t, sborgs.WithCloseAccountDelay(100*time.Millisecond))
	files := func(closed bool) map[string]string {
		y := "version: 1\naccounts:\n"
		for i := range 5 {
			y += fmt.Sprintf("  - {name: old-%d, email: old-%d@example.com, closed: %v}\n", i, i, closed)
		}
		return map[string]string{"org.yaml": y}
	}
	p := f.provider()
	apply(t, plan(t, providertest.Load(t, files(false)), p), p)
	s := providertest.Load(t, files(true))
	pl := plan(t, s, f.provider())
	if pl.Summary.Update != 5 {
		t.Fatalf("want five closures, got %+v", pl.Summary)
	}
	apply(t, pl, f.provider())
	if again := plan(t, s, f.provider()); !again.Empty() {
		t.Fatalf("plan after closing five: %v", brief(again))
	}
}
