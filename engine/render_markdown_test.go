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

var leftOutRE = regexp.MustCompile(`left out (\d+) of (\d+) changes from the list, (\d+) of (\d+) document diffs, (\d+) of (\d+) unmanaged`)

// When even the document diffs do not fit, the list of changes is cut
// before them, and the note says how much of each was left out and where
// the whole plan is.
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
			// The counts come before anything else, then the destructive
			// changes, then the document diffs.
			counts := strings.Index(out, SummaryLine(p.Summary))
			caution := strings.Index(out, "[!CAUTION]")
			diffs := strings.Index(out, "<details><summary><code>")
			if counts < 0 || caution < counts || diffs < caution {
				t.Errorf("order: counts at %d, caution at %d, diffs at %d", counts, caution, diffs)
			}
			if !strings.Contains(out, "> - and 10 more\n") {
				t.Error("the destructive list should stop at 50 and say how many more there are")
			}
			m := leftOutRE.FindStringSubmatch(out)
			if m == nil {
				t.Fatalf("no note saying what was left out:\n%s", out[len(out)-600:])
			}
			if !strings.Contains(out, "`orgctl "+name+"` (text)") {
				t.Errorf("the note does not say where the whole %s is:\n%s", name, out[len(out)-600:])
			}
			shownRows := strings.Count(out, "\n| `")
			shownDiffs := strings.Count(out, "<details><summary><code>")
			shownUnmanaged := strings.Count(out, "- ou `Hand-made/")
			for _, c := range []struct {
				what        string
				left, total string
				shown, want int
			}{
				{"changes", m[1], m[2], shownRows, 1500},
				{"document diffs", m[3], m[4], shownDiffs, 1500 - 60},
				{"unmanaged", m[5], m[6], shownUnmanaged, 1500},
			} {
				left, _ := strconv.Atoi(c.left)
				total, _ := strconv.Atoi(c.total)
				if total != c.want || left+c.shown != total {
					t.Errorf("%s: note says %s of %s left out, %d shown, want a total of %d", c.what, c.left, c.total, c.shown, c.want)
				}
			}
			// Rows get only what the diffs leave: less than the first
			// diff left out would need.
			l := layoutOf(p)
			if shownDiffs == 0 || shownDiffs == len(l.docs) {
				t.Fatalf("%d of %d diffs shown: the test does not reach the case", shownDiffs, len(l.docs))
			}
			if rows := shownRows * len(mdRow(l.rows[0])); rows >= len(mdDetails(l.docs[shownDiffs])) {
				t.Errorf("%d rows (%d bytes) shown where the next document diff would fit", shownRows, rows)
			}
			if !strings.Contains(out, `<code>~ policy "scp/policy-0001"</code>`) {
				t.Error("the first document diff is not shown")
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
		if len(out) < full.Len() && !strings.Contains(out, "**Shortened** to fit") {
			t.Fatalf("limit %d: shortened without saying so", limit)
		}
		if strings.Contains(out, "<details><summary><code>") && strings.Contains(out, "document diffs") {
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

// The list of changes puts destructive ones first, then document changes,
// then the rest in plan order; a run of routine changes of one kind and
// action folds into a group from mdRunFold changes on.
func TestMarkdownLayout(t *testing.T) {
	ch := func(kind Kind, a Action, key string) *Change { return &Change{Kind: kind, Action: a, Key: key} }
	doc := func(key string) *Change {
		c := ch("policy", Update, key)
		c.Fields = []FieldDiff{{Name: "document", Before: `{"a":1}`, After: `{"a":2}`, Document: true}}
		return c
	}
	destructive := func(key string) *Change { c := ch("ou", Delete, key); c.Destructive = true; return c }
	implicit := func(key string) *Change { c := ch("attachment", Delete, key); c.Implicit = true; return c }
	run := func(n int, mk func(string) *Change) []*Change {
		var out []*Change
		for i := range n {
			out = append(out, mk(fmt.Sprintf("k%02d", i)))
		}
		return out
	}
	create := func(key string) *Change { return ch("account", Create, key) }
	del := func(key string) *Change { return ch("attachment", Delete, key) }
	tests := []struct {
		name       string
		changes    []*Change
		rows       int    // rows in the table
		first      string // key of the first row
		groups     string // kind action count of each group
		docs, more int
	}{
		{"destructive, documents, then the rest",
			[]*Change{ch("ou", Create, "a"), doc("b"), destructive("c"), ch("ou", Update, "d")}, 4, "c", "", 1, 0},
		{"a short run stays in the table", run(mdRunFold-1, create), mdRunFold - 1, "k00", "", 0, 0},
		{"a long run is folded", run(mdRunFold, create), 0, "", "account create 25", 0, 0},
		{"destructive changes are never folded", run(30, destructive), 30, "k00", "", 0, 0},
		{"implicit deletes fold apart from the others",
			append(run(25, implicit), run(25, del)...), 0, "", "attachment delete 25, attachment delete 25", 0, 0},
		{"other changes stay in the table around a run",
			append(append([]*Change{ch("ou", Create, "x")}, run(30, create)...), doc("y")), 2, "y", "account create 30", 1, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := layoutOf(&Plan{Changes: tt.changes})
			var groups []string
			for _, g := range l.groups {
				groups = append(groups, fmt.Sprintf("%s %s %d", g.changes[0].Kind, g.changes[0].Action, len(g.changes)))
			}
			first := ""
			if len(l.rows) > 0 {
				first = l.rows[0].Key
			}
			if len(l.rows) != tt.rows || first != tt.first || strings.Join(groups, ", ") != tt.groups || len(l.docs) != tt.docs || len(l.others) != tt.more {
				t.Errorf("%d rows from %q, groups %q, %d docs, %d others; want %d rows from %q, groups %q, %d docs, %d others",
					len(l.rows), first, groups, len(l.docs), len(l.others), tt.rows, tt.first, tt.groups, tt.docs, tt.more)
			}
		})
	}
	// The order of the whole table, in the first case.
	l := layoutOf(&Plan{Changes: tests[0].changes})
	var keys []string
	for _, c := range l.rows {
		keys = append(keys, c.Key)
	}
	if got := strings.Join(keys, " "); got != "c b a d" {
		t.Errorf("rows %s, want c b a d", got)
	}
}

// When the document diffs fit but the list of changes does not fit beside
// them, the list is cut, not a diff.
func TestMarkdownCutsRowsBeforeDiffs(t *testing.T) {
	p := bigPlan(20, 0, 16) // 20 document diffs of some length
	for _, c := range p.Changes {
		c.Action, c.Destructive = Update, false
	}
	for i := range 700 { // destructive, so listed one by one
		p.Changes = append(p.Changes, &Change{ID: 20 + i, Kind: "ou", Key: fmt.Sprintf("Old/%04d", i), Action: Delete, Destructive: true})
	}
	p.summarize(0)
	l := layoutOf(p)
	diffs, rows := 0, 0
	for _, c := range l.docs {
		diffs += len(mdDetails(c)) + 1
	}
	for _, c := range l.rows {
		rows += len(mdRow(c))
	}
	if diffs > MaxCommentLen-len(mdHead(p, false))-512 || diffs+rows < MaxCommentLen {
		t.Fatalf("diffs of %d and rows of %d bytes: the test does not reach the case", diffs, rows)
	}
	var b bytes.Buffer
	RenderMarkdown(&b, p)
	out := b.String()
	if len(out) > MaxCommentLen {
		t.Fatalf("%d characters, over %d", len(out), MaxCommentLen)
	}
	for _, c := range p.Changes[:20] {
		if !strings.Contains(out, mdDetails(c)) {
			t.Errorf("the diff of %s is cut", c.Key)
		}
	}
	shown := strings.Count(out, "\n| `")
	m := regexp.MustCompile(`left out (\d+) of 720 changes from the list\.`).FindStringSubmatch(out)
	if m == nil || shown == 0 {
		t.Fatalf("%d rows shown; the note does not say how many of 720 changes it left out:\n%s", shown, out[len(out)-500:])
	}
	if left, _ := strconv.Atoi(m[1]); left+shown != 720 {
		t.Errorf("note says %d left out, %d shown, of 720", left, shown)
	}
}
