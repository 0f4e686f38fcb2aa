package spec

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"path"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/orgctl/orgctl/diag"
)

// loadDocuments sets the Content of every policy from its inline document
// or its file. A policy with both or neither is left to validation.
func (l *loader) loadDocuments() {
	s := l.spec
	for i := range s.Policies {
		p := &s.Policies[i]
		at := indexPath("policies", i)
		hasDoc := p.Document != nil
		hasFile := p.File != ""
		switch {
		case hasDoc && !hasFile:
			l.inlineDocument(p, at+".document")
		case hasFile && !hasDoc && !l.failed[at+".file"]:
			dir := "."
			if i < len(l.policyDirs) {
				dir = l.policyDirs[i]
			}
			l.fileDocument(p, at+".file", dir)
		}
	}
}

// inlineDocument reads a document: written in the spec, as a YAML mapping
// or as a string holding JSON.
func (l *loader) inlineDocument(p *Policy, at string) {
	pos := l.spec.Locs.Pos(at)
	file := ""
	if pos != nil {
		file = pos.File
	}
	n := l.raw[at]
	if n == nil {
		// Not decoded from YAML (a Spec built in code): use the value.
		content, err := documentFromValue(p.Document)
		if err != nil {
			l.report(withPath(diag.Errorf(pos, documentHelp, "policy %s: %v", p.Name, err), at))
			return
		}
		p.Content = content
		return
	}
	w := newWalker(file, l.report)
	t, leave, ok := w.enter(n)
	if !ok {
		return
	}
	defer leave()
	switch {
	case t.Kind == yaml.MappingNode:
		var b bytes.Buffer
		if w.writeJSON(&b, t, at) && !w.badNumbers {
			p.Content = b.String()
			newPlacer(l.spec.Locs, file).yaml(t, at, 0)
		}
	case t.Kind == yaml.ScalarNode && t.ShortTag() == "!!str":
		content, err := CompactDocument([]byte(t.Value))
		if err != nil {
			l.report(withPath(diag.Errorf(pos, documentHelp, "policy %s: %s", p.Name, describeJSONError(err, []byte(t.Value), "of the document")), at))
			return
		}
		p.Content = content
		newPlacer(l.spec.Locs, file).json([]byte(t.Value), at, scalarPlace(t, l.spec.Sources[file]))
	default:
		l.report(withPath(diag.Errorf(pos, documentHelp,
			"policy %s: the document must be a JSON object, got %s", p.Name, describeNode(t)), at))
	}
}

const documentHelp = "Write the document as a YAML mapping under document:, as a string holding a JSON object, or in a file named by file:."

// fileDocument reads a document from the policy's file, a path relative to
// dir, the directory of the spec file that declares the policy.
func (l *loader) fileDocument(p *Policy, at, dir string) {
	pos := l.spec.Locs.Pos(at)
	declaring := ""
	if pos != nil {
		declaring = pos.File
	}
	if path.IsAbs(p.File) {
		l.report(withPath(diag.Errorf(pos, fmt.Sprintf("Give the path relative to %s.", declaring),
			"policy %s: file %s is an absolute path", p.Name, p.File), at))
		return
	}
	full := path.Join(dir, p.File)
	if !fs.ValidPath(full) {
		l.report(withPath(diag.Errorf(pos, "Policy files must be inside the directory tree the spec is read from.",
			"policy %s: file %s points outside the spec's directory tree", p.Name, p.File), at))
		return
	}
	disp := l.display(full)
	data, err := fs.ReadFile(l.fsys, full)
	if errors.Is(err, fs.ErrNotExist) {
		l.report(withPath(diag.Errorf(pos,
			fmt.Sprintf("Looked for %s; policy file paths are relative to the file that declares the policy (%s).", disp, declaring),
			"policy file %s does not exist", p.File), at))
		return
	}
	if info, serr := fs.Stat(l.fsys, full); err != nil && serr == nil && info.IsDir() {
		l.report(withPath(diag.Errorf(pos, "Name the file that holds the document, such as policies/deny-all.json.",
			"policy file %s is a directory", p.File), at))
		return
	}
	if err != nil {
		l.report(withPath(diag.Errorf(pos, "Check that the file can be read.",
			"cannot read policy file %s: %v", p.File, unwrapPathError(err)), at))
		return
	}
	l.addSource(disp, data)
	content, root, ds := documentFile(disp, data, strings.EqualFold(path.Ext(full), ".json"))
	for _, d := range ds {
		d.Summary = fmt.Sprintf("policy %s: %s", p.Name, d.Summary)
		l.report(withPath(d, at))
	}
	if ds.HasErrors() {
		return
	}
	p.Content = content
	// The places of the document's elements, read as documentFile read it.
	pl := newPlacer(l.spec.Locs, disp)
	if root != nil {
		pl.yaml(root, at, 0)
	} else {
		pl.json(data, at, samePlace)
	}
}

// documentFile turns the bytes of a policy file into minified JSON: a JSON
// file is compacted as written, any other file is read as YAML (of which
// JSON is a part) and converted in its key order, and its parsed root is
// returned too (nil for a JSON file). Problems are placed in the file,
// named disp.
func documentFile(disp string, data []byte, isJSON bool) (string, *yaml.Node, diag.Diagnostics) {
	if isJSON {
		content, err := CompactDocument(data)
		if err != nil {
			epos := &diag.Pos{File: disp, Line: 1, Col: 1}
			var se *json.SyntaxError
			if errors.As(err, &se) {
				line, col := lineCol(data, se.Offset)
				epos = &diag.Pos{File: disp, Line: line, Col: col}
			}
			return "", nil, diag.Diagnostics{diag.Errorf(epos, "Fix the JSON of the policy file.", "%s", describeJSONError(err, data, ""))}
		}
		return content, nil, nil
	}
	root, ds := parseYAML(disp, data)
	if ds.HasErrors() {
		return "", nil, ds
	}
	if root == nil {
		return "", nil, diag.Diagnostics{diag.Errorf(&diag.Pos{File: disp, Line: 1, Col: 1}, documentHelp, "the file is empty")}
	}
	out := checkYAMLTags(disp, root)
	w := newWalker(disp, func(d diag.Diagnostic) { out = append(out, d) })
	t, leave, ok := w.enter(root)
	if !ok {
		return "", nil, out
	}
	defer leave()
	if t.Kind != yaml.MappingNode {
		out = append(out, diag.Errorf(nodePos(disp, root), documentHelp,
			"the document must be a JSON object, got %s", describeNode(t)))
		return "", nil, out
	}
	var b bytes.Buffer
	if !w.writeJSON(&b, t, "") || w.badNumbers || out.HasErrors() {
		return "", nil, out
	}
	return b.String(), root, out
}

// errNotObject is returned by CompactDocument for valid JSON that is not
// an object.
type errNotObject struct{ kind string }

func (e errNotObject) Error() string {
	return "the document must be a JSON object, got " + e.kind
}

// CompactDocument returns a JSON policy document minified, keeping the
// author's key order. The document must be a JSON object.
func CompactDocument(data []byte) (string, error) {
	var b bytes.Buffer
	if err := json.Compact(&b, data); err != nil {
		// Compact does not say where the error is; decoding does.
		var raw json.RawMessage
		if uerr := json.Unmarshal(data, &raw); uerr != nil {
			return "", uerr
		}
		return "", err
	}
	out := b.String()
	if out == "" {
		return "", errors.New("the document is empty")
	}
	switch c := out[0]; {
	case c == '{':
		return out, nil
	case c == '[':
		return "", errNotObject{"a JSON array"}
	case c == '"':
		return "", errNotObject{"a JSON string"}
	case c == 't' || c == 'f':
		return "", errNotObject{"a JSON boolean"}
	case c == 'n':
		return "", errNotObject{"null"}
	default:
		return "", errNotObject{"a JSON number"}
	}
}

// describeJSONError says what is wrong with a JSON document, with the line
// and column for syntax errors ("of the document" for inline documents).
func describeJSONError(err error, data []byte, of string) string {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		line, col := lineCol(data, se.Offset)
		where := fmt.Sprintf("at line %d, column %d", line, col)
		if of != "" {
			where += " " + of
		}
		return fmt.Sprintf("invalid JSON %s: %v", where, se)
	}
	var no errNotObject
	if errors.As(err, &no) {
		return no.Error()
	}
	return "invalid JSON: " + err.Error()
}

// lineCol turns the offset of a JSON syntax error (the number of bytes
// read, the offending one included) into its 1-based line and column.
func lineCol(data []byte, off int64) (int, int) {
	if off < 0 {
		off = 0
	}
	if off >= int64(len(data)) {
		// The input ended early: point at its last character.
		off = int64(len(bytes.TrimRight(data, " \t\r\n")))
	}
	before := data[:off]
	line := bytes.Count(before, []byte("\n")) + 1
	col := int(off) - (bytes.LastIndexByte(before, '\n') + 1)
	if col < 1 {
		col = 1
	}
	return line, col
}

// documentFromValue turns a document given as a Go value (a string of
// JSON, or maps and lists) into minified JSON.
func documentFromValue(v any) (string, error) {
	if s, ok := v.(string); ok {
		c, err := CompactDocument([]byte(s))
		if err != nil {
			return "", errors.New(describeJSONError(err, []byte(s), "of the document"))
		}
		return c, nil
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return "", err
	}
	return CompactDocument(b.Bytes())
}

// writeJSON writes YAML node n as minified JSON in source key order. It
// reports what JSON cannot hold and returns false then.
func (w *walker) writeJSON(b *bytes.Buffer, n *yaml.Node, path string) bool {
	t, leave, ok := w.enter(n)
	if !ok {
		return false
	}
	defer leave()
	if badTag(t) {
		return false // reported where the file is parsed
	}
	switch t.Kind {
	case yaml.MappingNode:
		b.WriteByte('{')
		for i, p := range w.pairs(t, path) {
			if i > 0 {
				b.WriteByte(',')
			}
			writeJSONValue(b, p.key.Value)
			b.WriteByte(':')
			if !w.writeJSON(b, p.val, joinPath(path, p.key.Value)) {
				return false
			}
		}
		b.WriteByte('}')
	case yaml.SequenceNode:
		b.WriteByte('[')
		for i, e := range t.Content {
			if i > 0 {
				b.WriteByte(',')
			}
			if !w.writeJSON(b, e, indexPath(path, i)) {
				return false
			}
		}
		b.WriteByte(']')
	case yaml.ScalarNode:
		v := scalarValue(t)
		if f, isFloat := v.(float64); isFloat && (math.IsNaN(f) || math.IsInf(f, 0)) {
			w.report(diag.Errorf(nodePos(w.file, t), "Quote the value to make it a string.",
				"%s: %s cannot be written in JSON", displayPath(path), t.Value))
			return false
		}
		// A number problem does not stop the walk, so that every one in
		// the document is reported.
		if !w.checkNumber(t, v, path) {
			w.badNumbers = true
		}
		writeJSONValue(b, v)
	default:
		return false
	}
	return true
}

// writeJSONValue writes a scalar as JSON without escaping <, > and &, which
// AWS would count as six characters each.
func writeJSONValue(b *bytes.Buffer, v any) {
	var tmp bytes.Buffer
	enc := json.NewEncoder(&tmp)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		b.WriteString("null")
		return
	}
	b.Write(bytes.TrimSuffix(tmp.Bytes(), []byte("\n")))
}
