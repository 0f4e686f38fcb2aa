package spec

import (
	"fmt"
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"

	"go.yaml.in/yaml/v3"

	"github.com/orgctl/orgctl/diag"
	"github.com/orgctl/orgctl/internal/suggest"
)

// decoder fills Go values from a YAML node tree, strictly: it follows the
// json tags of the model, rejects unknown keys and wrong types, and records
// the position of every value it decodes.
type decoder struct {
	w    *walker
	locs Locations
	// raw keeps the node of every `any` field (policy documents) by path, so
	// the document can be turned into JSON in the author's key order.
	raw map[string]*yaml.Node
	// failed holds the paths that could not be decoded; validation rules do
	// not report them again.
	failed map[string]bool
	// sections holds the service sections decoded, by path.
	sections map[string]any
}

func newDecoder(w *walker) *decoder {
	return &decoder{w: w, locs: Locations{}, raw: map[string]*yaml.Node{}, failed: map[string]bool{}, sections: map[string]any{}}
}

// decodeFile decodes the root node of a file into out (a pointer).
// A nil node (an empty file) leaves out as it is.
func (d *decoder) decodeFile(root *yaml.Node, out any) {
	if root == nil {
		return
	}
	d.decode(root, reflect.ValueOf(out).Elem(), "")
}

// decode decodes n into v, recording its position under path.
func (d *decoder) decode(n *yaml.Node, v reflect.Value, path string) {
	d.locs[path] = diag.Pos{File: d.w.file, Line: n.Line, Col: n.Column}
	t, leave, ok := d.w.enter(n)
	if !ok {
		d.failed[path] = true
		return
	}
	defer leave()
	if badTag(t) {
		// Reported once, where the file is parsed.
		d.failed[path] = true
		return
	}
	if t.Kind == yaml.ScalarNode && t.ShortTag() == "!!null" {
		if k := v.Kind(); k == reflect.Slice || k == reflect.Map || k == reflect.Struct {
			d.nullCollection(n, path, k)
			return
		}
		v.Set(reflect.Zero(v.Type()))
		return
	}
	switch v.Kind() {
	case reflect.Pointer:
		e := reflect.New(v.Type().Elem())
		d.decode(t, e.Elem(), path)
		v.Set(e)
	case reflect.Struct:
		d.decodeStruct(n, t, v, path)
	case reflect.Slice:
		d.decodeSlice(n, t, v, path)
	case reflect.Map:
		d.decodeMap(n, t, v, path)
	case reflect.Interface:
		// Problems inside a policy document (duplicate keys, values JSON
		// cannot hold) are reported once, when it is turned into JSON.
		d.raw[path] = n
		if g := newWalker(d.w.file, nil).generic(t, path); g != nil {
			v.Set(reflect.ValueOf(g))
		}
	default:
		d.decodeScalar(n, t, v, path)
	}
}

// nullCollection reports a null (a key left empty, ~, null) where a list
// or a mapping belongs. Read as "none", an OU's empty policies: would
// detach every policy the OU has; the author may as well have lost the
// list below it. Meaning none takes [] or {}.
func (d *decoder) nullCollection(n *yaml.Node, path string, k reflect.Kind) {
	want, empty := "a mapping", "{}"
	if k == reflect.Slice {
		want, empty = "a list", "[]"
	}
	key := path[strings.LastIndexAny(path, ".")+1:]
	var detail string
	switch {
	case strings.HasSuffix(path, "]"):
		detail = "An empty list item is null; remove it, or write the item."
	case k == reflect.Struct:
		detail = fmt.Sprintf("An empty value is null in YAML, not an empty mapping: write %s: {} for its defaults, or remove the key.", key)
	default:
		detail = fmt.Sprintf("An empty value is null in YAML, not an empty %s: write %s: %s to mean none, or remove the key.",
			strings.TrimPrefix(want, "a "), key, empty)
	}
	d.typeError(n, n, want, path, detail)
}

func (d *decoder) typeError(n, t *yaml.Node, want, path, detail string) {
	d.failed[path] = true
	d.w.report(withPath(diag.Errorf(nodePos(d.w.file, n), detail,
		"%s: expected %s, got %s", displayPath(path), want, describeNode(t)), path))
}

func (d *decoder) decodeStruct(n, t *yaml.Node, v reflect.Value, path string) {
	if t.Kind != yaml.MappingNode {
		d.typeError(n, t, "a mapping", path, "Write it as key: value pairs.")
		return
	}
	fields := structFields(v.Type())
	holds := v.Type() == specType || v.Type() == securityType
	for _, p := range d.w.pairs(t, path) {
		f, ok := fields.byName[p.key.Value]
		if !ok && holds {
			if sec, ok := sectionAt(joinPath(path, p.key.Value)); ok {
				d.decodeSection(sec, p.val)
				continue
			}
		}
		if !ok {
			known := fields.names
			if holds {
				known = append(slices.Clone(known), sectionKeys(path)...)
			}
			d.unknownKey(p.key, path, known)
			continue
		}
		d.decode(p.val, v.FieldByIndex(f), joinPath(path, p.key.Value))
	}
}

// decodeSection decodes a service's section into a new value of its type.
func (d *decoder) decodeSection(sec Section, n *yaml.Node) {
	v := sec.New()
	d.decode(n, reflect.ValueOf(v).Elem(), sec.Path)
	d.sections[sec.Path] = v
}

// unknownKey reports a key the model does not have, suggesting the closest
// known one.
func (d *decoder) unknownKey(k *yaml.Node, path string, known []string) {
	where := "in " + path
	if path == "" {
		where = "at the top level"
	}
	detail := fmt.Sprintf("Keys allowed here: %s.", strings.Join(known, ", "))
	p := joinPath(path, k.Value)
	d.failed[p] = true
	if s := suggest.Closest(k.Value, known); s != "" {
		detail = fmt.Sprintf("Did you mean %q? %s", s, detail)
		// The key meant is then missing; that is the same mistake.
		d.failed[joinPath(path, s)] = true
	}
	d.w.report(withPath(diag.Errorf(nodePos(d.w.file, k), detail, "unknown key %q %s", k.Value, where), p))
}

func (d *decoder) decodeSlice(n, t *yaml.Node, v reflect.Value, path string) {
	if t.Kind != yaml.SequenceNode {
		detail := "Write it as a list: one `- item` a line, or [a, b]."
		if t.Kind == yaml.ScalarNode {
			detail = fmt.Sprintf("Write it as a list: [%s].", t.Value)
		}
		d.typeError(n, t, "a list", path, detail)
		return
	}
	s := reflect.MakeSlice(v.Type(), len(t.Content), len(t.Content))
	for i, e := range t.Content {
		d.decode(e, s.Index(i), indexPath(path, i))
	}
	v.Set(s)
}

func (d *decoder) decodeMap(n, t *yaml.Node, v reflect.Value, path string) {
	if t.Kind != yaml.MappingNode {
		d.typeError(n, t, "a mapping", path, "Write it as key: value pairs.")
		return
	}
	m := reflect.MakeMap(v.Type())
	for _, p := range d.w.pairs(t, path) {
		p2 := joinPath(path, p.key.Value)
		d.locs[p2+KeySuffix] = diag.Pos{File: d.w.file, Line: p.key.Line, Col: p.key.Column}
		e := reflect.New(v.Type().Elem()).Elem()
		d.decode(p.val, e, p2)
		m.SetMapIndex(reflect.ValueOf(p.key.Value).Convert(v.Type().Key()), e)
	}
	v.Set(m)
}

// KeySuffix marks the Locations entry of a mapping key rather than its
// value: Locs["accounts[0].tags.owner"+KeySuffix] is where the key owner is.
const KeySuffix = "#key"

func (d *decoder) decodeScalar(n, t *yaml.Node, v reflect.Value, path string) {
	tag := ""
	if t.Kind == yaml.ScalarNode {
		tag = t.ShortTag()
	}
	switch v.Kind() {
	case reflect.String:
		switch tag {
		case "!!str", "!!timestamp", "!!binary":
			v.SetString(t.Value)
		case "!!int", "!!float", "!!bool":
			d.typeError(n, t, "a string", path, fmt.Sprintf("Quote it: %q.", t.Value))
		default:
			d.typeError(n, t, "a string", path, "")
		}
	case reflect.Bool:
		if tag != "!!bool" {
			d.typeError(n, t, "a boolean", path, "Write true or false, without quotes.")
			return
		}
		b, err := strconv.ParseBool(strings.ToLower(t.Value))
		if err != nil {
			d.typeError(n, t, "a boolean", path, "Write true or false, without quotes.")
			return
		}
		v.SetBool(b)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		var i int64
		if tag != "!!int" || t.Decode(&i) != nil || v.OverflowInt(i) {
			d.typeError(n, t, "an integer", path, "Write a whole number, without quotes.")
			return
		}
		v.SetInt(i)
	case reflect.Float32, reflect.Float64:
		var f float64
		if (tag != "!!int" && tag != "!!float") || t.Decode(&f) != nil {
			d.typeError(n, t, "a number", path, "Write a number, without quotes.")
			return
		}
		v.SetFloat(f)
	default:
		d.typeError(n, t, "a value orgctl can read", path, "")
	}
}

// generic decodes n as a free-form value: map[string]any, []any, string,
// int, float64, bool or nil.
func (w *walker) generic(t *yaml.Node, path string) any {
	switch t.Kind {
	case yaml.MappingNode:
		m := map[string]any{}
		for _, p := range w.pairs(t, path) {
			if v, ok := w.genericNode(p.val, joinPath(path, p.key.Value)); ok {
				m[p.key.Value] = v
			}
		}
		return m
	case yaml.SequenceNode:
		s := make([]any, 0, len(t.Content))
		for i, e := range t.Content {
			if v, ok := w.genericNode(e, indexPath(path, i)); ok {
				s = append(s, v)
			}
		}
		return s
	default:
		return scalarValue(t)
	}
}

func (w *walker) genericNode(n *yaml.Node, path string) (any, bool) {
	t, leave, ok := w.enter(n)
	if !ok {
		return nil, false
	}
	defer leave()
	return w.generic(t, path), true
}

// scalarValue is the Go value of a scalar node. Dates and other tagged
// scalars stay strings (Version: 2012-10-17 is a string in a policy).
func scalarValue(t *yaml.Node) any {
	switch t.ShortTag() {
	case "!!null":
		return nil
	case "!!bool":
		var b bool
		if t.Decode(&b) == nil {
			return b
		}
	case "!!int":
		var v any
		if t.Decode(&v) == nil {
			switch x := v.(type) {
			case int:
				return x
			case int64:
				if x >= math.MinInt && x <= math.MaxInt {
					return int(x)
				}
				return float64(x)
			case uint64:
				return float64(x)
			case float64:
				return x
			}
		}
	case "!!float":
		var f float64
		if t.Decode(&f) == nil {
			return f
		}
	}
	return t.Value
}

// fieldSet is the decodable fields of a struct type by YAML key.
type fieldSet struct {
	byName map[string][]int
	names  []string
}

var fieldCache sync.Map // reflect.Type -> *fieldSet

var (
	specType     = reflect.TypeOf(Spec{})
	securityType = reflect.TypeOf(Security{})
)

// structFields lists the fields of t that have a json name, in order.
func structFields(t reflect.Type) *fieldSet {
	if fs, ok := fieldCache.Load(t); ok {
		return fs.(*fieldSet)
	}
	fs := &fieldSet{byName: map[string][]int{}}
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "-" {
			continue
		}
		if name == "" {
			name = f.Name
		}
		fs.byName[name] = f.Index
		fs.names = append(fs.names, name)
	}
	fieldCache.Store(t, fs)
	return fs
}
