package importer

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	orgs "github.com/orgctl/orgctl/services/organizations"

	"github.com/google/go-cmp/cmp"

	"github.com/orgctl/orgctl/engine"
	"github.com/orgctl/orgctl/facts"
	"github.com/orgctl/orgctl/spec"
)

const scpDoc = `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"*","Resource":"*"}]}`

// liveOrg is a small organization as a provider reports it, with every
// kind of thing the spec cannot express mixed in.
func liveOrg() []engine.Resource {
	var rs []engine.Resource
	add := func(kind engine.Kind, key string, attrs engine.Attrs) {
		rs = append(rs, engine.Resource{Kind: kind, Key: key, Attrs: attrs})
	}
	attach := func(typ, policy, target string) {
		add(orgs.KindAttachment, orgs.AttachmentKey(typ, policy, target), orgs.AttachmentAttrs(typ, policy, target))
	}
	add(orgs.KindOrganization, orgs.OrganizationKey, engine.Attrs{"featureSet": "ALL",
		"tags": map[string]string{"team": "cloud", facts.ReservedTagPrefix + "live-commit": "abc123"}})
	add(orgs.KindPolicyType, "SERVICE_CONTROL_POLICY", engine.Attrs{})
	add(orgs.KindPolicyType, "RESOURCE_CONTROL_POLICY", engine.Attrs{})
	add(orgs.KindTrustedAccess, "sso.amazonaws.com", engine.Attrs{})
	add(orgs.KindTrustedAccess, "config.amazonaws.com", engine.Attrs{})
	add(orgs.KindOU, "Workloads", engine.Attrs{"name": "Workloads", "tags": map[string]string{"owner": "platform"}, engine.AttrOwner: "terraform"})
	add(orgs.KindOU, "Workloads/Prod", engine.Attrs{"name": "Prod", "tags": map[string]string{"bell\a": "x"}})
	add(orgs.KindOU, "a/b", engine.Attrs{"name": "a/b"})
	add(orgs.KindOU, "a/b/c", engine.Attrs{"name": "c"})
	add(orgs.KindOU, "Zero\u200bWidth", engine.Attrs{"name": "Zero\u200bWidth", "tags": map[string]string{"x": "y"}})
	add(orgs.KindAccount, "mgmt@example.com", engine.Attrs{"name": "management", "email": "mgmt@example.com", "management": true})
	add(orgs.KindAccount, "app@example.com", engine.Attrs{"name": "app", "email": "app@example.com", "ou": "Workloads/Prod",
		"tags": map[string]string{"env": "prod", facts.ReservedTagPrefix + "x": "y"}})
	add(orgs.KindAccount, "app-old@example.com", engine.Attrs{"name": "app", "email": "app-old@example.com", "closed": true, "state": "SUSPENDED"})
	add(orgs.KindAccount, "gone@example.com", engine.Attrs{"name": "gone", "email": "gone@example.com", "closed": true, "state": "PENDING_CLOSURE", "ou": "Workloads"})
	add(orgs.KindAccount, "deep@example.com", engine.Attrs{"name": "deep", "email": "deep@example.com", "ou": "a/b/c"})
	add(orgs.KindAccount, "uni@example.com", engine.Attrs{"name": "café", "email": "uni@example.com"})
	add(orgs.KindAccount, "dots@example..com", engine.Attrs{"name": "dots", "email": "dots@example..com"})
	policy := func(typ, name, desc string) {
		add(orgs.KindPolicy, orgs.PolicyKey(typ, name), engine.Attrs{"name": name, "type": typ, "description": desc, "document": scpDoc})
	}
	policy("SERVICE_CONTROL_POLICY", "deny-all", "Deny everything.")
	policy("SERVICE_CONTROL_POLICY", "Deny All", "")
	policy("SERVICE_CONTROL_POLICY", facts.LockPolicyName, "lock")
	policy("RESOURCE_CONTROL_POLICY", "deny-all", "")
	policy("TAG_POLICY", "tags", "")
	policy("SERVICE_CONTROL_POLICY", "evil\u202e", "")
	policy("SERVICE_CONTROL_POLICY", "escape-in-description", "Clears the screen \x1b[2J.\nSecond line.")
	attach("SERVICE_CONTROL_POLICY", "FullAWSAccess", orgs.TargetRoot)
	attach("SERVICE_CONTROL_POLICY", "deny-all", orgs.TargetRoot)
	attach("RESOURCE_CONTROL_POLICY", "RCPFullAWSAccess", orgs.TargetRoot)
	attach("RESOURCE_CONTROL_POLICY", "deny-all", orgs.OUTarget("Workloads"))
	attach("SERVICE_CONTROL_POLICY", "Deny All", orgs.OUTarget("Workloads"))
	attach("SERVICE_CONTROL_POLICY", "FullAWSAccess", orgs.OUTarget("Workloads"))
	attach("SERVICE_CONTROL_POLICY", "FullAWSAccess", orgs.OUTarget("Workloads/Prod"))
	attach("SERVICE_CONTROL_POLICY", "FullAWSAccess", orgs.AccountTarget("app@example.com"))
	attach("SERVICE_CONTROL_POLICY", "FullAWSAccess", orgs.AccountTarget("mgmt@example.com"))
	attach("SERVICE_CONTROL_POLICY", "deny-all", orgs.AccountTarget("mgmt@example.com"))
	attach("SERVICE_CONTROL_POLICY", "FullAWSAccess", orgs.OUTarget("a/b"))
	add(orgs.KindDelegatedAdmin, "config.amazonaws.com/app@example.com", engine.Attrs{"principal": "config.amazonaws.com", "account": "app@example.com"})
	add(orgs.KindDelegatedAdmin, "config.amazonaws.com/deep@example.com", engine.Attrs{"principal": "config.amazonaws.com", "account": "deep@example.com"})
	add(orgs.KindDelegatedAdmin, "guardduty.amazonaws.com/app@example.com", engine.Attrs{"principal": "guardduty.amazonaws.com", "account": "app@example.com"})
	return rs
}

func TestBuildSkipsWhatTheSpecCannotSay(t *testing.T) {
	res, err := Build(liveOrg(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		`OU "Zero\u200bWidth" and everything in it: the spec refuses its name: it has an invisible character, U+200B ZERO WIDTH SPACE at character 5`,
		`OU "a/b" and everything in it: its name contains /, which the spec uses to separate the levels of a path`,
		`account "app" <app-old@example.com>: account <app@example.com> has the same name, and spec account names are unique`,
		`account "café" <uni@example.com>: its name has characters outside printable ASCII, which the spec does not allow`,
		`account "deep" <deep@example.com>: it is in OU "a/b/c", which the spec cannot express`,
		`account "dots" <dots@example..com>: its email is not one the spec accepts (one @, a domain with a dot, no spaces)`,
		`attachment of RESOURCE_CONTROL_POLICY "deny-all" to "ou:Workloads": the policy is left out (see above), so a plan with this spec detaches it`,
		`delegated administrator app@example.com for guardduty.amazonaws.com: the service has no trusted access, which the spec requires`,
		`delegated administrator deep@example.com for config.amazonaws.com: its account is left out (see above)`,
		`policy RESOURCE_CONTROL_POLICY "deny-all": a SERVICE_CONTROL_POLICY has the same name, and spec policy names are unique`,
		`policy SERVICE_CONTROL_POLICY "escape-in-description": the spec refuses its description: it has a control character, U+001B ESCAPE at character 19`,
		`policy SERVICE_CONTROL_POLICY "evil\u202e": the spec refuses its name: it has a bidirectional-control character, U+202E RIGHT-TO-LEFT OVERRIDE at character 5`,
		`policy TAG_POLICY "tags": its type is not enabled, and the spec declares policies of enabled types only`,
		`tag "bell\a" on OU "Workloads/Prod": the spec refuses its key: it has a control character, U+0007 BEL at character 5`,
		`tag "orgctl:x" on account "app" <app@example.com>: keys starting with orgctl: are reserved for orgctl`,
		`tag managed-by="terraform" on OU "Workloads": the spec keeps managed-by for orgctl, and another tool may manage this; with --adopt, the first apply retags it managed-by=orgctl`,
	}
	if diff := cmp.Diff(want, res.Skipped); diff != "" {
		t.Errorf("skipped (-want +got):\n%s", diff)
	}
	org := string(res.Files["org.yaml"])
	for _, s := range want {
		if !strings.Contains(org, "#   - "+s+"\n") {
			t.Errorf("org.yaml's header does not list %q:\n%s", s, org)
		}
	}
	for _, s := range []string{
		"# yaml-language-server: $schema=schema.json\n",
		"# Closed accounts, kept with closed: true until AWS removes them:\n" +
			`#   - account "gone" <gone@example.com> (pending_closure)` + "\n",
		"  # The management account.\n  - name: management\n",
	} {
		if !strings.Contains(org, s) {
			t.Errorf("org.yaml lacks %q:\n%s", s, org)
		}
	}
	if !strings.HasPrefix(org, "# yaml-language-server") {
		t.Error("org.yaml must start with the schema comment")
	}
	for _, absent := range []string{facts.LockPolicyName, "live-commit", "RCPFullAWSAccess"} {
		if strings.Contains(org, absent) {
			t.Errorf("org.yaml mentions %s, which import leaves out:\n%s", absent, org)
		}
	}

	s := res.Spec
	got := map[string]any{
		"delegated":    s.Organization.DelegatedAdministrators,
		"rootPolicies": s.Organization.Policies,
		"rootTags":     s.Organization.Tags,
		"trusted":      s.Organization.TrustedAccess,
		"types":        s.Organization.PolicyTypes,
		"ous":          len(s.OrganizationalUnits),
		"workloads":    s.OrganizationalUnits[0].Policies,
		"prod":         s.OrganizationalUnits[0].Children[0].Policies,
		"policies":     []string{s.Policies[0].Name, s.Policies[1].Name},
		"policyFiles":  []string{s.Policies[0].File, s.Policies[1].File},
	}
	wantSpec := map[string]any{
		"delegated":    []spec.DelegatedAdministrator{{Service: "config.amazonaws.com", Account: "app"}},
		"rootPolicies": []string{"FullAWSAccess", "deny-all"},
		"rootTags":     map[string]string{"team": "cloud"},
		"trusted":      []string{"config.amazonaws.com", "sso.amazonaws.com"},
		"types":        []string{"SERVICE_CONTROL_POLICY", "RESOURCE_CONTROL_POLICY"},
		"ous":          1,
		"workloads":    []string{"FullAWSAccess", "Deny All"},
		"prod":         []string{"FullAWSAccess"},
		"policies":     []string{"Deny All", "deny-all"},
		"policyFiles":  []string{"policies/Deny-All.json", "policies/deny-all-2.json"},
	}
	if diff := cmp.Diff(wantSpec, got); diff != "" {
		t.Errorf("spec (-want +got):\n%s", diff)
	}

	accounts := map[string]spec.Account{}
	for _, a := range s.Accounts {
		accounts[a.Email] = a
	}
	wantAccounts := map[string]spec.Account{
		"mgmt@example.com": {Name: "management", Email: "mgmt@example.com", Policies: []string{"FullAWSAccess", "deny-all"}},
		// FullAWSAccess alone on an account goes unsaid: it is implied.
		"app@example.com":  {Name: "app", Email: "app@example.com", OU: "Workloads/Prod", Tags: map[string]string{"env": "prod"}},
		"gone@example.com": {Name: "gone", Email: "gone@example.com", OU: "Workloads", Closed: true},
	}
	if diff := cmp.Diff(wantAccounts, accounts); diff != "" {
		t.Errorf("accounts (-want +got):\n%s", diff)
	}
}

func TestBuildAdopt(t *testing.T) {
	res, err := Build(liveOrg(), Options{Adopt: true})
	if err != nil {
		t.Fatal(err)
	}
	if !res.Spec.Settings.Adopt || !strings.Contains(string(res.Files["org.yaml"]), "\nsettings:\n  adopt: true\n") {
		t.Errorf("--adopt must set settings.adopt:\n%s", res.Files["org.yaml"])
	}
	plain, _ := Build(liveOrg(), Options{})
	if plain.Spec.Settings.Adopt || strings.Contains(string(plain.Files["org.yaml"]), "adopt: true") {
		t.Error("without --adopt nothing is adopted")
	}
}

func TestSplitAccounts(t *testing.T) {
	res, err := Build(liveOrg(), Options{SplitThreshold: -1})
	if err != nil {
		t.Fatal(err)
	}
	names := res.Names()
	want := []string{"org.yaml", "accounts/Workloads.yaml", "accounts/root.yaml", "policies/Deny-All.json", "policies/deny-all-2.json", "schema.json"}
	if diff := cmp.Diff(want, names); diff != "" {
		t.Errorf("files (-want +got):\n%s", diff)
	}
	if !strings.Contains(string(res.Files["org.yaml"]), "\ninclude: [accounts/*.yaml]\n") || len(res.Spec.Accounts) != 3 {
		t.Errorf("split accounts must be included back: %d accounts\n%s", len(res.Spec.Accounts), res.Files["org.yaml"])
	}
}

func TestSlug(t *testing.T) {
	taken := map[string]bool{}
	for _, tc := range []struct{ name, want string }{
		{"deny-all", "deny-all"},
		{"Deny All", "Deny-All-2"}, // same file as deny-all on case-insensitive file systems
		{"../../etc/passwd", "etc-passwd"},
		{".hidden", "hidden"},
		{"données: ünïcode", "donn-es-n-code"},
		{"???", "policy"},
		{"", "policy-2"},
		{strings.Repeat("a", 200), strings.Repeat("a", 100)},
	} {
		if got := unique(slug(tc.name, "policy"), taken); got != tc.want {
			t.Errorf("slug(%q) = %q, want %q", tc.name, got, tc.want)
		}
	}
}

func TestWriteRefusesNonEmptyUnlessForced(t *testing.T) {
	res, err := Build(liveOrg(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	stale := filepath.Join(dir, "policies", "stale.json")
	own := filepath.Join(dir, "notes.txt")
	os.MkdirAll(filepath.Dir(stale), 0o755)
	os.WriteFile(stale, []byte("{}"), 0o644)
	os.WriteFile(own, []byte("mine"), 0o644)
	if err := Write(dir, res, false); !errors.Is(err, ErrNotEmpty) {
		t.Fatalf("Write into a non-empty directory: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "org.yaml")); err == nil {
		t.Fatal("a refused Write wrote org.yaml")
	}
	if err := Write(dir, res, true); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(stale); err == nil {
		t.Error("--force must remove policy files the import no longer has")
	}
	if _, err := os.Stat(own); err != nil {
		t.Error("--force must keep files outside what import writes")
	}
	for name, want := range res.Files {
		got, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(name)))
		if err != nil || string(got) != string(want) {
			t.Errorf("%s not written as built: %v", name, err)
		}
	}
}
