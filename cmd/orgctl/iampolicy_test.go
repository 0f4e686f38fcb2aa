package main

import (
	"encoding/json"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/orgctl/orgctl/catalog"
)

// printedActions runs iam-policy for the management identity and for the
// cross-account role, and returns the actions of their statements: the
// sandbox's request log does not say which account made a request.
func printedActions(t *testing.T, forCmd string) map[string]bool {
	t.Helper()
	out := identityActions(t, forCmd, "management")
	for a := range identityActions(t, forCmd, "cross-account") {
		out[a] = true
	}
	return out
}

// identityActions runs iam-policy for one identity and returns its
// statements' actions.
func identityActions(t *testing.T, forCmd, identity string) map[string]bool {
	t.Helper()
	r := run(t, nil, "iam-policy", "--for", forCmd, "--identity", identity)
	wantCode(t, r, 0, "iam-policy --for "+forCmd)
	var pol iamPolicy
	if err := json.Unmarshal([]byte(r.stdout), &pol); err != nil {
		t.Fatalf("iam-policy --for %s is not a policy: %v\n%s", forCmd, err, r.stdout)
	}
	if pol.Version != "2012-10-17" || len(pol.Statement) == 0 {
		t.Fatalf("iam-policy --for %s: want a 2012-10-17 policy with statements, got %s", forCmd, r.stdout)
	}
	out := map[string]bool{}
	for _, st := range pol.Statement {
		if st.Effect != "Allow" || st.Resource == "" {
			t.Errorf("statement %s: want Effect Allow and a Resource, got %+v", st.Sid, st)
		}
		for _, a := range st.Action {
			if strings.ContainsAny(a, "*?") {
				t.Errorf("iam-policy --for %s grants the wildcard %s", forCmd, a)
			}
			out[a] = true
		}
	}
	return out
}

func TestIAMPolicyFlags(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"iam-policy"}, 1, "--for is required"},
		{[]string{"iam-policy", "--for", "destroy"}, 1, `--for "destroy": use plan or apply`},
		{[]string{"iam-policy", "--for", "plan", "extra"}, 1, `unexpected argument "extra"`},
	} {
		r := run(t, nil, tt.args...)
		if r.code != tt.code || !strings.Contains(r.stderr, tt.want) {
			t.Errorf("orgctl %s: want exit %d and %q, got %s", strings.Join(tt.args, " "), tt.code, tt.want, r)
		}
	}
	plan, drift := run(t, nil, "iam-policy", "--for", "plan"), run(t, nil, "iam-policy", "--for", "drift")
	if plan.stdout != drift.stdout {
		t.Errorf("drift needs what plan needs, but the policies differ:\n%s\n%s", plan.stdout, drift.stdout)
	}
}

// readOnlyAction is how the names of AWS's read-only operations start.
var readOnlyAction = regexp.MustCompile(`^[a-z0-9-]+:(Describe|List|Get|BatchGet)[A-Z]`)

// notExercised are actions the apply policy grants that the sandbox cannot
// make orgctl use, with the reason. Keep it short and explained.
var notExercised = map[string]string{
	"organizations:ListHandshakesForOrganization": "read only in an organization of consolidated billing (TestE2EConsolidatedBilling)",
	// The reader's alternatives, taken only when cheaper or when
	// ListAccounts gives no paths; the provider's tests take them.
	"organizations:ListAccountsForParent": "a fallback when ListAccounts gives no account paths, which the sandbox always gives",
	"organizations:ListPoliciesForTarget": "read by target only when that is fewer calls than by policy (TestAttachmentsReadByTargetWhenCheaper)",
	"organizations:DescribeAccount":       "only when adopting an account an interrupted run created (TestCrashE2E)",
	// Read only when a governed Region is opt-in, which this scenario's
	// are not.
	"account:GetRegionOptStatus": "the management account's opt-in Regions (TestE2EOptInRegion)",
	"account:ListRegions":        "an administrator's opt-in Regions (TestE2EOptInRegion)",
}

// lpStep is one step of the least-privilege scenario: a spec to plan and
// apply, and the apply flags it needs.
type lpStep struct {
	name  string
	spec  string
	flags []string
	after func(t *testing.T, srv *server)
}

const lpPolicies = `
  - name: deny-leave
    type: SERVICE_CONTROL_POLICY
    document: {Version: "2012-10-17", Statement: [{Effect: Deny, Action: "organizations:LeaveOrganization", Resource: "*"}]}
  - name: tagging
    type: TAG_POLICY
    document: {tags: {owner: {tag_key: {"@@assign": owner}}}}
`

// lpSteps create, change and prune every kind of resource, so that apply
// makes every request it can make.
var lpSteps = []lpStep{
	{
		name: "create",
		spec: `version: 1
organization:
  policyTypes: [SERVICE_CONTROL_POLICY, TAG_POLICY, BACKUP_POLICY]
  trustedAccess: [config.amazonaws.com]
  delegatedAdministrators: [{service: config.amazonaws.com, account: audit}]
  policies: [FullAWSAccess, deny-leave]
  tags: {owner: platform, cost-center: "4711"}
organizationalUnits:
  - name: Security
    tags: {tier: core}
    policies: [FullAWSAccess, backup]
  - name: Workloads
    children:
      - name: Prod
        policies: [FullAWSAccess, region-guard, tagging]
  - name: Retired
accounts:
  - {name: audit, email: aws+audit@example.com, ou: Security, tags: {owner: secops}}
  - {name: payments, email: aws+payments@example.com, ou: Workloads/Prod}
  - {name: legacy, email: aws+legacy@example.com, ou: Retired}
security:
  admin: audit
  guardDuty: {members: all, features: {S3_DATA_EVENTS: all}}
cloudTrail: {name: org-trail, bucket: acme-org-trail}
policies:` + lpPolicies + `
  - name: region-guard
    type: SERVICE_CONTROL_POLICY
    document: {Version: "2012-10-17", Statement: [{Effect: Deny, NotAction: "iam:*", Resource: "*", Condition: {StringNotEquals: {"aws:RequestedRegion": [us-east-1]}}}]}
  - name: backup
    type: BACKUP_POLICY
    document: {plans: {daily: {regions: {"@@assign": [us-east-1]}}}}
`,
	},
	{
		// Update a policy, retag, move, close, detach, delete a policy,
		// disable a policy type and move a delegated administration.
		name:  "change and prune",
		spec:  lpChangeAndPrune,
		flags: []string{"--allow-destroy"},
	},
	{
		// The previous step's spec without the Retired OU, and a new
		// trail in place of the old one.
		name: "delete an OU and a trail",
		spec: strings.Replace(strings.Replace(lpChangeAndPrune, "  - name: Retired\n", "", 1),
			"cloudTrail: {name: org-trail, bucket: acme-org-trail, keyPrefix: org, tags: {owner: secops}}",
			"cloudTrail: {name: org-trail-2, bucket: acme-org-trail, tags: {owner: secops}}", 1),
		flags: []string{"--allow-destroy"},
	},
	{
		// The new trail's tags removed.
		name: "untag a trail",
		spec: strings.Replace(strings.Replace(lpChangeAndPrune, "  - name: Retired\n", "", 1),
			"cloudTrail: {name: org-trail, bucket: acme-org-trail, keyPrefix: org, tags: {owner: secops}}",
			"cloudTrail: {name: org-trail-2, bucket: acme-org-trail}", 1),
	},
}

// TestE2EIAMPolicyIsExactlyWhatIsUsed plans and applies specs that make
// orgctl use every operation against a served sandbox, and compares the
// actions in the sandbox's request log with what iam-policy prints: plan
// uses only reads, every action used is granted, and every action granted
// is used by some step (or implied by one that is).
func TestE2EIAMPolicyIsExactlyWhatIsUsed(t *testing.T) {
	t.Parallel()
	awsCLI(t)
	dir := t.TempDir()
	state := filepath.Join(dir, "sandbox.json")
	wantCode(t, run(t, nil, "sandbox", "init", "--state", state), 0, "sandbox init")
	srv := serve(t, state, append([]string{"--create-delay", "100ms", "--policy-type-delay", "100ms", "--close-delay", "100ms"}, quickSettle...)...)
	planPolicy, applyPolicy := printedActions(t, "plan"), printedActions(t, "apply")

	planUsed, used := map[string]bool{}, map[string]bool{}
	file := filepath.Join(dir, "org.yaml")
	// do runs orgctl and returns the actions the sandbox saw it use.
	do := func(args ...string) (result, []string) {
		before := srv.calls(t)
		r := run(t, srv.env, append([]string{"--endpoint-url", srv.url}, args...)...)
		var actions []string
		for op, n := range srv.calls(t) {
			if n > before[op] {
				actions = append(actions, op)
			}
		}
		sort.Strings(actions)
		return r, actions
	}
	for _, step := range lpSteps {
		if err := os.WriteFile(file, []byte(step.spec), 0o644); err != nil {
			t.Fatal(err)
		}
		// --members: the deepest read a plan makes.
		r, actions := do("plan", "-f", file, "--members")
		wantCode(t, r, 0, step.name+": plan")
		for _, a := range actions {
			planUsed[a], used[a] = true, true
			// AssumeRole changes nothing: it gets the credentials to read
			// as a service's administrator.
			if !readOnlyAction.MatchString(a) && a != "sts:AssumeRole" {
				t.Errorf("%s: plan made %s, which is not a read", step.name, a)
			}
			if !planPolicy[a] {
				t.Errorf("%s: plan used %s, which iam-policy --for plan does not grant", step.name, a)
			}
		}
		r, actions = do(append([]string{"apply", "-f", file, "--auto-approve"}, step.flags...)...)
		wantCode(t, r, 0, step.name+": apply")
		for _, a := range actions {
			used[a] = true
			if !applyPolicy[a] {
				t.Errorf("%s: apply used %s, which iam-policy --for apply does not grant", step.name, a)
			}
		}
		if r, _ := do("plan", "-f", file, "--detailed-exitcode"); r.code != 0 {
			t.Fatalf("%s: a second plan is not empty: %s", step.name, r)
		}
		if step.after != nil {
			step.after(t, srv)
		}
	}

	// The steps exercise some services; each of the others has its own
	// end-to-end test, and its provider's test pins its declared actions
	// to its calls. A service the steps never touch is not checked here,
	// so adding one needs no edit to this test.
	exercised := map[string]bool{}
	for a := range used {
		exercised[strings.SplitN(a, ":", 2)[0]] = true
	}
	touched := func(a string) bool { return exercised[strings.SplitN(a, ":", 2)[0]] }
	for _, a := range slices.Sorted(maps.Keys(planPolicy)) {
		if !planUsed[a] && notExercised[a] == "" && touched(a) {
			t.Errorf("iam-policy --for plan grants %s, which no plan used", a)
		}
	}
	implied := map[string]bool{}
	for a := range used {
		for _, p := range catalog.Permissions() {
			for _, imp := range p.Implied[a] {
				implied[imp.Action] = true
			}
		}
	}
	for _, a := range slices.Sorted(maps.Keys(applyPolicy)) {
		switch {
		case used[a] && notExercised[a] != "":
			t.Errorf("%s is now used; remove it from notExercised", a)
		case used[a], implied[a], notExercised[a] != "", !touched(a):
		default:
			t.Errorf("iam-policy --for apply grants %s, which no step used or implied", a)
		}
	}
}

// lpChangeAndPrune is the spec of the "change and prune" step: it also
// renames an OU in place.
var lpChangeAndPrune = `version: 1
organization:
  policyTypes: [SERVICE_CONTROL_POLICY, TAG_POLICY]
  trustedAccess: [config.amazonaws.com]
  delegatedAdministrators: [{service: config.amazonaws.com, account: payments}]
  policies: [FullAWSAccess, deny-leave]
  tags: {owner: cloud-team}
organizationalUnits:
  - name: SecOps
    renamedFrom: Security
    tags: {tier: core}
  - name: Workloads
    children:
      - name: Prod
  - name: Retired
accounts:
  - {name: audit, email: aws+audit@example.com, ou: SecOps, tags: {owner: secops}}
  - {name: payments, email: aws+payments@example.com, ou: Workloads}
  - {name: legacy, email: aws+legacy@example.com, closed: true}
security:
  admin: payments
  guardDuty: {members: new}
cloudTrail: {name: org-trail, bucket: acme-org-trail, keyPrefix: org, tags: {owner: secops}}
policies:` + strings.Replace(lpPolicies, "organizations:LeaveOrganization", "organizations:Leave*", 1)

// The management identity assumes the cross-account role, whose policy
// holds what is done in the accounts that administer services, and
// nothing else; neither policy repeats the other's actions.
func TestIAMPolicyIdentities(t *testing.T) {
	t.Parallel()
	for _, forCmd := range []string{"plan", "apply"} {
		mgmt, cross := identityActions(t, forCmd, "management"), identityActions(t, forCmd, "cross-account")
		if !mgmt["sts:AssumeRole"] || !mgmt["sts:GetCallerIdentity"] {
			t.Errorf("--for %s: the management identity needs sts:AssumeRole and sts:GetCallerIdentity", forCmd)
		}
		want := map[string]bool{}
		for _, p := range catalog.Permissions() {
			for _, a := range p.CrossAccount {
				isWrite := slices.Contains(p.Write, a) || slices.Contains(p.ApplyRead, a)
				if forCmd == "apply" || !isWrite {
					want[a] = true
				}
			}
		}
		if diff := cmp.Diff(want, cross); diff != "" {
			t.Errorf("--for %s: the cross-account role's actions (-want +got):\n%s", forCmd, diff)
		}
		for a := range cross {
			if mgmt[a] {
				t.Errorf("--for %s: %s is in both policies", forCmd, a)
			}
		}
	}
	r := run(t, nil, "iam-policy", "--for", "plan", "--role", "SecurityAudit")
	if !strings.Contains(r.stdout, `"arn:aws:iam::*:role/SecurityAudit"`) {
		t.Errorf("--role does not name the role to assume:\n%s", r.stdout)
	}
	if r := run(t, nil, "iam-policy", "--for", "plan", "--identity", "admin"); r.code != 1 || !strings.Contains(r.stderr, "use management or cross-account") {
		t.Errorf("an unknown identity: %s", r)
	}
}
