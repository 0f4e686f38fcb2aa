package catalog

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/santhosh-tekuri/jsonschema/v6"
	"sigs.k8s.io/yaml"

	"github.com/orgctl/orgctl/spec"
)

var schemaPath = filepath.Join("..", "schema.json")

var update = flag.Bool("update", false, "rewrite schema.json")

func TestSchemaUpToDate(t *testing.T) {
	got, err := spec.GenerateSchema()
	if err != nil {
		t.Fatal(err)
	}
	if *update {
		if err := os.WriteFile(schemaPath, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(schemaPath)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(string(want), string(got)); diff != "" {
		t.Errorf("schema.json is out of date; run go test ./catalog -run TestSchemaUpToDate -update (-file +generated):\n%s", diff)
	}
}

// compileSchema compiles schema.json.
func compileSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	b, err := os.ReadFile(schemaPath)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource(spec.SchemaID, doc); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile(spec.SchemaID)
	if err != nil {
		t.Fatal(err)
	}
	return sch
}

// validateYAML checks a YAML file against the schema.
func validateYAML(sch *jsonschema.Schema, src []byte) error {
	j, err := yaml.YAMLToJSON(src)
	if err != nil {
		return err
	}
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(j))
	if err != nil {
		return err
	}
	return sch.Validate(inst)
}

func TestExamplesMatchSchema(t *testing.T) {
	sch := compileSchema(t)
	roots, err := filepath.Glob(filepath.Join("..", "examples", "*", "org.yaml"))
	if err != nil || len(roots) == 0 {
		t.Fatalf("examples: %v %v", roots, err)
	}
	for _, r := range roots {
		s, ds := spec.Load(r)
		if ds.HasErrors() {
			t.Fatalf("Load(%s): %v", r, ds)
		}
		// Every spec file read: the root and its includes.
		for name, src := range s.Sources {
			if ext := filepath.Ext(name); ext != ".yaml" && ext != ".yml" || slices.Contains(s.SectionFiles(), name) {
				continue // not a spec file: a conformance pack's template
			}
			t.Run(name, func(t *testing.T) {
				if err := validateYAML(sch, src); err != nil {
					t.Errorf("%s does not match schema.json:\n%v", name, err)
				}
			})
		}
	}
}

func TestSchemaRejects(t *testing.T) {
	sch := compileSchema(t)
	cases := []struct{ name, yaml, want string }{
		{"unknown key", "version: 1\nsetings: {}\n", "setings"},
		{"wrong type", "version: 1\naccounts:\n  - {name: a, email: a@example.com, closed: 'yes'}\n", "closed"},
		{"missing version", "accounts: []\n", "version"},
		{"version 2", "version: 2\n", "version"},
		{"bad feature set", "version: 1\norganization: {featureSet: SOME}\n", "featureSet"},
		{"policy without type", "version: 1\npolicies: [{name: p, document: {}}]\n", "type"},
		{"document as a number", "version: 1\npolicies: [{name: p, type: TAG_POLICY, document: 3}]\n", "document"},
		{"reserved tag key", "version: 1\norganizationalUnits: [{name: A, tags: {managed-by: me}}]\n", "managed-by"},
		{"account name too long", "version: 1\naccounts: [{name: " + strings.Repeat("a", 51) + ", email: a@example.com}]\n", "name"},
		{"OU name with a slash", "version: 1\norganizationalUnits: [{name: A/B}]\n", "name"},
		{"unknown policy type", "version: 1\norganization: {policyTypes: [SCP]}\n", "policyTypes"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := validateYAML(sch, []byte(c.yaml))
			if err == nil {
				t.Fatalf("schema accepts:\n%s", c.yaml)
			}
			if !strings.Contains(err.Error(), c.want) {
				t.Errorf("error does not mention %q:\n%v", c.want, err)
			}
		})
	}
}
