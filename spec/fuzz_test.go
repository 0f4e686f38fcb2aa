package spec

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"testing/fstest"
)

// fuzzSeeds are files from the examples.
func fuzzSeeds(f *testing.F, pattern string) [][]byte {
	f.Helper()
	return seedFiles(f, filepath.Join("..", "examples", pattern))
}

// seedFiles are the contents of the files pattern matches.
func seedFiles(f *testing.F, pattern string) [][]byte {
	f.Helper()
	files, err := filepath.Glob(pattern)
	if err != nil {
		f.Fatal(err)
	}
	var out [][]byte
	for _, name := range files {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		out = append(out, b)
	}
	return out
}

// FuzzLoad loads a root file and an included file of arbitrary content. It
// must never panic, and every diagnostic with a line must name a file it
// read.
func FuzzLoad(f *testing.F) {
	inc := []byte("version: 1\naccounts:\n  - {name: x, email: x@example.com, ou: A, policies: [p]}\n")
	for _, seed := range fuzzSeeds(f, "*/org.yaml") {
		f.Add(seed, inc)
	}
	for _, seed := range fuzzSeeds(f, "*/accounts/*.yaml") {
		f.Add([]byte("version: 1\ninclude: [inc.yaml]\n"), seed)
	}
	f.Add([]byte("version: 1\ninclude: ['*.yaml']\norganization: {policyTypes: [SERVICE_CONTROL_POLICY]}\n"+
		"organizationalUnits: [{name: A}]\npolicies: [{name: p, type: SERVICE_CONTROL_POLICY, file: p.json}]\n"), inc)
	// The bad-input corpus: near misses of valid specs.
	for _, seed := range seedFiles(f, filepath.Join("..", "testdata", "bad", "*.yaml")) {
		f.Add(seed, inc)
	}
	for _, seed := range seedFiles(f, filepath.Join("..", "testdata", "bad", "include-*", "*.yaml")) {
		f.Add([]byte("version: 1\ninclude: [inc.yaml]\n"), seed)
	}
	f.Add([]byte("a: &a [*a]\n"), []byte("<<: {x: 1}\n"))
	f.Add([]byte("version: 1\npolicies: [{name: p, type: TAG_POLICY, document: {a: &x [*x]}}]\n"), []byte{})
	f.Fuzz(func(t *testing.T, rootFile, incFile []byte) {
		fsys := fstest.MapFS{
			"org.yaml":   {Data: rootFile},
			"inc.yaml":   {Data: incFile},
			"p.json":     {Data: []byte(`{"Version": "2012-10-17", "Statement": []}`)},
			"sub/q.yaml": {Data: []byte("Version: 2012-10-17\n")},
		}
		s, ds := LoadFS(fsys, "org.yaml")
		if s == nil {
			t.Fatal("nil spec")
		}
		for _, d := range ds {
			if d.Subject != nil && d.Subject.Line > 0 {
				if _, ok := s.Sources[d.Subject.File]; !ok {
					t.Errorf("diagnostic in a file not read: %s", d.Error())
				}
			}
		}
		if !ds.HasErrors() {
			for _, p := range s.Policies {
				if !json.Valid([]byte(p.Content)) {
					t.Errorf("valid spec with policy %s content %q", p.Name, p.Content)
				}
			}
		}
	})
}

// FuzzDocument parses arbitrary policy documents as JSON and as YAML. It
// must never panic, and what it accepts must be a minified JSON object.
func FuzzDocument(f *testing.F) {
	for _, seed := range fuzzSeeds(f, "*/policies/*.json") {
		f.Add(seed)
	}
	for _, seed := range seedFiles(f, filepath.Join("..", "testdata", "bad", "doc-*", "*.[jy]*")) {
		f.Add(seed)
	}
	f.Add([]byte("Version: 2012-10-17\nStatement:\n  - Effect: Deny\n    Action: '*'\n"))
	f.Add([]byte("{\"a\": [1, 2.5e3, true, null, \"<&>\"]}"))
	f.Add([]byte("a: .nan\n"))
	f.Add([]byte("a: &x {b: *x}\n"))
	f.Add([]byte("[1]"))
	f.Fuzz(func(t *testing.T, data []byte) {
		check := func(kind, content string) {
			if !json.Valid([]byte(content)) || content == "" || content[0] != '{' {
				t.Errorf("%s: accepted %q as %q, not a JSON object", kind, data, content)
			}
		}
		if c, err := CompactDocument(data); err == nil {
			check("CompactDocument", c)
		}
		if c, _, ds := documentFile("p.json", data, true); !ds.HasErrors() {
			check("JSON file", c)
		}
		if c, _, ds := documentFile("p.yaml", data, false); !ds.HasErrors() {
			check("YAML file", c)
		}
	})
}
