package engine_test

import (
	"bytes"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/orgctl/orgctl/engine"
	orgs "github.com/orgctl/orgctl/services/organizations"
	"github.com/orgctl/orgctl/spec"
)

// scpDocument is a service control policy of some length, as organizations
// write them; version picks the actions of every third statement, so two
// versions differ in eight places, with unchanged statements between. The
// twenty diffs of scalePlan take some 36,000 characters: beside 780 rows
// of accounts they would not fit a comment.
func scpDocument(policy, version int) string {
	var st []string
	for j := range 24 {
		action := fmt.Sprintf(`["svc%02d:Delete*","svc%02d:Put*Policy"]`, j, j)
		if j%3 == 1 {
			action = fmt.Sprintf(`["svc%02d:Delete*","svc%02d:Put*Policy","svc%02d:Update%dV%d"]`, j, j, j, policy, version)
		}
		st = append(st, fmt.Sprintf(`{"Sid":"Guard%02d","Effect":"Deny","Action":%s,"Resource":"*",`+
			`"Condition":{"StringNotLike":{"aws:PrincipalArn":"arn:aws:iam::*:role/platform-admin"}}}`, j, action))
	}
	return `{"Version":"2012-10-17","Statement":[` + strings.Join(st, ",") + `]}`
}

// scalePlan is a plan of 800 changes: 780 accounts to create and 20
// policies whose documents change in eight places each.
func scalePlan(t *testing.T) *engine.Plan {
	s := baseSpec()
	for i := range 20 {
		s.Policies = append(s.Policies, spec.Policy{Name: fmt.Sprintf("guard-%02d", i), Type: "SERVICE_CONTROL_POLICY", Content: scpDocument(i, 2)})
	}
	live := liveOf(s)
	for i := range 20 {
		live = setAttr(live, orgs.KindPolicy, fmt.Sprintf("scp/guard-%02d", i), "document", scpDocument(i, 1))
	}
	for i := range 780 {
		s.Accounts = append(s.Accounts, spec.Account{Name: fmt.Sprintf("team-%03d", i), Email: fmt.Sprintf("aws+team-%03d@example.com", i), OU: "Workloads/Prod"})
	}
	p := mustDiff(t, engine.Desired(s), live, true)
	if len(p.Changes) != 800 || p.Summary.Create != 780 || p.Summary.Update != 20 {
		t.Fatalf("plan of %d changes (%s), want 780 creates and 20 updates", len(p.Changes), engine.SummaryLine(p.Summary))
	}
	return p
}

// A plan of 800 changes fits a comment with every policy diff whole: the
// account creations are folded into one group instead of 780 rows.
func TestMarkdownAtScaleKeepsEveryPolicyDiff(t *testing.T) {
	p := scalePlan(t)
	for name, render := range map[string]func(*bytes.Buffer, *engine.Plan){
		"plan":  func(b *bytes.Buffer, p *engine.Plan) { engine.RenderMarkdown(b, p) },
		"drift": func(b *bytes.Buffer, p *engine.Plan) { engine.RenderDriftMarkdown(b, p) },
	} {
		t.Run(name, func(t *testing.T) {
			var b bytes.Buffer
			render(&b, p)
			out := b.String()
			t.Logf("%d changes in %d characters", len(p.Changes), len(out))
			if len(out) > engine.MaxCommentLen {
				t.Fatalf("%d characters, over GitHub's %d", len(out), engine.MaxCommentLen)
			}
			if strings.Contains(out, "Shortened") {
				t.Errorf("shortened, though the summarised plan fits:\n%s", out[len(out)-400:])
			}
			for i := range 20 {
				key := fmt.Sprintf("scp/guard-%02d", i)
				start := strings.Index(out, fmt.Sprintf("<summary><code>~ policy %q</code></summary>", key))
				if start < 0 {
					t.Errorf("no document diff for %s", key)
					continue
				}
				block, _, _ := strings.Cut(out[start:], "</details>")
				for j := 1; j < 24; j += 3 {
					for v, op := range map[int]string{1: "-", 2: "+"} {
						want := fmt.Sprintf(`(?m)^\%s +"svc%02d:Update%dV%d"$`, op, j, i, v)
						if !regexp.MustCompile(want).MatchString(block) {
							t.Errorf("%s: the diff lacks %q:\n%s", key, want, block)
						}
					}
				}
			}
			group := strings.Index(out, "<details><summary><code>+</code> account: 780 to create</summary>")
			if group < 0 {
				t.Fatal("the account creations are not folded into one group with their count")
			}
			if n := strings.Count(out, "| `+` | account |"); n > 10 {
				t.Errorf("%d account rows; a group shows a few", n)
			}
			if !strings.Contains(out[group:], "and 770 more (`orgctl "+name+"` lists them all)") {
				t.Error("the group does not say how many it does not show")
			}
			if want := "| `+` | account | `team-000` (`aws+team-000@example.com`) | create |"; !strings.Contains(out, want) {
				t.Errorf("accounts are not shown by name, email after it: no %q", want)
			}
			// The policy updates are listed before the group.
			if row := strings.Index(out, "| `~` | policy | `scp/guard-19` |"); row < 0 || row > group {
				t.Errorf("the policy rows (at %d) should come before the folded group (at %d)", row, group)
			}
		})
	}
}
