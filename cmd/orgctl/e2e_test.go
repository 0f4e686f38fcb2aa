package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	orgtypes "github.com/aws/aws-sdk-go-v2/service/organizations/types"
	"github.com/google/go-cmp/cmp"

	"github.com/orgctl/orgctl/facts"
	"github.com/orgctl/orgctl/spec"
)

const landingZone = "examples/landing-zone/org.yaml"

// orgView is an organization as seen from outside: what the spec says and
// what the AWS CLI reads back must be equal.
type orgView struct {
	OUs         map[string]map[string]string // path -> tags (without managed-by)
	Accounts    map[string]string            // email -> OU path
	AccountTags map[string]map[string]string // email -> tags (without managed-by)
	Policies    map[string]string            // name -> normalized document
	Attachments []string                     // "policy@target", sorted
	PolicyTypes []string                     // enabled, sorted
	Unowned     []string                     // created resources missing managed-by=orgctl
}

// expectedView derives, without orgctl's engine, what the spec asks for.
func expectedView(t *testing.T, file string) orgView {
	t.Helper()
	s, ds := spec.Load(filepath.Join(repoRoot, file))
	if ds.HasErrors() {
		t.Fatal(ds)
	}
	v := orgView{OUs: map[string]map[string]string{}, Accounts: map[string]string{}, AccountTags: map[string]map[string]string{}, Policies: map[string]string{}}
	v.PolicyTypes = slices.Sorted(slices.Values(s.Organization.PolicyTypes))
	rcp := slices.Contains(s.Organization.PolicyTypes, "RESOURCE_CONTROL_POLICY")
	attach := func(target string, names []string) {
		scp := false
		for _, n := range names {
			v.Attachments = append(v.Attachments, n+"@"+target)
			if typ, _ := s.PolicyTypeOf(n); typ == "SERVICE_CONTROL_POLICY" {
				scp = true
			}
		}
		if !scp {
			v.Attachments = append(v.Attachments, "FullAWSAccess@"+target)
		}
		if rcp && !slices.Contains(names, "RCPFullAWSAccess") {
			v.Attachments = append(v.Attachments, "RCPFullAWSAccess@"+target)
		}
	}
	attach("root", s.Organization.Policies)
	s.WalkOUs(func(path string, ou *spec.OU, _ string) {
		v.OUs[path] = nilIfEmpty(ou.Tags)
		attach("ou:"+path, ou.Policies)
	})
	for _, a := range s.Accounts {
		v.Accounts[a.Email] = a.OU
		v.AccountTags[a.Email] = nilIfEmpty(a.Tags)
		attach("account:"+a.Email, a.Policies)
	}
	for _, p := range s.Policies {
		v.Policies[p.Name] = normalize(t, p.Content)
	}
	sort.Strings(v.Attachments)
	return v
}

// readView reads the organization back from outside with the SDK (the
// AWS CLI reads it too, as a smoke: list-roots here, the changes by hand
// below; a CLI call costs most of a second, and this reads about seventy
// things).
func readView(t *testing.T, srv *server) (orgView, ids) {
	t.Helper()
	ctx := context.Background()
	org := srv.orgClient(t)
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	v := orgView{OUs: map[string]map[string]string{}, Accounts: map[string]string{}, AccountTags: map[string]map[string]string{}, Policies: map[string]string{}}
	ix := ids{ous: map[string]string{}, accounts: map[string]string{}, policies: map[string]string{}}
	roots := list(srv.aws(t, "organizations", "list-roots"), "Roots")
	ix.root = str(roots[0], "Id")
	for _, pt := range list(roots[0], "PolicyTypes") {
		if str(pt, "Status") == "ENABLED" {
			v.PolicyTypes = append(v.PolicyTypes, str(pt, "Type"))
		}
	}
	sort.Strings(v.PolicyTypes)
	desc, err := org.DescribeOrganization(ctx, &organizations.DescribeOrganizationInput{})
	must(err)
	mgmt := aws.ToString(desc.Organization.MasterAccountId)
	tags := func(id, what string) map[string]string {
		out := map[string]string{}
		pg := organizations.NewListTagsForResourcePaginator(org, &organizations.ListTagsForResourceInput{ResourceId: aws.String(id)})
		for pg.HasMorePages() {
			page, err := pg.NextPage(ctx)
			must(err)
			for _, tag := range page.Tags {
				out[aws.ToString(tag.Key)] = aws.ToString(tag.Value)
			}
		}
		if out[facts.ManagedTagKey] != facts.ManagedTagValue {
			v.Unowned = append(v.Unowned, what)
		}
		delete(out, facts.ManagedTagKey)
		return nilIfEmpty(out)
	}

	targets := map[string]string{ix.root: "root"}
	type parent struct{ id, path string }
	queue := []parent{{ix.root, ""}}
	for len(queue) > 0 {
		p := queue[0]
		queue = queue[1:]
		accts := organizations.NewListAccountsForParentPaginator(org, &organizations.ListAccountsForParentInput{ParentId: aws.String(p.id)})
		for accts.HasMorePages() {
			page, err := accts.NextPage(ctx)
			must(err)
			for _, a := range page.Accounts {
				id, email := aws.ToString(a.Id), aws.ToString(a.Email)
				if id == mgmt {
					continue
				}
				v.Accounts[email] = p.path
				ix.accounts[email] = id
				targets[id] = "account:" + email
				v.AccountTags[email] = tags(id, "account "+email)
			}
		}
		ous := organizations.NewListOrganizationalUnitsForParentPaginator(org, &organizations.ListOrganizationalUnitsForParentInput{ParentId: aws.String(p.id)})
		for ous.HasMorePages() {
			page, err := ous.NextPage(ctx)
			must(err)
			for _, ou := range page.OrganizationalUnits {
				path := facts.JoinOUPath(p.path, aws.ToString(ou.Name))
				id := aws.ToString(ou.Id)
				ix.ous[path] = id
				targets[id] = "ou:" + path
				v.OUs[path] = tags(id, "ou "+path)
				queue = append(queue, parent{id, path})
			}
		}
	}
	for _, typ := range v.PolicyTypes {
		pols := organizations.NewListPoliciesPaginator(org, &organizations.ListPoliciesInput{Filter: orgtypes.PolicyType(typ)})
		for pols.HasMorePages() {
			page, err := pols.NextPage(ctx)
			must(err)
			for _, p := range page.Policies {
				id, name := aws.ToString(p.Id), aws.ToString(p.Name)
				ix.policies[name] = id
				if !p.AwsManaged {
					doc, err := org.DescribePolicy(ctx, &organizations.DescribePolicyInput{PolicyId: aws.String(id)})
					must(err)
					v.Policies[name] = normalize(t, aws.ToString(doc.Policy.Content))
					tags(id, "policy "+name)
				}
				tg := organizations.NewListTargetsForPolicyPaginator(org, &organizations.ListTargetsForPolicyInput{PolicyId: aws.String(id)})
				for tg.HasMorePages() {
					page, err := tg.NextPage(ctx)
					must(err)
					for _, target := range page.Targets {
						if name2, ok := targets[aws.ToString(target.TargetId)]; ok {
							v.Attachments = append(v.Attachments, name+"@"+name2)
						}
					}
				}
			}
		}
	}
	sort.Strings(v.Attachments)
	sort.Strings(v.Unowned)
	return v, ix
}

// ids are the AWS IDs readView found, for out-of-band changes.
type ids struct {
	root     string
	ous      map[string]string
	accounts map[string]string
	policies map[string]string
}

func nilIfEmpty(m map[string]string) map[string]string {
	if len(m) == 0 {
		return nil
	}
	return m
}

func normalize(t *testing.T, doc string) string {
	var v any
	if err := json.Unmarshal([]byte(doc), &v); err != nil {
		t.Fatalf("policy document is not JSON: %v\n%s", err, doc)
	}
	b, _ := json.Marshal(v)
	return string(b)
}

func wantCode(t *testing.T, r result, code int, what string) {
	t.Helper()
	if r.code != code {
		t.Fatalf("%s: want exit %d, got %s", what, code, r)
	}
}

// TestE2ELandingZone applies the landing zone through 'sandbox serve',
// checks it from outside with the AWS CLI, drifts it by hand with the AWS
// CLI, and brings it back.
func TestE2ELandingZone(t *testing.T) {
	awsCLI(t)
	t.Parallel()
	state := filepath.Join(t.TempDir(), "sandbox.json")
	// GuardDuty refuses a new administrator's configuration for a while,
	// as AWS does; apply must wait it out.
	srv := serve(t, state, append(append([]string{"--create-delay", "1s"}, quickSettle...), "--set", "guardduty.adminSettleDelay=1s")...)
	ep := func(args ...string) []string { return append([]string{"--endpoint-url", srv.url}, args...) }

	r := run(t, srv.env, ep("apply", "-f", landingZone, "--auto-approve")...)
	wantCode(t, r, 0, "first apply")
	if !strings.Contains(r.stdout, "Apply complete") {
		t.Errorf("apply did not report completion:\n%s", r)
	}

	want := expectedView(t, landingZone)
	got, ix := readView(t, srv)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Fatalf("the organization read back with the AWS CLI differs from the spec (-spec +aws):\n%s", diff)
	}

	r = run(t, srv.env, ep("plan", "-f", landingZone, "--detailed-exitcode")...)
	wantCode(t, r, 0, "plan after apply")

	t.Run("cloudtrail", func(t *testing.T) { checkTrail(t, srv, ep) })
	security := ix.accounts["aws+security-tooling@acme.example"]
	t.Run("guardduty", func(t *testing.T) { checkGuardDuty(t, srv, ep, security) })
	t.Run("security", func(t *testing.T) { checkSecurityServices(t, srv, security) })
	t.Run("members-config", func(t *testing.T) { checkMembersConfigDrift(t, srv, ep, security) })

	// Drift it by hand.
	srv.aws(t, "organizations", "attach-policy", "--policy-id", ix.policies["deny-root-user"], "--target-id", ix.ous["Workloads/Dev"])
	srv.aws(t, "organizations", "move-account", "--account-id", ix.accounts["aws+payments-dev@acme.example"],
		"--source-parent-id", ix.ous["Workloads/Dev"], "--destination-parent-id", ix.ous["Sandbox"])
	srv.aws(t, "organizations", "update-policy", "--policy-id", ix.policies["deny-all"],
		"--content", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}`)
	experiments := srv.aws(t, "organizations", "create-organizational-unit", "--parent-id", ix.root, "--name", "Experiments")
	experimentsID := str(experiments["OrganizationalUnit"].(map[string]any), "Id")

	r = run(t, srv.env, ep("drift", "-f", landingZone)...)
	wantCode(t, r, 2, "drift after changes by hand")
	for _, name := range []string{`attachment "scp/deny-root-user@ou:Workloads/Dev"`, `account "aws+payments-dev@acme.example"`, `policy "scp/deny-all"`, `ou "Experiments"`} {
		if !strings.Contains(r.stdout, name) {
			t.Errorf("drift does not name %s:\n%s", name, r.stdout)
		}
	}
	r = run(t, srv.env, ep("drift", "-f", landingZone, "--format", "json")...)
	wantCode(t, r, 2, "drift --format json")
	var report struct {
		Changes   []struct{ Kind, Key string }
		Unmanaged []struct{ Kind, Key string }
	}
	if err := json.Unmarshal([]byte(r.stdout), &report); err != nil {
		t.Fatalf("drift JSON: %v\n%s", err, r.stdout)
	}
	if len(report.Changes) != 3 || len(report.Unmanaged) != 1 {
		t.Errorf("want 3 changes and 1 unmanaged OU in the JSON report, got %+v", report)
	}

	// apply repairs what the spec owns; the hand-made OU is not orgctl's.
	r = run(t, srv.env, ep("apply", "-f", landingZone, "--auto-approve")...)
	wantCode(t, r, 0, "apply after drift")
	r = run(t, srv.env, ep("drift", "-f", landingZone)...)
	wantCode(t, r, 2, "drift with an unmanaged OU left")
	if strings.Contains(r.stdout, "deny-root-user") || !strings.Contains(r.stdout, `ou "Experiments"`) {
		t.Errorf("after apply only the unmanaged OU should remain:\n%s", r.stdout)
	}

	// Adopt it as orgctl's: then the spec, which lacks it, prunes it, but
	// only with --allow-destroy.
	srv.aws(t, "organizations", "tag-resource", "--resource-id", experimentsID, "--tags", "Key=managed-by,Value=orgctl")
	r = run(t, srv.env, ep("apply", "-f", landingZone, "--auto-approve")...)
	wantCode(t, r, 1, "apply of a destructive plan without --allow-destroy")
	if !strings.Contains(r.stderr, "--allow-destroy") {
		t.Errorf("the refusal should say how to proceed:\n%s", r)
	}
	r = run(t, srv.env, ep("apply", "-f", landingZone, "--auto-approve", "--allow-destroy")...)
	wantCode(t, r, 0, "apply --allow-destroy")
	r = run(t, srv.env, ep("drift", "-f", landingZone)...)
	wantCode(t, r, 0, "drift after repair")
}

// checkTrail reads the organization trail with the AWS CLI, stops it by
// hand, and has drift name it and apply start it again.
func checkTrail(t *testing.T, srv *server, ep func(...string) []string) {
	trails := list(srv.aws(t, "cloudtrail", "describe-trails"), "trailList")
	if len(trails) != 1 || str(trails[0], "Name") != "org-trail" || trails[0]["IsOrganizationTrail"] != true ||
		trails[0]["IsMultiRegionTrail"] != true || trails[0]["LogFileValidationEnabled"] != true || str(trails[0], "S3BucketName") != "acme-org-trail" {
		t.Fatalf("want the organization trail org-trail, multi-region and validated, writing to acme-org-trail; got %v", trails)
	}
	if st := srv.aws(t, "cloudtrail", "get-trail-status", "--name", "org-trail"); st["IsLogging"] != true {
		t.Fatalf("the trail is not logging: %v", st)
	}
	srv.aws(t, "cloudtrail", "stop-logging", "--name", "org-trail")
	r := run(t, srv.env, ep("drift", "-f", landingZone)...)
	wantCode(t, r, 2, "drift after stop-logging")
	if !strings.Contains(r.stdout, `trail "org-trail"`) || !strings.Contains(r.stdout, "logging") {
		t.Errorf("drift does not name the stopped trail:\n%s", r.stdout)
	}
	wantCode(t, run(t, srv.env, ep("apply", "-f", landingZone, "--auto-approve")...), 0, "apply after stop-logging")
	if st := srv.aws(t, "cloudtrail", "get-trail-status", "--name", "org-trail"); st["IsLogging"] != true {
		t.Errorf("apply did not start the trail again: %v", st)
	}
}

// checkGuardDuty reads GuardDuty with the AWS CLI: the security account
// administers every governed region; through the cross-account role it
// sees members auto-enabled, which the management account may not even
// read. Turning auto-enable off by hand is drift that apply repairs.
func checkGuardDuty(t *testing.T, srv *server, ep func(...string) []string, security string) {
	for _, region := range []string{"us-east-1", "eu-west-1"} {
		admins := list(srv.aws(t, "guardduty", "list-organization-admin-accounts", "--region", region), "AdminAccounts")
		if len(admins) != 1 || str(admins[0], "AdminAccountId") != security || str(admins[0], "AdminStatus") != "ENABLED" {
			t.Errorf("%s: want %s as GuardDuty's administrator, got %v", region, security, admins)
		}
	}
	asSecurity := srv.assumeRole(t, security, "OrganizationAccountAccessRole")
	out, stderr, err := srv.awsAs(t, asSecurity, "guardduty", "list-detectors", "--region", "eu-west-1")
	if err != nil || len(out["DetectorIds"].([]any)) != 1 {
		t.Fatalf("the security account's detector in eu-west-1: %v %v %s", out, err, stderr)
	}
	detector := out["DetectorIds"].([]any)[0].(string)
	cfg, stderr, err := srv.awsAs(t, asSecurity, "guardduty", "describe-organization-configuration", "--detector-id", detector, "--region", "eu-west-1")
	if err != nil || cfg["AutoEnable"] != true {
		t.Fatalf("as the security account, members are not auto-enabled: %v %v %s", cfg, err, stderr)
	}
	if _, stderr, err := srv.awsAs(t, srv.env, "guardduty", "describe-organization-configuration", "--detector-id", detector, "--region", "eu-west-1"); err == nil ||
		!strings.Contains(stderr, "BadRequestException") {
		t.Errorf("the management account read GuardDuty's organization configuration: %v %s", err, stderr)
	}

	// Debian's CLI knows only the older boolean: turning it off enrolls
	// nobody.
	if _, stderr, err := srv.awsAs(t, asSecurity, "guardduty", "update-organization-configuration", "--detector-id", detector, "--no-auto-enable", "--region", "eu-west-1"); err != nil {
		t.Fatalf("turning auto-enable off: %v %s", err, stderr)
	}
	r := run(t, srv.env, ep("drift", "-f", landingZone)...)
	wantCode(t, r, 2, "drift after auto-enable was turned off")
	if !strings.Contains(r.stdout, `guardduty-org-config "eu-west-1/aws+security-tooling@acme.example"`) || !strings.Contains(r.stdout, "members") {
		t.Errorf("drift does not name GuardDuty's configuration in eu-west-1:\n%s", r.stdout)
	}
	wantCode(t, run(t, srv.env, ep("apply", "-f", landingZone, "--auto-approve")...), 0, "apply after auto-enable was turned off")
	if cfg, _, _ := srv.awsAs(t, asSecurity, "guardduty", "describe-organization-configuration", "--detector-id", detector, "--region", "eu-west-1"); cfg["AutoEnable"] != true {
		t.Errorf("apply did not turn auto-enable back on: %v", cfg)
	}
}

// TestE2EManagementAccountAsAdmin: naming the management account as the
// security services' administrator is refused at plan time, at
// security.admin's line, with its source, and nothing is changed.
func TestE2EManagementAccountAsAdmin(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	file := filepath.Join(dir, "org.yaml")
	if err := os.WriteFile(file, []byte(`version: 1
accounts:
  - {name: management, email: management@sandbox.example}
security:
  admin: management
  guardDuty: {members: all}
`), 0o644); err != nil {
		t.Fatal(err)
	}
	sb := "--sandbox=" + filepath.Join(dir, "sandbox.json")
	for _, args := range [][]string{{sb, "plan", "-f", file}, {sb, "apply", "-f", file, "--auto-approve"}} {
		r := run(t, nil, args...)
		wantCode(t, r, 1, strings.Join(args[1:], " "))
		if !strings.Contains(r.stderr, file+":5:10") || !strings.Contains(r.stderr, "the management account cannot be GuardDuty's delegated administrator") ||
			!strings.Contains(r.stderr, "admin: management") || !strings.Contains(r.stderr, "nothing was changed") {
			t.Errorf("%s: want the refusal at %s:5:10 with its source line:\n%s", args[1], file, r)
		}
	}
}
