package importer

import (
	"fmt"
	"sort"
	"strings"
	"testing/fstest"

	orgctl "github.com/orgctl/orgctl"
	"github.com/orgctl/orgctl/engine"
	"github.com/orgctl/orgctl/spec"
)

// DefaultSplitThreshold is how many accounts org.yaml holds before they
// move to accounts/<top-level OU>.yaml: past about fifty, one file is
// hard to review and every pull request touches it.
const DefaultSplitThreshold = 50

// Options tune an import.
type Options struct {
	// Adopt sets settings.adopt, so the first apply tags what the spec
	// declares as orgctl's.
	Adopt bool
	// SplitThreshold overrides DefaultSplitThreshold; negative always splits.
	SplitThreshold int
	// Schema is written as schema.json; default the schema of this orgctl.
	Schema []byte
}

func (o Options) splitThreshold() int {
	switch {
	case o.SplitThreshold < 0:
		return -1
	case o.SplitThreshold == 0:
		return DefaultSplitThreshold
	}
	return o.SplitThreshold
}

func (o Options) schema() []byte {
	if o.Schema != nil {
		return o.Schema
	}
	return orgctl.SchemaJSON
}

// Result is an imported spec.
type Result struct {
	// Files by slash-separated path relative to the output directory:
	// org.yaml, schema.json, policies/*.json, accounts/*.yaml.
	Files map[string][]byte
	// Skipped lists what the spec cannot express, as org.yaml's header does.
	Skipped []string
	// Spec is the spec the files load to.
	Spec *spec.Spec
	// OUs, Accounts and Policies count what the spec holds.
	OUs, Accounts, Policies int
}

// Build writes the live organization as a spec. It checks that the files
// load as a valid spec; a failure there is a bug in Build, reported with
// the loader's diagnostics.
func Build(live []engine.Resource, o Options) (*Result, error) {
	m := build(live)
	files, err := m.render(o)
	if err != nil {
		return nil, err
	}
	fsys := fstest.MapFS{}
	for name, b := range files {
		fsys[name] = &fstest.MapFile{Data: b, Mode: 0o644}
	}
	s, ds := spec.LoadFS(fsys, "org.yaml")
	if ds.HasErrors() {
		return nil, fmt.Errorf("internal error: the imported spec does not load; please report this with the organization's shape:\n%s", ds.Error())
	}
	return &Result{
		Files: files, Skipped: m.skipped, Spec: s,
		OUs: m.countOUs(), Accounts: len(m.accounts), Policies: len(m.policies),
	}, nil
}

// Names lists the files of a result in order.
func (r *Result) Names() []string {
	names := make([]string, 0, len(r.Files))
	for n := range r.Files {
		names = append(names, n)
	}
	sort.Slice(names, func(i, j int) bool {
		// org.yaml first, then by directory and name.
		if (names[i] == "org.yaml") != (names[j] == "org.yaml") {
			return names[i] == "org.yaml"
		}
		return strings.Compare(names[i], names[j]) < 0
	})
	return names
}
