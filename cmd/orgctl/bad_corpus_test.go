package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// badDir holds the bad-input corpus, from the repository root. Its
// README.md describes the format.
const badDir = "testdata/bad"

// minBadCases is how many cases the corpus must keep; a glob that silently
// matches nothing must not pass.
const minBadCases = 60

// badCase is one spec of the corpus and what orgctl must say about it.
type badCase struct {
	name  string // file or directory name under testdata/bad
	file  string // the spec to load, relative to the repository root
	wants []badWant
}

// badWant is one "# want: FILE:LINE: substring" header: a diagnostic on
// that line of that file (relative to the case) containing the substring.
type badWant struct {
	file string
	line int
	text string
}

var wantRE = regexp.MustCompile(`^#\s*want:\s*(\S+?):(\d+):\s*(.+?)\s*$`)

// readBadCorpus lists the cases: each *.yaml file of testdata/bad is a
// case, and each directory is a case whose spec is its org.yaml.
func readBadCorpus(t *testing.T) []badCase {
	t.Helper()
	entries, err := os.ReadDir(filepath.Join(repoRoot, badDir))
	if err != nil {
		t.Fatal(err)
	}
	var cases []badCase
	for _, e := range entries {
		c := badCase{name: e.Name()}
		switch {
		case e.IsDir():
			c.file = filepath.Join(badDir, e.Name(), "org.yaml")
		case strings.HasSuffix(e.Name(), ".yaml"):
			c.file = filepath.Join(badDir, e.Name())
		default:
			continue
		}
		c.wants = readWants(t, c)
		cases = append(cases, c)
	}
	if len(cases) < minBadCases {
		t.Fatalf("%s has %d cases; it must keep at least %d", badDir, len(cases), minBadCases)
	}
	return cases
}

// readWants reads the want headers: the leading comment lines of the
// case's spec.
func readWants(t *testing.T, c badCase) []badWant {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(repoRoot, c.file))
	if err != nil {
		t.Fatal(err)
	}
	var wants []badWant
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		line := sc.Text()
		if !strings.HasPrefix(line, "#") {
			break
		}
		if m := wantRE.FindStringSubmatch(line); m != nil {
			n, _ := strconv.Atoi(m[2])
			wants = append(wants, badWant{file: m[1], line: n, text: m[3]})
		}
	}
	if len(wants) == 0 {
		t.Fatalf("%s: no '# want: FILE:LINE: text' header", c.file)
	}
	return wants
}

// place is where want's diagnostic must be, as orgctl prints it when run
// from the repository root.
func (w badWant) place(c badCase) string {
	dir := filepath.Dir(c.file)
	return filepath.Join(dir, filepath.FromSlash(w.file)) + ":" + strconv.Itoa(w.line) + ":"
}

// calls returns the sandbox's counter of requests by operation.
func (s *server) calls(t *testing.T) map[string]int {
	t.Helper()
	resp, err := http.Get(s.url + "/_sandbox/calls")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var m map[string]int
	if err := json.NewDecoder(resp.Body).Decode(&m); err != nil {
		t.Fatalf("GET /_sandbox/calls: %v", err)
	}
	return m
}

// newCalls lists the operations called between two counters, sorted.
func newCalls(before, after map[string]int) []string {
	var out []string
	for op, n := range after {
		if d := n - before[op]; d > 0 {
			out = append(out, fmt.Sprintf("%s x%d", op, d))
		}
	}
	sort.Strings(out)
	return out
}

// stackTraceRE matches what a Go panic or a leaked stack trace prints.
var stackTraceRE = regexp.MustCompile(`(?m)panic:|^goroutine \d+|\.go:\d+ \+0x`)

// TestE2EBadCorpus runs plan and apply on every spec of testdata/bad
// against a served sandbox: each must exit 1 with its expected messages at
// their file:line, print no stack trace, and make no AWS call at all (so
// certainly no write), leaving the sandbox state as it was. The cases run
// at once; the sandbox's call counter is compared over all of them, and
// only when it moved are they run again one by one to name the culprit.
func TestE2EBadCorpus(t *testing.T) {
	t.Parallel()
	cases := readBadCorpus(t)
	state := filepath.Join(t.TempDir(), "sandbox.json")
	wantCode(t, run(t, nil, "sandbox", "init", "--state", state), 0, "sandbox init")
	srv := serve(t, state)
	stateBefore, err := os.ReadFile(state)
	if err != nil {
		t.Fatal(err)
	}
	before := srv.calls(t)
	t.Run("cases", func(t *testing.T) {
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				t.Parallel()
				for _, args := range badCommands(c) {
					checkBadCase(t, srv, c, args)
				}
			})
		}
	})
	if got := newCalls(before, srv.calls(t)); len(got) > 0 {
		t.Errorf("the corpus called AWS: %s", strings.Join(got, ", "))
		for _, c := range cases {
			for _, args := range badCommands(c) {
				before := srv.calls(t)
				run(t, srv.env, append([]string{"--endpoint-url", srv.url}, args...)...)
				if got := newCalls(before, srv.calls(t)); len(got) > 0 {
					t.Errorf("orgctl %s called AWS on a bad spec: %s", strings.Join(args, " "), strings.Join(got, ", "))
				}
			}
		}
	}
	stateAfter, err := os.ReadFile(state)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(stateBefore, stateAfter) {
		t.Error("the sandbox state file changed")
	}
}

// badCommands are the commands each bad spec is given.
func badCommands(c badCase) [][]string {
	return [][]string{
		{"plan", "-f", c.file},
		{"apply", "-f", c.file, "--auto-approve", "--allow-destroy"},
	}
}

// checkBadCase runs one command on one bad spec: exit 1, no stack trace,
// every expected diagnostic at its place.
func checkBadCase(t *testing.T, srv *server, c badCase, args []string) {
	t.Helper()
	cmd := "orgctl " + strings.Join(args, " ")
	r := run(t, srv.env, append([]string{"--endpoint-url", srv.url}, args...)...)
	if r.code != exitError {
		t.Errorf("%s: want exit 1, got %s", cmd, r)
		return
	}
	if stackTraceRE.MatchString(r.stdout + r.stderr) {
		t.Errorf("%s printed a stack trace:\n%s", cmd, r)
	}
	for _, w := range c.wants {
		if !hasDiagnostic(r.stderr, w.place(c), w.text) {
			t.Errorf("%s: want an error at %s saying %q, got:\n%s", cmd, w.place(c), w.text, r.stderr)
		}
	}
}

// hasDiagnostic reports whether stderr holds a diagnostic placed at place
// whose summary or detail contains text. Rendered diagnostics read
// "Error: summary", "  on place:", then the snippet and the detail, so the
// block of each diagnostic is searched as a whole.
func hasDiagnostic(stderr, place, text string) bool {
	for _, block := range strings.Split(stderr, "\nError: ") {
		if strings.Contains(block, "on "+place) && strings.Contains(block, text) {
			return true
		}
	}
	return false
}
