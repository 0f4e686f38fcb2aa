package spec

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"go/ast"
	"go/doc"
	"go/parser"
	"go/token"
	"maps"
	"reflect"
	"strings"

	"github.com/invopop/jsonschema"

	"github.com/orgctl/orgctl/facts"
)

// SchemaID is the $id of schema.json.
const SchemaID = "https://orgctl.dev/schema.json"

// typesSource is the source of the model, embedded so the schema's
// descriptions come from the doc comments wherever GenerateSchema runs.
//
//go:embed types.go
var typesSource []byte

// GenerateSchema builds the JSON Schema of org.yaml from the Go model: keys
// from the json tags, required keys are those without omitempty, no other
// keys allowed, descriptions from the fields' doc comments. schema.json at
// the repository root is its output (a test keeps them equal).
//
// The schema checks the shape of one file; it cannot check what spans
// files or needs the whole spec (references, uniqueness, limits), which
// Load does.
func GenerateSchema() ([]byte, error) {
	comments, err := goComments(typesSource, reflect.TypeOf(Spec{}).PkgPath())
	if err != nil {
		return nil, err
	}
	for _, sec := range sections {
		c, err := goComments(sec.Source, reflect.TypeOf(sec.New()).Elem().PkgPath())
		if err != nil {
			return nil, fmt.Errorf("section %s: %w", sec.Path, err)
		}
		maps.Copy(comments, c)
	}
	r := &jsonschema.Reflector{
		Anonymous:      true,
		ExpandedStruct: true,
		CommentMap:     comments,
	}
	s := r.Reflect(&Spec{})
	s.ID = SchemaID
	s.Title = "orgctl spec (org.yaml)"
	s.Description = "An AWS Organization as orgctl keeps it: settings, the organization, its OUs, accounts and policies, " +
		"and the services run for the whole organization. " +
		"Included files hold only version, include, organizationalUnits, accounts and policies."
	if err := addSections(s, comments); err != nil {
		return nil, err
	}
	constrainTags(s)
	for _, d := range s.Definitions {
		constrainTags(d)
	}
	enumPolicyTypes(s)
	enumRegionsAndPrincipals(s)
	out, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(out, '\n'), nil
}

// addSections grafts the registered sections onto the schema: each as a
// property of its parent (the top level, or Security) referring to a
// definition of its type.
func addSections(s *jsonschema.Schema, comments map[string]string) error {
	r := &jsonschema.Reflector{Anonymous: true, CommentMap: comments}
	for _, sec := range sections {
		parent, key := splitSectionPath(sec.Path)
		holder := s
		if parent != "" {
			if holder = s.Definitions[securityType.Name()]; holder == nil {
				return fmt.Errorf("section %s: the schema has no %s", sec.Path, securityType.Name())
			}
		}
		t := reflect.TypeOf(sec.New()).Elem()
		ss := r.ReflectFromType(t)
		for name, d := range ss.Definitions {
			if prev, ok := s.Definitions[name]; ok && !sameSchema(prev, d) {
				return fmt.Errorf("section %s: its type %s has the name of another type of the schema; rename one", sec.Path, name)
			}
			s.Definitions[name] = d
		}
		prop := &jsonschema.Schema{Ref: "#/$defs/" + t.Name()}
		if d := ss.Definitions[t.Name()]; d != nil {
			prop.Description = d.Description
		}
		holder.Properties.Set(key, prop)
	}
	return nil
}

func sameSchema(a, b *jsonschema.Schema) bool {
	ja, _ := json.Marshal(a)
	jb, _ := json.Marshal(b)
	return string(ja) == string(jb)
}

// enumPolicyTypes lists the policy types where the spec names one, from
// facts.PolicyTypes, so that the schema and the loader never disagree.
func enumPolicyTypes(s *jsonschema.Schema) {
	names := make([]any, len(facts.PolicyTypes))
	for i, t := range facts.PolicyTypes {
		names[i] = t.Name
	}
	if d := s.Definitions["Organization"]; d != nil {
		if p, ok := d.Properties.Get("policyTypes"); ok && p.Items != nil {
			p.Items.Enum = names
		}
	}
	if d := s.Definitions["Policy"]; d != nil {
		if p, ok := d.Properties.Get("type"); ok {
			p.Enum = names
		}
	}
}

// enumRegionsAndPrincipals lists AWS's Regions and the service principals
// that take trusted access where the spec takes them, for editors to
// complete; Load refuses others with a "did you mean".
func enumRegionsAndPrincipals(s *jsonschema.Schema) {
	regions := make([]any, len(facts.Regions))
	for i, r := range facts.Regions {
		regions[i] = r.Code
	}
	var principals []any
	for _, p := range facts.TrustedAccessPrincipalNames() {
		principals = append(principals, p)
	}
	set := func(def, prop string, items bool, values []any) {
		d := s.Definitions[def]
		if d == nil {
			return
		}
		p, ok := d.Properties.Get(prop)
		if !ok {
			return
		}
		if items {
			p = p.Items
		}
		if p != nil {
			p.Pattern, p.Enum = "", values
		}
	}
	set("Settings", "homeRegion", false, regions)
	set("Settings", "regions", true, regions)
	set("Organization", "trustedAccess", true, principals)
	set("DelegatedAdministrator", "service", false, principals)
}

// constrainTags adds AWS's tag rules to a tags property, which struct tags
// cannot express on a map.
func constrainTags(s *jsonschema.Schema) {
	if s == nil || s.Properties == nil {
		return
	}
	t, ok := s.Properties.Get("tags")
	if !ok || t == nil {
		return
	}
	maxTagsN, maxKey, maxValue, minKey := uint64(maxTags), uint64(maxTagKeyLen), uint64(maxTagValueLen), uint64(1)
	t.MaxProperties = &maxTagsN
	t.PropertyNames = &jsonschema.Schema{
		MinLength: &minKey,
		MaxLength: &maxKey,
		Not:       &jsonschema.Schema{Pattern: "^[aA][wW][sS]:|^" + facts.ManagedTagKey + "$"},
	}
	t.AdditionalProperties = &jsonschema.Schema{Type: "string", MaxLength: &maxValue}
}

// goComments maps the types and fields declared in src (package pkg) to
// their doc comments, keyed as jsonschema.Reflector.CommentMap expects:
// pkg.Type for the first sentence of a type's comment, pkg.Type.Field for a
// field's whole comment, with its lines joined.
func goComments(src []byte, pkg string) (map[string]string, error) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "types.go", src, parser.ParseComments)
	if err != nil {
		return nil, err
	}
	var p doc.Package
	out := map[string]string{}
	typ := ""
	ast.Inspect(f, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.GenDecl:
			if len(x.Specs) == 1 {
				if ts, ok := x.Specs[0].(*ast.TypeSpec); ok && ts.Doc == nil {
					ts.Doc = x.Doc
				}
			}
		case *ast.TypeSpec:
			typ = x.Name.Name
			if txt := x.Doc.Text(); txt != "" {
				out[pkg+"."+typ] = userDoc(typ, p.Synopsis(txt))
			}
		case *ast.Field:
			txt := oneLine(x.Doc.Text())
			if txt == "" {
				txt = oneLine(x.Comment.Text())
			}
			for _, name := range x.Names {
				if txt != "" && typ != "" && name.IsExported() {
					out[pkg+"."+typ+"."+name.Name] = userDoc(name.Name, txt)
				}
			}
		}
		return true
	})
	return out, nil
}

// oneLine joins the lines of a comment with spaces.
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// userDoc turns a Go doc comment into a description for the people who
// write specs, who know keys, not Go names: "OU is the path of the
// account's OU" reads "The path of the account's OU", "Admin names the
// account" reads "Names the account", and a Go name left at the start
// ("ResourceTypes the rule evaluates") is spelt in words ("Resource types
// the rule evaluates").
func userDoc(goName, text string) string {
	first, rest, ok := strings.Cut(text, " ")
	if !ok || first != goName {
		return text
	}
	verb, after, _ := strings.Cut(rest, " ")
	switch {
	case (verb == "is" || verb == "are") && after != "":
		return capitalize(after)
	case len(verb) > 2 && strings.HasSuffix(verb, "s") && !strings.HasSuffix(verb, "ss") &&
		strings.ToLower(verb) == verb && !strings.ContainsAny(verb, ",.:;()"):
		return capitalize(rest)
	}
	return words(goName) + " " + rest
}

func capitalize(s string) string {
	if s == "" || strings.HasPrefix(s, "orgctl") { // a name spelt in lower case
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// words spells a Go name in words, its first capitalised: ResourceTypes
// is "Resource types", KMSKey "KMS key".
func words(name string) string {
	var out []string
	start := 0
	for i := 1; i < len(name); i++ {
		upper := func(j int) bool { return name[j] >= 'A' && name[j] <= 'Z' }
		// A word starts at an upper-case letter after a lower-case one, or
		// at the last upper-case letter of an acronym followed by lower case.
		acronymEnds := upper(i-1) && i+1 < len(name) && !upper(i+1) && name[i+1:] != "s" // OUs stays one word
		if upper(i) && (!upper(i-1) || acronymEnds) {
			out = append(out, name[start:i])
			start = i
		}
	}
	out = append(out, name[start:])
	for i := 1; i < len(out); i++ {
		if strings.ToUpper(out[i]) != out[i] { // acronyms keep their case
			out[i] = strings.ToLower(out[i])
		}
	}
	return strings.Join(out, " ")
}
