package orgctl

import (
	"encoding/json"
	"regexp"
	"testing"
)

// goDocRE matches a description that reads as a Go doc comment: a
// capitalised Go name, then "is" or "are" ("OU is the path...").
var goDocRE = regexp.MustCompile(`^[A-Z][A-Za-z0-9]* (is|are) `)

// Every description in schema.json, which editors show to people writing
// org.yaml, reads as documentation of a key, not of a Go field.
func TestSchemaDescriptionsReadAsUserDocs(t *testing.T) {
	var schema any
	if err := json.Unmarshal(SchemaJSON, &schema); err != nil {
		t.Fatal(err)
	}
	n := 0
	var walk func(path string, v any)
	walk = func(path string, v any) {
		switch x := v.(type) {
		case map[string]any:
			for k, e := range x {
				if d, ok := e.(string); ok && k == "description" {
					n++
					if goDocRE.MatchString(d) {
						t.Errorf("%s: %q reads like a Go comment", path, d)
					}
				}
				walk(path+"/"+k, e)
			}
		case []any:
			for _, e := range x {
				walk(path+"/[]", e)
			}
		}
	}
	walk("", schema)
	if n < 100 {
		t.Fatalf("found %d descriptions; the walk is broken", n)
	}
}
