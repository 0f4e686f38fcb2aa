package diag

import (
	"bytes"
	"strings"
	"testing"
)

// The snippet shows a hostile line escaped, and the caret under the
// column as shown; tabs are kept so the caret lines up.
func TestRenderSnippet(t *testing.T) {
	for _, tt := range []struct {
		name, line string
		col        int
		want       string
	}{
		{"plain", "  name: Prod", 9, "    1 |   name: Prod\n       |         ^\n"},
		{"tab", "\tname: Prod", 8, "    1 | \tname: Prod\n       | \t      ^\n"},
		{"bidi override before the column", "  name: \u202eProd", 10,
			"    1 |   name: \\u202eProd\n       | " + strings.Repeat(" ", 14) + "^\n"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var b bytes.Buffer
			Render(&b, Diagnostics{{Severity: Error, Summary: "bad", Subject: &Pos{File: "f", Line: 1, Col: tt.col}}},
				func(string) []byte { return []byte(tt.line) }, false)
			if !strings.Contains(b.String(), tt.want) {
				t.Errorf("got:\n%s\nwant it to contain:\n%s", b.String(), tt.want)
			}
			if strings.ContainsRune(b.String(), '\u202e') {
				t.Error("the override reached the output raw")
			}
		})
	}
}

// Columns count characters, as YAML does: the caret stays under the
// value after accented letters.
func TestCaretAfterMultibyteCharacters(t *testing.T) {
	var b bytes.Buffer
	Render(&b, Diagnostics{{Severity: Error, Summary: "bad", Subject: &Pos{File: "f", Line: 1, Col: 24}}},
		func(string) []byte { return []byte("  - {name: ééé, email: bad}") }, false)
	if want := "       |                        ^\n"; !strings.Contains(b.String(), want) {
		t.Errorf("caret not under bad:\n%s", b.String())
	}
}
