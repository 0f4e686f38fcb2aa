package spec

import (
	"bytes"
	"encoding/json"
	"os"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/orgctl/orgctl/facts"
)

// grammarCorpus is policygrammar's corpus of documents, valid and not, of
// every policy type.
const grammarCorpus = "../policygrammar/testdata/documents.json"

// corpusEntry is one document of the corpus.
type corpusEntry struct {
	Type     string `json:"type"`
	Name     string `json:"name"`
	Document string `json:"document"`
	Problem  string `json:"problem"`
	Path     string `json:"path"`
}

func readGrammarCorpus(t *testing.T) []corpusEntry {
	t.Helper()
	b, err := os.ReadFile(grammarCorpus)
	if err != nil {
		t.Fatal(err)
	}
	var entries []corpusEntry
	if err := json.Unmarshal(b, &entries); err != nil {
		t.Fatal(err)
	}
	return entries
}

// TestPolicyGrammarCorpus drives every document of policygrammar's corpus
// through validate, each in a JSON file of its own written one element a
// line: a valid document loads, an invalid one is refused with its
// problem, at the line of the element at fault (a problem of the whole
// document at the spec's file: key). It counts what each type refuses.
func TestPolicyGrammarCorpus(t *testing.T) {
	var types []string
	for _, pt := range facts.PolicyTypes {
		types = append(types, pt.Name)
	}
	head := "version: 1\norganization:\n  policyTypes: [" + strings.Join(types, ", ") + "]\n" +
		"  trustedAccess: [securityhub.amazonaws.com, inspector2.amazonaws.com]\npolicies:\n"
	refused := map[string]int{}
	for _, c := range readGrammarCorpus(t) {
		doc := []byte(c.Document)
		var pretty bytes.Buffer
		if json.Indent(&pretty, doc, "", "  ") == nil {
			doc = pretty.Bytes()
		}
		fsys := fstest.MapFS{
			"org.yaml": {Data: []byte(head + "  - {name: p, type: " + c.Type + ", file: p.json}\n")},
			"p.json":   {Data: doc},
		}
		_, ds := LoadFS(fsys, "org.yaml")
		if c.Problem == "" {
			if ds.HasErrors() {
				t.Errorf("%s %q: refused: %v", c.Type, c.Name, ds)
			}
			continue
		}
		if !ds.HasErrors() {
			t.Errorf("%s %q: validates; AWS refuses it (%s)", c.Type, c.Name, c.Problem)
			continue
		}
		refused[c.Type]++
		if strings.HasPrefix(c.Problem, "is not valid JSON") || strings.HasPrefix(c.Problem, "must be a JSON object") {
			continue // the loader's own message
		}
		want := "policies[0].file"
		switch {
		case strings.HasPrefix(c.Path, "["):
			want += c.Path
		case c.Path != "":
			want += "." + c.Path
		}
		found := false
		for _, d := range ds {
			if d.Path != want || !strings.Contains(d.Summary, c.Problem) {
				continue
			}
			found = true
			if c.Path == "" {
				continue // the whole document: at the spec's file: key
			}
			if d.Subject == nil || d.Subject.File != "p.json" {
				t.Errorf("%s %q: %s placed at %v, want in p.json", c.Type, c.Name, want, d.Subject)
				break
			}
			// The line of a member holds its key.
			if key := lastKey(c.Path); key != "" {
				lines := strings.Split(string(doc), "\n")
				if l := d.Subject.Line; l < 1 || l > len(lines) || !strings.Contains(lines[l-1], `"`+key+`"`) {
					t.Errorf("%s %q: %s placed at line %d, which does not hold %q:\n%s", c.Type, c.Name, want, l, key, doc)
				}
			}
		}
		if !found {
			t.Errorf("%s %q: no error %q at %s; got %v", c.Type, c.Name, c.Problem, want, ds)
		}
	}
	for _, typ := range types {
		if refused[typ] == 0 {
			t.Errorf("%s: no invalid document of the corpus refused", typ)
		}
		t.Logf("%s: %d invalid documents refused at validate", typ, refused[typ])
	}
}

// lastKey is the last element of a path when it is an object key
// (Statement[0].Effect: Effect), else "".
func lastKey(path string) string {
	if path == "" || strings.HasSuffix(path, "]") {
		return ""
	}
	if i := strings.LastIndexAny(path, ".]"); i >= 0 {
		return path[i+1:]
	}
	return path
}
