package lint

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	_ "github.com/orgctl/orgctl/catalog" // registers the services' spec sections
	"github.com/orgctl/orgctl/spec"
)

// fakeSections are the sections other work will add; a test registers a
// stand-in for each that no service registers yet, so the rules about them
// can be seen passing. fakeRegistered says which the test made up.
var fakeRegistered = map[string]bool{}

type fakeEntry struct {
	// Name of the entry.
	Name string `json:"name"`
}

func init() {
	for _, at := range []string{conformancePacksSection, firewallPoliciesSection, identityCenterSection} {
		if slices.ContainsFunc(spec.Sections(), func(s spec.Section) bool { return s.Path == at }) {
			continue
		}
		fakeRegistered[at] = true
		spec.RegisterSection(spec.Section{Path: at, New: func() any { return new([]fakeEntry) },
			Check: func(*spec.Spec, any, *spec.Reporter) {}})
	}
}

// load writes files (org.yaml first) to a temporary directory and loads
// the spec, failing the test on a spec error.
func load(t testing.TB, files map[string]string) *spec.Spec {
	t.Helper()
	dir := t.TempDir()
	for name, body := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	s, ds := spec.Load(filepath.Join(dir, "org.yaml"))
	if ds.HasErrors() {
		t.Fatalf("spec does not load:\n%v\n%s", ds, files["org.yaml"])
	}
	return s
}

// base is a spec no rule fires on but the three whose sections may not
// exist (conformance-packs, firewall-policy, identity-center). Cases edit
// it with replacements; line numbers in cases count in it.
const base = `version: 1
settings:
  regions: [us-east-1, eu-west-1]
organization:
  policyTypes: [SERVICE_CONTROL_POLICY]
  policies: [FullAWSAccess, guardrails]
organizationalUnits:
  - name: Security
    policies: [FullAWSAccess, region-guard, protect]
  - name: Workloads
    children:
      - name: Prod
accounts:
  - name: security-tooling
    email: sec@example.com
    ou: Security
  - name: app
    email: app@example.com
    ou: Workloads/Prod
security:
  admin: security-tooling
  guardDuty: {}
  securityHub: {}
  config: {aggregator: {roleName: OrgConfigAggregator}}
  macie: {members: all}
  inspector: {}
  detective: {}
  auditManager: {}
cloudTrail: {name: org-trail, bucket: acme-trail}
policies:
  - name: guardrails
    type: SERVICE_CONTROL_POLICY
    document:
      Version: "2012-10-17"
      Statement:
        - Sid: DenyLeave
          Effect: Deny
          Action: organizations:LeaveOrganization
          Resource: "*"
  - name: region-guard
    type: SERVICE_CONTROL_POLICY
    file: policies/region-guard.json
  - name: protect
    type: SERVICE_CONTROL_POLICY
    document:
      Version: "2012-10-17"
      Statement:
        - Sid: ProtectGuardDuty
          Effect: Deny
          Action: [guardduty:DeleteDetector, guardduty:UpdateOrganizationConfiguration]
          Resource: "*"
          Condition:
            ArnNotLike:
              aws:PrincipalArn: arn:aws:iam::*:role/OrganizationAccountAccessRole
`

const regionGuard = `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "DenyOutsideRegions",
      "Effect": "Deny",
      "NotAction": ["iam:*", "organizations:*", "sts:*"],
      "Resource": "*",
      "Condition": {
        "StringNotEquals": {"aws:RequestedRegion": ["us-east-1", "eu-west-1"]}
      }
    }
  ]
}
`

// edit returns the base files with each old string of pairs replaced by
// the new one that follows it (file>>old edits another file than
// org.yaml); a missing old string fails the test.
func edit(t testing.TB, pairs ...string) map[string]string {
	t.Helper()
	files := map[string]string{"org.yaml": base, "policies/region-guard.json": regionGuard}
	for i := 0; i+1 < len(pairs); i += 2 {
		old, repl := pairs[i], pairs[i+1]
		file := "org.yaml"
		if f, rest, ok := strings.Cut(old, ">>"); ok {
			file, old = f, rest
		}
		if !strings.Contains(files[file], old) {
			t.Fatalf("%s has no %q", file, old)
		}
		files[file] = strings.Replace(files[file], old, repl, 1)
	}
	return files
}
