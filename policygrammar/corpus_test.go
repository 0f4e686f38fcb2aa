package policygrammar

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"testing"
)

var update = flag.Bool("update", false, "rewrite testdata/documents.json")

// corpusFile is where the corpus of this package's tests is written, for
// the validator's and the sandbox's tests to drive through their own
// paths: every document, each type's grammar, one place.
const corpusFile = "testdata/documents.json"

// corpusEntry is one document of testdata/documents.json.
type corpusEntry struct {
	Type     string `json:"type"`
	Name     string `json:"name"`
	Document string `json:"document"`
	// Problem is a substring of the first problem's What, "" when the
	// document is valid; Path is where that problem is.
	Problem string `json:"problem,omitempty"`
	Path    string `json:"path,omitempty"`
}

// TestCorpusFile keeps testdata/documents.json equal to the tables of the
// tests (go test -update rewrites it).
func TestCorpusFile(t *testing.T) {
	var entries []corpusEntry
	for _, typ := range Types() {
		for _, c := range corpus[typ] {
			entries = append(entries, corpusEntry{Type: typ, Name: c.name, Document: c.doc, Problem: c.what, Path: c.path})
		}
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(entries); err != nil {
		t.Fatal(err)
	}
	if *update {
		if err := os.WriteFile(corpusFile, b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	got, err := os.ReadFile(corpusFile)
	if err != nil {
		t.Fatalf("%v (go test -update writes it)", err)
	}
	if !bytes.Equal(got, b.Bytes()) {
		t.Errorf("%s differs from the tables of the tests; rewrite it with go test -update", corpusFile)
	}
}
