package spec

import (
	"fmt"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/orgctl/orgctl/diag"
)

// want is a diagnostic a test expects: a substring of its summary and where
// it is. line and col are checked when not zero; file when not empty.
type want struct {
	summary string
	file    string
	line    int
	col     int
	// detail, when set, must be a substring of the detail.
	detail string
	// warning expects a warning instead of an error.
	warning bool
}

func (w want) String() string {
	sev := "error"
	if w.warning {
		sev = "warning"
	}
	return fmt.Sprintf("%s %q at %s:%d:%d", sev, w.summary, w.file, w.line, w.col)
}

func (w want) matches(d diag.Diagnostic) bool {
	if (d.Severity == diag.Warning) != w.warning {
		return false
	}
	if !strings.Contains(d.Summary, w.summary) || !strings.Contains(d.Detail, w.detail) {
		return false
	}
	if w.file == "" && w.line == 0 {
		return true
	}
	if d.Subject == nil {
		return false
	}
	if w.file != "" && d.Subject.File != w.file {
		return false
	}
	if w.line != 0 && d.Subject.Line != w.line {
		return false
	}
	return w.col == 0 || d.Subject.Col == w.col
}

// checkDiags asserts that every wanted diagnostic is there and that there
// is no error nobody wanted (warnings are checked only when wanted).
func checkDiags(t *testing.T, ds diag.Diagnostics, wants []want) {
	t.Helper()
	used := make([]bool, len(ds))
	for _, w := range wants {
		found := false
		for i, d := range ds {
			if !used[i] && w.matches(d) {
				used[i], found = true, true
				break
			}
		}
		if !found {
			t.Errorf("missing %v\ngot:\n%s", w, ds.Error())
		}
	}
	for i, d := range ds {
		if !used[i] && d.Severity == diag.Error {
			t.Errorf("unexpected error: %s (detail %q)", d.Error(), d.Detail)
		}
	}
}

// loadFiles loads org.yaml from an in-memory file system holding files.
func loadFiles(files map[string]string) (*Spec, diag.Diagnostics) {
	fsys := fstest.MapFS{}
	for name, content := range files {
		fsys[name] = &fstest.MapFile{Data: []byte(content)}
	}
	return LoadFS(fsys, "org.yaml")
}

// loadCase is one table case of a loader test: files to load (org.yaml is
// the root) and the diagnostics expected.
type loadCase struct {
	name  string
	files map[string]string
	want  []want
}

func runLoadCases(t *testing.T, cases []loadCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			_, ds := loadFiles(tc.files)
			checkDiags(t, ds, tc.want)
		})
	}
}

// root returns a single-file case with org.yaml holding the lines given.
func root(lines ...string) map[string]string {
	return map[string]string{"org.yaml": strings.Join(lines, "\n") + "\n"}
}

// scpHeader is the start of a valid spec with SCPs enabled; line numbers in
// tests count from it (it is 3 lines long).
var scpHeader = []string{
	"version: 1",
	"organization:",
	"  policyTypes: [SERVICE_CONTROL_POLICY]",
}

// withHeader prepends scpHeader to lines.
func withHeader(lines ...string) map[string]string {
	return root(append(append([]string{}, scpHeader...), lines...)...)
}

// cmpSorted compares string slices regardless of order.
var cmpSorted = cmpopts.SortSlices(func(a, b string) bool { return a < b })
