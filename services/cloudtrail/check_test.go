package cloudtrail

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/orgctl/orgctl/spec"
)

func load(t *testing.T, files map[string]string) (*spec.Spec, string) {
	t.Helper()
	fsys := fstest.MapFS{}
	for name, data := range files {
		fsys[name] = &fstest.MapFile{Data: []byte(data)}
	}
	s, ds := spec.LoadFS(fsys, "org.yaml")
	return s, ds.Error()
}

func TestSectionRules(t *testing.T) {
	const head = "version: 1\n"
	tests := []struct {
		name, yaml string
		want       string // "" for a valid spec
	}{
		{"valid", head + "cloudTrail: {name: org-trail, bucket: acme-org-trail}\n", ""},
		{"every setting", head + "cloudTrail:\n  name: org-trail\n  bucket: acme-org-trail\n  keyPrefix: logs\n  kmsKey: arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab\n  multiRegion: false\n  logFileValidation: true\n  tags: {owner: secops}\n", ""},
		{"no name", head + "cloudTrail: {bucket: acme-org-trail}\n", "org.yaml:2:13: cloudTrail.name is missing"},
		{"no bucket", head + "cloudTrail: {name: org-trail}\n", "cloudTrail.bucket is missing"},
		{"bad name", head + "cloudTrail: {name: -trail, bucket: b-b-b}\n", `org.yaml:2:20: cloudTrail.name "-trail" is not a valid trail name`},
		{"adjacent punctuation", head + "cloudTrail: {name: org.-trail, bucket: b-b-b}\n", "is not a valid trail name"},
		{"bad bucket", head + "cloudTrail: {name: org-trail, bucket: Acme_Logs}\n", `cloudTrail.bucket "Acme_Logs" is not a valid S3 bucket name`},
		{"alias instead of key ARN", head + "cloudTrail: {name: org-trail, bucket: b-b-b, kmsKey: alias/trail}\n", `cloudTrail.kmsKey "alias/trail" is not a KMS key`},
		{"prefix with a slash", head + "cloudTrail: {name: org-trail, bucket: b-b-b, keyPrefix: /logs}\n", "starts or ends with /"},
		{"reserved tag", head + "cloudTrail: {name: org-trail, bucket: b-b-b, tags: {managed-by: me}}\n", "managed-by"},
		{"wrong type", head + "cloudTrail: {name: org-trail, bucket: b-b-b, multiRegion: yes-please}\n", "cloudTrail.multiRegion: expected a boolean"},
		{"typo of the key", head + "cloudTrial: {name: org-trail, bucket: b-b-b}\n", `Did you mean "cloudTrail"?`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, got := load(t, map[string]string{"org.yaml": tt.yaml})
			if tt.want == "" && got != "" {
				t.Fatalf("want a valid spec, got:\n%s", got)
			}
			if !strings.Contains(got, tt.want) {
				t.Errorf("want %q in:\n%s", tt.want, got)
			}
		})
	}
}

// The trail is the root file's: an included file cannot hold it.
func TestSectionOnlyInTheRootFile(t *testing.T) {
	_, got := load(t, map[string]string{
		"org.yaml":  "version: 1\ninclude: [more.yaml]\n",
		"more.yaml": "version: 1\ncloudTrail: {name: org-trail, bucket: b-b-b}\n",
	})
	if !strings.Contains(got, "more.yaml:2:1: cloudTrail may only appear in the root spec file") {
		t.Errorf("want the included trail refused at more.yaml:2:1, got:\n%s", got)
	}
}

func TestDesired(t *testing.T) {
	s, errs := load(t, map[string]string{"org.yaml": "version: 1\nsettings: {homeRegion: eu-west-1}\ncloudTrail: {name: org-trail, bucket: b-b-b, multiRegion: false}\n"})
	if errs != "" {
		t.Fatal(errs)
	}
	rs := Desired(s)
	if len(rs) != 1 {
		t.Fatalf("want one trail, got %v", rs)
	}
	a := rs[0].Attrs
	if rs[0].Ref() != Trail("org-trail") || a.String(AttrRegion) != "eu-west-1" || a.Bool(AttrMultiRegion) ||
		!a.Bool(AttrLogFileValidation) || !a.Bool(AttrOrganization) || !a.Bool(AttrLogging) {
		t.Errorf("trail = %s %v; want org-trail in eu-west-1, one region, validated, organization-wide, logging", rs[0].Ref(), a)
	}
	if ta := s.TrustedAccess(); len(ta) != 1 || ta[0] != Principal {
		t.Errorf("trusted access = %v, want [%s]", ta, Principal)
	}
	s, _ = load(t, map[string]string{"org.yaml": "version: 1\n"})
	if rs := Desired(s); rs != nil {
		t.Errorf("no section, yet desired %v", rs)
	}
}
