package sandbox_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/orgctl/orgctl/sandbox"
	_ "github.com/orgctl/orgctl/sandbox/all"
)

// The core names no service: its non-test source never mentions a signing
// name or a JSON target prefix of any service, registered or planned. A
// service's name in the core would be a switch on it, which belongs in the
// service's hooks.
func TestCoreNamesNoService(t *testing.T) {
	t.Parallel()
	names, prefixes := sandbox.Services()
	var banned []string
	for _, n := range names {
		if !strings.HasPrefix(n, "fake") { // the core's own test doubles
			banned = append(banned, n)
		}
	}
	banned = append(banned, "sso", "identitystore", "identitycenter", "cloudtrail", "guardduty", "securityhub", "config", "macie2",
		"inspector2", "detective", "auditmanager", "fms", "controltower", "iam")
	for _, p := range prefixes {
		if !strings.HasPrefix(p, "Fake") {
			banned = append(banned, p)
		}
	}
	banned = append(banned, "AWSOrganizationsV20161128", "com.amazonaws.cloudtrail")
	var alts []string
	for _, b := range banned {
		alts = append(alts, regexp.QuoteMeta(b))
	}
	re := regexp.MustCompile(`\b(` + strings.Join(alts, "|") + `)\b`)
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	checked := 0
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		checked++
		for i, line := range strings.Split(string(data), "\n") {
			if m := re.FindString(line); m != "" && !allowedMention(m, line) {
				t.Errorf("%s:%d names the service %q: %s", f, i+1, m, strings.TrimSpace(line))
			}
		}
	}
	if checked == 0 {
		t.Fatal("no core source found")
	}
}

// allowedMention lets through ARNs, whose service part is IAM's or STS's
// wire format shared by every service ("arn:aws:iam::…"), not a switch;
// and Account Management's signing name as the word the core uses in its
// own sense (an AWS account), everywhere but in a string literal, which a
// switch on the service would need (a struct tag is not one).
func allowedMention(name, line string) bool {
	if name == "account" {
		return !strings.Contains(line, `"account"`) || strings.Contains(line, `json:"account"`)
	}
	return (name == "iam" || name == "sts") && strings.Contains(line, "arn:aws:"+name+"::")
}
