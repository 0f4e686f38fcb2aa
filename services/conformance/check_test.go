package conformance

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"

	"github.com/orgctl/orgctl/engine"
	"github.com/orgctl/orgctl/spec"
)

const base = `version: 1
settings:
  homeRegion: eu-west-1
  regions: [us-east-1, eu-west-1]
organizationalUnits:
  - {name: Sandbox, children: [{name: Dev}]}
accounts:
  - {name: security, email: sec@example.com}
  - {name: play, email: play@example.com, ou: Sandbox}
  - {name: dev, email: dev@example.com, ou: Sandbox/Dev}
  - {name: old, email: old@example.com, ou: Sandbox, closed: true}
security:
  admin: security
  config: {}
`

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

func load(t *testing.T, yaml string, files map[string]string) (*spec.Spec, string) {
	t.Helper()
	fsys := fstest.MapFS{"org.yaml": {Data: []byte(yaml)}, "packs/keys.yaml": {Data: []byte(template)}}
	for n, d := range files {
		fsys[n] = &fstest.MapFile{Data: []byte(d)}
	}
	s, ds := spec.LoadFS(fsys, "org.yaml")
	return s, ds.Error()
}

func TestSectionRules(t *testing.T) {
	pack := func(fields string) string {
		return base + "conformancePacks:\n  - {name: keys, template: packs/keys.yaml" + fields + "}\n"
	}
	rule := func(fields string) string {
		return base + "configRules:\n  - {name: s3-public, identifier: S3_BUCKET_PUBLIC_READ_PROHIBITED" + fields + "}\n"
	}
	big := "Resources:\n  R: {Type: AWS::Config::ConfigRule}\n#" + strings.Repeat("x", MaxTemplateBytes) + "\n"
	tests := []struct {
		name, yaml string
		files      map[string]string
		want       string // "" for a valid spec; else a substring of the error
	}{
		{"a pack", pack(", parameters: {MaxAge: '30'}, exclude: {accounts: [play], ous: [Sandbox]}, deliveryBucket: awsconfigconforms-acme, deliveryPrefix: p"), nil, ""},
		{"a rule", rule(", parameters: {maxAccessKeyAge: 90}, maximumExecutionFrequency: One_Hour, regions: [eu-west-1]"), nil, ""},
		{"no security.config", strings.Replace(pack(""), "  config: {}\n", "", 1), nil, "org.yaml:15:3: conformancePacks needs security.config"},
		{"pack name pattern", strings.Replace(pack(""), "name: keys", "name: my_keys", 1), nil, `conformancePacks[0].name "my_keys" is not a valid conformance pack name`},
		{"twice", base + "conformancePacks:\n  - {name: k, template: packs/keys.yaml}\n  - {name: k, template: packs/keys.yaml}\n", nil, "org.yaml:17:12: conformance pack k is declared twice"},
		{"no template file", strings.Replace(pack(""), "packs/keys.yaml", "packs/nope.yaml", 1), nil, "org.yaml:16:28: conformancePacks[0].template: file packs/nope.yaml does not exist"},
		{"template by absolute path", strings.Replace(pack(""), "packs/keys.yaml", "/etc/keys.yaml", 1), nil, "conformancePacks[0].template: /etc/keys.yaml is an absolute path"},
		{"template outside the tree", strings.Replace(pack(""), "packs/keys.yaml", "../keys.yaml", 1), nil, "../keys.yaml points outside the spec's directory tree"},
		{"no template", strings.Replace(pack(""), ", template: packs/keys.yaml", "", 1), nil, "conformancePacks[0].template is missing"},
		{"template not YAML", strings.Replace(pack(""), "packs/keys.yaml", "packs/bad.yaml", 1), map[string]string{"packs/bad.yaml": "Resources: [\n"}, "is not a valid template"},
		{"template without resources", strings.Replace(pack(""), "packs/keys.yaml", "packs/bad.yaml", 1), map[string]string{"packs/bad.yaml": "Parameters: {}\n"}, "packs/bad.yaml has no Resources"},
		{"template too big", strings.Replace(pack(""), "packs/keys.yaml", "packs/big.yaml", 1), map[string]string{"packs/big.yaml": big}, "packs/big.yaml is 51250 bytes"},
		{"undeclared parameter", pack(", parameters: {MaxAg: '1'}"), nil, `parameter MaxAg is not declared by packs/keys.yaml`},
		{"did you mean the parameter", pack(", parameters: {MaxAg: '1'}"), nil, `Did you mean "MaxAge"?`},
		{"bucket prefix", pack(", deliveryBucket: acme-conforms"), nil, `conformancePacks[0].deliveryBucket "acme-conforms" does not start with awsconfigconforms`},
		{"bucket ARN", pack(", deliveryBucket: 'awsconfigconforms:arn'"), nil, "is not a bucket name"},
		{"prefix without bucket", pack(", deliveryPrefix: p"), nil, "deliveryPrefix without a deliveryBucket"},
		{"ungoverned region", pack(", regions: [us-west-2]"), nil, "us-west-2 is not a governed Region"},
		{"regions typo", pack(", regions: al"), nil, `Did you mean "all"?`},
		{"unknown excluded account", pack(", exclude: {accounts: [ply]}"), nil, `unknown account "ply"`},
		{"unknown excluded OU", pack(", exclude: {ous: [Sandbx]}"), nil, `conformancePacks[0].exclude.ous: unknown OU "Sandbx"`},
		{"rule without identifier", base + "configRules:\n  - {name: x}\n", nil, "configRules[0].identifier is missing"},
		{"rule's console name", strings.Replace(rule(""), "S3_BUCKET_PUBLIC_READ_PROHIBITED", "s3-bucket-public-read-prohibited", 1), nil, `"s3-bucket-public-read-prohibited" is not a managed rule identifier`},
		{"rule name too long", strings.Replace(rule(""), "s3-public", strings.Repeat("r", 65), 1), nil, "configRules[0].name is longer than 64 characters"},
		{"rule parameters too long", rule(", parameters: {p: " + strings.Repeat("v", 2048) + "}"), nil, "configRules[0].parameters is 2056 characters as JSON"},
		{"rule frequency", rule(", maximumExecutionFrequency: Daily"), nil, `configRules[0].maximumExecutionFrequency "Daily" is not a frequency`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, got := load(t, tt.yaml, tt.files)
			if tt.want == "" && got != "" {
				t.Fatalf("want a valid spec, got:\n%s", got)
			}
			if !strings.Contains(got, tt.want) {
				t.Errorf("want %q in:\n%s", tt.want, got)
			}
		})
	}
}

func TestDesired(t *testing.T) {
	s, errs := load(t, base+`conformancePacks:
  - name: keys
    template: packs/keys.yaml
    parameters: {MaxAge: "30"}
    exclude: {accounts: [security], ous: [Sandbox]}
configRules:
  - {name: s3-public, identifier: S3_BUCKET_PUBLIC_READ_PROHIBITED, parameters: {b: 1, a: x}, regions: [eu-west-1]}
`, nil)
	if errs != "" {
		t.Fatal(errs)
	}
	var got []string
	for _, r := range Desired(s) {
		got = append(got, r.Ref().String()+" "+strings.Join(r.Attrs.Strings(AttrExcluded), ","))
	}
	want := []string{
		"config-conformance-pack:eu-west-1/sec@example.com/keys dev@example.com,play@example.com,sec@example.com",
		"config-conformance-pack:us-east-1/sec@example.com/keys dev@example.com,play@example.com,sec@example.com",
		"config-org-rule:eu-west-1/sec@example.com/s3-public ",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("desired (-want +got):\n%s", diff)
	}
	d := Desired(s)
	if h := d[0].Attrs.String(AttrTemplate); h != TemplateHash([]byte(template)) || !strings.HasPrefix(h, "sha256:") {
		t.Errorf("template hash %q", h)
	}
	if p := d[2].Attrs.String(AttrParameters); p != `{"a":"x","b":1}` {
		t.Errorf("rule parameters %q", p)
	}
	if diff := cmp.Diff([]string{"config-multiaccountsetup.amazonaws.com", "config.amazonaws.com"}, s.TrustedAccess()); diff != "" {
		t.Errorf("trusted access (-want +got):\n%s", diff)
	}
}

func TestDestructive(t *testing.T) {
	rule := kinds[0].Destructive
	one := engine.Attrs{AttrExcluded: []string{"a@example.com"}}
	two := engine.Attrs{AttrExcluded: []string{"a@example.com", "b@example.com"}}
	for _, tt := range []struct {
		name          string
		action        engine.Action
		before, after engine.Attrs
		want          bool
	}{
		{"delete", engine.Delete, one, nil, true},
		{"create", engine.Create, nil, one, false},
		{"fewer excluded", engine.Update, two, one, false},
		{"more excluded", engine.Update, one, two, true},
		{"another template", engine.Update, engine.Attrs{AttrTemplate: "sha256:a"}, engine.Attrs{AttrTemplate: "sha256:b"}, false},
	} {
		if got := rule(&engine.Change{Action: tt.action, Before: tt.before, After: tt.after}); got != tt.want {
			t.Errorf("%s: destructive = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestCheck(t *testing.T) {
	r := engine.Resource{Kind: KindPack, Key: "us-east-1/mgmt@example.com/keys",
		Attrs: engine.Attrs{AttrRegion: "us-east-1", AttrAccount: "mgmt@example.com", AttrName: "keys"}}
	live := []engine.Resource{{Kind: "account", Key: "mgmt@example.com", Attrs: engine.Attrs{"management": true}}}
	for _, k := range kinds[:2] { // the packs and rules; the recorders report is never desired
		r.Kind = k.Kind
		if got := k.Check(r, engine.NewCheckEnv(nil, live)); !strings.Contains(got, "the management account cannot be AWS Config's delegated administrator") {
			t.Errorf("%s made by the management account: %q", k.Kind, got)
		}
	}
	r.Attrs[AttrAccount] = "sec@example.com"
	if got := kinds[0].Check(r, engine.NewCheckEnv(nil, live)); got != "" {
		t.Errorf("a member administrator: %q", got)
	}
}
