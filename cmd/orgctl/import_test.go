package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	orgctl "github.com/orgctl/orgctl"
)

var update = flag.Bool("update", false, "rewrite golden files under testdata/")

// readTree returns the files under dir by slash-separated relative path.
func readTree(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		out[filepath.ToSlash(rel)] = b
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func sameTree(t *testing.T, what string, a, b map[string][]byte) {
	t.Helper()
	for name, x := range a {
		if y, ok := b[name]; !ok || !bytes.Equal(x, y) {
			t.Errorf("%s: %s differs", what, name)
		}
	}
	for name := range b {
		if _, ok := a[name]; !ok {
			t.Errorf("%s: %s is extra", what, name)
		}
	}
}

// The landing zone, applied by orgctl, imports into a spec that plans
// clean, byte for byte the same every time, matching the golden files.
func TestE2EImportLandingZone(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	state := filepath.Join(dir, "s.json")
	sb := "--sandbox=" + state
	wantCode(t, run(t, nil, "sandbox", "init", "--state", state, "--create-delay", "0s", "--policy-type-delay", "0s"), 0, "sandbox init")
	wantCode(t, run(t, nil, sb, "apply", "-f", landingZone, "--auto-approve"), 0, "apply the landing zone")

	out := filepath.Join(dir, "imported")
	r := run(t, nil, sb, "import", "-o", out)
	wantCode(t, r, 0, "import")
	if !strings.Contains(r.stdout, "plans clean") {
		t.Errorf("import should say the spec plans clean:\n%s", r)
	}
	wantCode(t, run(t, nil, sb, "plan", "-f", filepath.Join(out, "org.yaml"), "--detailed-exitcode"), 0, "plan of the imported spec")

	got := readTree(t, out)
	again := filepath.Join(dir, "again")
	wantCode(t, run(t, nil, sb, "import", "-o", again), 0, "second import")
	sameTree(t, "importing twice", got, readTree(t, again))

	// --split-accounts 0 puts every account in accounts/, by top-level
	// OU, and the spec still plans clean.
	split := filepath.Join(dir, "split")
	wantCode(t, run(t, nil, sb, "import", "-o", split, "--split-accounts", "0"), 0, "import --split-accounts 0")
	if _, err := os.Stat(filepath.Join(split, "accounts", "Security.yaml")); err != nil || bytes.Contains(readTree(t, split)["org.yaml"], []byte("\naccounts:")) {
		t.Errorf("--split-accounts 0 should move the accounts to accounts/*.yaml: %v", err)
	}
	wantCode(t, run(t, nil, sb, "plan", "-f", filepath.Join(split, "org.yaml"), "--detailed-exitcode"), 0, "plan of the split spec")
	wantCode(t, run(t, nil, sb, "import", "-o", filepath.Join(dir, "bad-split"), "--split-accounts", "-1"), 1, "import --split-accounts -1")

	// A directory with files in it is refused, unless --force.
	r = run(t, nil, sb, "import", "-o", out)
	wantCode(t, r, 1, "import into a non-empty directory")
	if !strings.Contains(r.stderr, "--force") {
		t.Errorf("the refusal should name --force:\n%s", r)
	}
	os.WriteFile(filepath.Join(out, "policies", "stale.json"), []byte("{}"), 0o644)
	wantCode(t, run(t, nil, sb, "import", "-o", out, "--force"), 0, "import --force")
	sameTree(t, "import --force", got, readTree(t, out))

	if !bytes.Equal(got["schema.json"], orgctl.SchemaJSON) {
		t.Error("schema.json is not orgctl's schema")
	}
	delete(got, "schema.json") // it has its own test; it would churn the golden
	golden := filepath.Join("testdata", "import-landing-zone")
	if *update {
		os.RemoveAll(golden)
		for name, b := range got {
			p := filepath.Join(golden, filepath.FromSlash(name))
			os.MkdirAll(filepath.Dir(p), 0o755)
			if err := os.WriteFile(p, b, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		return
	}
	sameTree(t, "golden "+golden+" (go test ./cmd/orgctl -run TestE2EImportLandingZone -update rewrites it)", readTree(t, golden), got)
}

// An organization built only with the AWS CLI, which knows nothing of
// orgctl, imports and plans clean; with --adopt the first apply makes it
// orgctl's, and then the plan is empty.
func TestE2EImportAWSCLIOrgAndAdopt(t *testing.T) {
	awsCLI(t)
	t.Parallel()
	dir := t.TempDir()
	srv := serve(t, filepath.Join(dir, "s.json"), append([]string{"--create-delay", "0s", "--policy-type-delay", "0s"}, quickSettle...)...)
	aws := func(args ...string) map[string]any { return srv.aws(t, append([]string{"organizations"}, args...)...) }
	root := str(list(aws("list-roots"), "Roots")[0], "Id")
	aws("enable-policy-type", "--root-id", root, "--policy-type", "SERVICE_CONTROL_POLICY")
	aws("enable-policy-type", "--root-id", root, "--policy-type", "TAG_POLICY")
	ouID := func(v map[string]any) string { return str(v["OrganizationalUnit"].(map[string]any), "Id") }
	eng := ouID(aws("create-organizational-unit", "--parent-id", root, "--name", "Engineering Ops",
		"--tags", `[{"Key":"cost center","Value":"Données/ops@eu +1"}]`))
	// Prod as Terraform would leave it: tagged as its own.
	prod := ouID(aws("create-organizational-unit", "--parent-id", eng, "--name", "Prod", "--tags", "Key=managed-by,Value=terraform"))
	account := func(name, email string) string {
		// With no creation delay the request is done at once.
		st := aws("create-account", "--account-name", name, "--email", email)["CreateAccountStatus"].(map[string]any)
		if str(st, "State") != "SUCCEEDED" {
			t.Fatalf("account %s: %v", name, st)
		}
		return str(st, "AccountId")
	}
	app := account("app prod", "app-prod@example.com")
	account("tools", "tools@example.com")
	aws("move-account", "--account-id", app, "--source-parent-id", root, "--destination-parent-id", prod)
	aws("tag-resource", "--resource-id", app, "--tags", "Key=owner,Value=team-a", `Key=data:class,Value=x_y.z`)
	policyID := func(v map[string]any) string {
		return str(v["Policy"].(map[string]any)["PolicySummary"].(map[string]any), "Id")
	}
	scp := policyID(aws("create-policy", "--type", "SERVICE_CONTROL_POLICY", "--name", "deny-leave",
		"--description", "No leaving.",
		"--content", `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"organizations:LeaveOrganization","Resource":"*"}]}`))
	tagPolicy := policyID(aws("create-policy", "--type", "TAG_POLICY", "--name", "cost-center", "--description", "",
		"--content", `{"tags":{"costcenter":{"tag_key":{"@@assign":"CostCenter"}}}}`))
	aws("attach-policy", "--policy-id", scp, "--target-id", eng)
	aws("attach-policy", "--policy-id", scp, "--target-id", app)
	aws("attach-policy", "--policy-id", tagPolicy, "--target-id", root)
	aws("enable-aws-service-access", "--service-principal", "config.amazonaws.com")
	aws("register-delegated-administrator", "--account-id", app, "--service-principal", "config.amazonaws.com")

	ep := []string{"--endpoint-url", srv.url}
	plain := filepath.Join(dir, "plain")
	wantCode(t, run(t, srv.env, append(ep, "import", "-o", plain)...), 0, "import")
	org, _ := os.ReadFile(filepath.Join(plain, "org.yaml"))
	for _, want := range []string{
		"delegatedAdministrators:\n    - {service: config.amazonaws.com, account: app prod}",
		"name: Engineering Ops",
		"policies: [FullAWSAccess, deny-leave]",
		"trustedAccess: [config.amazonaws.com]",
		`#   - tag managed-by="terraform" on OU "Engineering Ops/Prod": the spec keeps managed-by for orgctl, and another tool may manage this`,
	} {
		if !strings.Contains(string(org), want) {
			t.Errorf("org.yaml lacks %q:\n%s", want, org)
		}
	}
	if strings.Contains(string(org), "adopt: true") {
		t.Error("without --adopt the spec must not adopt anything")
	}
	wantCode(t, run(t, srv.env, append(ep, "plan", "-f", filepath.Join(plain, "org.yaml"), "--detailed-exitcode")...), 0, "plan of the imported spec")

	adopted := filepath.Join(dir, "adopted")
	wantCode(t, run(t, srv.env, append(ep, "import", "-o", adopted, "--adopt")...), 0, "import --adopt")
	spec := filepath.Join(adopted, "org.yaml")
	r := run(t, srv.env, append(ep, "plan", "-f", spec, "--format", "json", "--detailed-exitcode")...)
	wantCode(t, r, 2, "plan of the adopting spec")
	if !strings.Contains(r.stdout, `ou \"Engineering Ops/Prod\" is tagged managed-by=terraform: adopting it retags it`) {
		t.Errorf("the plan does not warn that adopting takes Prod from terraform:\n%s", r.stdout)
	}
	var p struct {
		Changes []struct {
			Action, Kind, Key string
			Fields            []struct{ Name string }
		}
	}
	if err := json.Unmarshal([]byte(r.stdout), &p); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, c := range p.Changes {
		if c.Action != "update" || len(c.Fields) != 1 || c.Fields[0].Name != "tags" {
			t.Errorf("adopting should only tag, got %+v", c)
		}
		got = append(got, c.Kind+" "+c.Key)
	}
	slices.Sort(got)
	want := []string{
		"account app-prod@example.com", "account management@sandbox.example", "account tools@example.com",
		"ou Engineering Ops", "ou Engineering Ops/Prod", "policy scp/deny-leave", "policy tag/cost-center",
	}
	if !slices.Equal(got, want) {
		t.Errorf("adopting changes %v, want %v", got, want)
	}
	wantCode(t, run(t, srv.env, append(ep, "apply", "-f", spec, "--auto-approve")...), 0, "apply --adopt")
	wantCode(t, run(t, srv.env, append(ep, "plan", "-f", spec, "--detailed-exitcode")...), 0, "plan after adopting")
	for _, id := range []string{prod, app, tagPolicy} {
		tags := map[string]string{}
		for _, tg := range list(aws("list-tags-for-resource", "--resource-id", id), "Tags") {
			tags[str(tg, "Key")] = str(tg, "Value")
		}
		if tags["managed-by"] != "orgctl" {
			t.Errorf("%s not tagged managed-by=orgctl after adopting: %v", id, tags)
		}
	}
	// The spec that does not adopt still plans clean: ownership is not drift.
	wantCode(t, run(t, srv.env, append(ep, "plan", "-f", filepath.Join(plain, "org.yaml"), "--detailed-exitcode")...), 0, "plan of the plain spec after adopting")
}

// sandbox generate builds an organization whose spec plans clean; the same
// seed gives the same files; a one-account edit plans as exactly that.
func TestE2EGenerateThenEdit(t *testing.T) {
	t.Parallel()
	accounts := "150"
	if testing.Short() {
		accounts = "60"
	}
	dir := t.TempDir()
	gen := func(name string) (string, string) {
		state, out := filepath.Join(dir, name+".json"), filepath.Join(dir, name)
		r := run(t, nil, "--sandbox="+state, "sandbox", "generate", "--accounts", accounts, "--ous", "25", "--policies", "15", "--seed", "11", "-o", out)
		wantCode(t, r, 0, "sandbox generate")
		if !strings.Contains(r.stdout, "5 levels deep") || !strings.Contains(r.stdout, "plans clean") {
			t.Errorf("generate output:\n%s", r)
		}
		return state, out
	}
	state, out := gen("one")
	_, out2 := gen("two")
	sameTree(t, "generating twice with one seed", readTree(t, out), readTree(t, out2))
	sb := "--sandbox=" + state
	orgYAML := filepath.Join(out, "org.yaml")
	wantCode(t, run(t, nil, sb, "plan", "-f", orgYAML, "--detailed-exitcode"), 0, "plan of the generated spec")

	// Edit one account: a new tag on the first account with tags (the
	// management account has none).
	files, _ := filepath.Glob(filepath.Join(out, "accounts", "*.yaml"))
	var email string
	for _, file := range files {
		if email = addTag(t, file); email != "" {
			break
		}
	}
	if email == "" {
		t.Fatalf("no account with tags in %v", files)
	}
	r := run(t, nil, sb, "plan", "-f", orgYAML, "--format", "json", "--detailed-exitcode")
	wantCode(t, r, 2, "plan after the edit")
	var p struct {
		Changes []struct {
			Action, Kind, Key string
			Fields            []struct{ Name string }
		}
	}
	if err := json.Unmarshal([]byte(r.stdout), &p); err != nil {
		t.Fatal(err)
	}
	if len(p.Changes) != 1 || p.Changes[0].Action != "update" || p.Changes[0].Kind != "account" ||
		p.Changes[0].Key != strings.ToLower(email) || len(p.Changes[0].Fields) != 1 || p.Changes[0].Fields[0].Name != "tags" {
		t.Fatalf("want exactly one change, the tags of account %s; got %+v", email, p.Changes)
	}
}

// addTag adds a tag to the first account with tags in an accounts file and
// returns its email, or "" when no account there has tags.
func addTag(t *testing.T, file string) string {
	t.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	top := doc.Content[0].Content
	for i := 0; i+1 < len(top); i += 2 {
		if top[i].Value != "accounts" {
			continue
		}
		for _, acct := range top[i+1].Content {
			fields := map[string]*yaml.Node{}
			for j := 0; j+1 < len(acct.Content); j += 2 {
				fields[acct.Content[j].Value] = acct.Content[j+1]
			}
			if tags := fields["tags"]; tags != nil {
				tags.Content = append(tags.Content, &yaml.Node{Kind: yaml.ScalarNode, Value: "edited"}, &yaml.Node{Kind: yaml.ScalarNode, Value: "by a test"})
				edited, err := yaml.Marshal(&doc)
				if err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(file, edited, 0o644); err != nil {
					t.Fatal(err)
				}
				return fields["email"].Value
			}
		}
	}
	return ""
}

// Bad input fails before anything is read or changed.
func TestImportAndGenerateRefuseBadInput(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	state := filepath.Join(dir, "s.json")
	full := filepath.Join(dir, "full")
	os.MkdirAll(full, 0o755)
	os.WriteFile(filepath.Join(full, "org.yaml"), []byte("version: 1\n"), 0o644)
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--sandbox=" + state, "import"}, "-o DIR"},
		{[]string{"--sandbox=" + state, "import", "-o", full}, "--force"},
		{[]string{"--sandbox=" + state, "sandbox", "generate", "--accounts", "3"}, "-o DIR"},
		{[]string{"--sandbox=" + state, "sandbox", "generate", "--accounts", "3", "-o", full}, "--force"},
		{[]string{"--sandbox=" + state, "sandbox", "generate", "--accounts", "-2", "-o", filepath.Join(dir, "new")}, "accounts must be"},
	} {
		code, _, stderr := inProcess{}.run(t, tc.args...)
		if code != exitError || !strings.Contains(stderr, tc.want) {
			t.Errorf("orgctl %s: exit %d, stderr %q; want exit 1 naming %q", strings.Join(tc.args, " "), code, stderr, tc.want)
		}
	}
	if b, _ := os.ReadFile(filepath.Join(full, "org.yaml")); string(b) != "version: 1\n" {
		t.Error("a refused import changed the directory")
	}
	if _, err := os.Stat(filepath.Join(dir, "new")); err == nil {
		t.Error("a refused generate wrote its spec directory")
	}
	if _, err := os.Stat(state); err == nil {
		t.Error("a refused generate reset the sandbox")
	}
}
