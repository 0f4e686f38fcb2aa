package engine

import (
	"bytes"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// bigPlan is a plan far larger than a GitHub comment: many changes, each
// policy update with a long document diff, and unmanaged resources.
func bigPlan(changes, unmanaged, statements int) *Plan {
	p := &Plan{FormatVersion: FormatVersion}
	for i := range changes {
		c := &Change{ID: i, Kind: "policy", Key: fmt.Sprintf("scp/policy-%04d", i), Action: Update}
		var before, after []string
		for j := range statements {
			before = append(before, fmt.Sprintf(`{"Effect":"Deny","Action":"svc%d:Action%d","Resource":"*"}`, j, i))
			after = append(after, fmt.Sprintf(`{"Effect":"Deny","Action":"svc%d:Other%d","Resource":"*"}`, j, i))
		}
		c.Fields = []FieldDiff{{
			Name:     "document",
			Before:   `{"Statement":[` + strings.Join(before, ",") + `]}`,
			After:    `{"Statement":[` + strings.Join(after, ",") + `]}`,
			Document: true,
		}}
		if i%25 == 0 {
			c.Action, c.Fields, c.Destructive = Delete, nil, true
		}
		p.Changes = append(p.Changes, c)
	}
	for i := range unmanaged {
		p.Unmanaged = append(p.Unmanaged, Unmanaged{Kind: "ou", Key: fmt.Sprintf("Hand-made/%04d", i), Reason: "not in the spec"})
	}
	p.summarize(0)
	return p
}

var leftOutRE = regexp.MustCompile(`left out (\d+) of (\d+) changes in the table, (\d+) of (\d+) folded diffs, (\d+) of (\d+) unmanaged`)

func TestMarkdownFitsAComment(t *testing.T) {
	for name, render := range map[string]func(*bytes.Buffer, *Plan){
		"plan":  func(b *bytes.Buffer, p *Plan) { RenderMarkdown(b, p) },
		"drift": func(b *bytes.Buffer, p *Plan) { RenderDriftMarkdown(b, p) },
	} {
		t.Run(name, func(t *testing.T) {
			p := bigPlan(1500, 1500, 4)
			var b bytes.Buffer
			render(&b, p)
			out := b.String()
			if len(out) > MaxCommentLen {
				t.Fatalf("rendering is %d bytes, over GitHub's %d", len(out), MaxCommentLen)
			}
			if !strings.HasPrefix(out, "### orgctl "+name+"\n\n") {
				t.Errorf("does not start with its title:\n%.200s", out)
			}
			// The counts come before anything else, and the destructive
			// changes before the table.
			counts := strings.Index(out, SummaryLine(p.Summary))
			caution := strings.Index(out, "[!CAUTION]")
			table := strings.Index(out, "| | Kind | Key | Change |")
			if counts < 0 || caution < counts || table < caution {
				t.Errorf("order: counts at %d, caution at %d, table at %d", counts, caution, table)
			}
			if !strings.Contains(out, "> - and 10 more\n") {
				t.Error("the destructive list should stop at 50 and say how many more there are")
			}
			m := leftOutRE.FindStringSubmatch(out)
			if m == nil {
				t.Fatalf("no note saying what was left out:\n%s", out[len(out)-600:])
			}
			shownRows := strings.Count(out, "\n| `")
			shownDetails := strings.Count(out, "<details><summary><code>")
			shownUnmanaged := strings.Count(out, "- ou `Hand-made/")
			for _, c := range []struct {
				what        string
				left, total string
				shown, want int
			}{
				{"table rows", m[1], m[2], shownRows, 1500},
				{"folded diffs", m[3], m[4], shownDetails, 1500 - 60},
				{"unmanaged", m[5], m[6], shownUnmanaged, 1500},
			} {
				left, _ := strconv.Atoi(c.left)
				total, _ := strconv.Atoi(c.total)
				if total != c.want || left+c.shown != total {
					t.Errorf("%s: note says %s of %s left out, %d shown, want a total of %d", c.what, c.left, c.total, c.shown, c.want)
				}
			}
			if shownRows == 0 {
				t.Error("the table should come before the folded diffs, and be partly shown")
			}
		})
	}
}

// However small the limit, the rendering stays under it once the part
// that is always shown fits, and every block it opens is closed.
func TestMarkdownLimitIsKept(t *testing.T) {
	p := bigPlan(40, 10, 12)
	var full bytes.Buffer
	renderMarkdown(&full, p, false, 1<<30)
	if strings.Contains(full.String(), "[!NOTE]") {
		t.Fatal("a plan that fits must not be shortened")
	}
	head := len(mdHead(p, false))
	step := (full.Len() - head) / 25
	partial := 0
	for limit := head + 600; limit < full.Len()+600; limit += step {
		var b bytes.Buffer
		renderMarkdown(&b, p, false, limit)
		out := b.String()
		if len(out) > limit {
			t.Fatalf("limit %d: %d bytes", limit, len(out))
		}
		if o, c := strings.Count(out, "<details>"), strings.Count(out, "</details>"); o != c {
			t.Fatalf("limit %d: %d <details> opened, %d closed", limit, o, c)
		}
		if strings.Count(out, "```")%2 != 0 {
			t.Fatalf("limit %d: a code fence is left open", limit)
		}
		if len(out) < full.Len() && !strings.Contains(out, "Shortened to fit") {
			t.Fatalf("limit %d: shortened without saying so", limit)
		}
		if strings.Contains(out, "<details><summary><code>") && strings.Contains(out, "folded diffs") {
			partial++
		}
	}
	if partial == 0 {
		t.Error("no limit showed some folded diffs and left others out; the test does not reach that case")
	}
}

func TestMarkdownIsDeterministic(t *testing.T) {
	p := bigPlan(200, 20, 4)
	var a, b bytes.Buffer
	RenderMarkdown(&a, p)
	RenderMarkdown(&b, p)
	if a.String() != b.String() {
		t.Error("two renderings of one plan differ")
	}
}

func TestFencedOutlastsBackticks(t *testing.T) {
	got := fenced("json", "a ```` b")
	if !strings.HasPrefix(got, "`````json\n") || !strings.HasSuffix(got, "\n`````\n") {
		t.Errorf("fence not longer than the backticks inside:\n%s", got)
	}
}

func TestMarkdownNamesThePlannedAndLiveCommits(t *testing.T) {
	p := &Plan{
		Source:     &GitCommit{Commit: "0123456789abcdef0123", Ref: "feature/x"},
		LiveCommit: &GitCommit{Commit: "fedcba9876543210fedc", Ref: "main", AppliedAt: "2026-11-28T02:00:00Z"},
	}
	for name, render := range map[string]func(io.Writer, *Plan){"plan": RenderMarkdown, "drift": RenderDriftMarkdown} {
		var b strings.Builder
		render(&b, p)
		for _, want := range []string{
			"Planned from commit `0123456789ab` (`feature/x`)",
			"Live commit: `fedcba987654` (`main`), applied 2026-11-28T02:00:00Z",
		} {
			if !strings.Contains(b.String(), want) {
				t.Errorf("%s: lacks %q:\n%s", name, want, b.String())
			}
		}
	}
}
