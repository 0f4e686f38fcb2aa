package spec

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/orgctl/orgctl/diag"
)

// maxNodeVisits bounds how many YAML nodes one file may expand to once
// aliases are followed, so that an alias bomb ("billion laughs") is an
// error instead of an out-of-memory crash.
const maxNodeVisits = 1_000_000

// yamlErrLine matches the line number the YAML parser puts in its errors.
var yamlErrLine = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// parseYAML parses one YAML document into a node tree. An empty file is a
// nil node and no error; more than one document in a file is an error.
func parseYAML(file string, data []byte) (node *yaml.Node, ds diag.Diagnostics) {
	defer func() {
		// The parser is a third-party library; a bug in it must not crash
		// orgctl on a malformed file.
		if r := recover(); r != nil {
			node = nil
			ds = diag.Diagnostics{diag.Errorf(&diag.Pos{File: file}, "Fix the YAML syntax of this file.",
				"malformed YAML: %v", r)}
		}
	}()
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, nil
		}
		return nil, diag.Diagnostics{yamlError(file, data, err)}
	}
	var extra yaml.Node
	switch err := dec.Decode(&extra); {
	case errors.Is(err, io.EOF):
	case err != nil:
		return nil, diag.Diagnostics{yamlError(file, data, err)}
	default:
		return nil, diag.Diagnostics{diag.Errorf(nodePos(file, &extra),
			"Keep one document per file; use include: to split a spec over several files.",
			"more than one YAML document in %s", file)}
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) == 0 {
		return nil, nil
	}
	return doc.Content[0], nil
}

// parserProblems are the errors of the YAML parser proper (as opposed to
// its scanner). The library reports their line counting from 0, the line
// where the enclosing collection starts; the scanner's count from 1.
var parserProblems = map[string]bool{
	"did not find expected <stream-start>":   true,
	"did not find expected <document start>": true,
	"did not find expected node content":     true,
	"did not find expected '-' indicator":    true,
	"did not find expected key":              true,
	"did not find expected ',' or ']'":       true,
	"did not find expected ',' or '}'":       true,
	"found undefined tag handle":             true,
	"found duplicate %YAML directive":        true,
	"found duplicate %TAG directive":         true,
	"found incompatible YAML document":       true,
}

// yamlError turns a parser error into a diagnostic at the line the parser
// reports, pointing at the first non-blank column of that line.
func yamlError(file string, data []byte, err error) diag.Diagnostic {
	msg := err.Error()
	pos := &diag.Pos{File: file}
	if m := yamlErrLine.FindStringSubmatch(msg); m != nil {
		if n, convErr := strconv.Atoi(m[1]); convErr == nil {
			if parserProblems[m[2]] {
				n = culpritLine(data, n+1, m[2])
			}
			pos.Line = n
			pos.Col = firstColumn(data, n)
		}
		msg = m[2]
	} else {
		msg = strings.TrimPrefix(msg, "yaml: ")
		// The parser names no line for an alias to an unknown anchor;
		// the first use of the alias is where it is wrong.
		if m := unknownAnchor.FindStringSubmatch(msg); m != nil {
			pos.Line, pos.Col = findAlias(data, m[1])
		}
	}
	return diag.Errorf(pos, "Fix the YAML syntax at this line (indentation, a missing colon or an unclosed quote or bracket are the usual causes).",
		"malformed YAML: %s", msg)
}

// culpritLine narrows a parser error, which names the line where the
// enclosing collection starts (from), to the first line at which the file
// fails with the same message: the file cut after that line fails so,
// and cut before it does not. Cuts are tried by bisection, so a long file
// costs a dozen parses, and only when it is malformed.
func culpritLine(data []byte, from int, msg string) int {
	ends := lineEnds(data)
	failsAt := func(n int) bool {
		err := yaml.NewDecoder(bytes.NewReader(data[:ends[n-1]])).Decode(&yaml.Node{})
		if err == nil {
			return false
		}
		m := yamlErrLine.FindStringSubmatch(err.Error())
		return m != nil && m[2] == msg
	}
	lo, hi := from, len(ends)
	if lo < 1 || lo > hi || !failsAt(hi) {
		return from
	}
	for lo < hi {
		mid := lo + (hi-lo)/2
		if failsAt(mid) {
			hi = mid
		} else {
			lo = mid + 1
		}
	}
	return lo
}

// lineEnds returns, for each line of data, the offset just past it.
func lineEnds(data []byte) []int {
	var ends []int
	for i, c := range data {
		if c == '\n' {
			ends = append(ends, i+1)
		}
	}
	if len(data) > 0 && data[len(data)-1] != '\n' {
		ends = append(ends, len(data))
	}
	return ends
}

// unknownAnchor matches the parser's error for an undefined alias.
var unknownAnchor = regexp.MustCompile(`^unknown anchor '(.*)' referenced$`)

// findAlias returns the 1-based line and column of the first *name in
// data that is followed by a character that ends an alias, or 0, 0.
func findAlias(data []byte, name string) (int, int) {
	needle := []byte("*" + name)
	for off := 0; ; {
		i := bytes.Index(data[off:], needle)
		if i < 0 {
			return 0, 0
		}
		at := off + i
		end := at + len(needle)
		if end == len(data) || bytes.IndexByte([]byte(" \t\r\n,]}"), data[end]) >= 0 {
			line := bytes.Count(data[:at], []byte("\n")) + 1
			return line, at - (bytes.LastIndexByte(data[:at], '\n') + 1) + 1
		}
		off = end
	}
}

// firstColumn is the 1-based column of the first non-blank character of
// line n of data, or 1.
func firstColumn(data []byte, n int) int {
	lines := bytes.Split(data, []byte("\n"))
	if n < 1 || n > len(lines) {
		return 1
	}
	line := lines[n-1]
	for i, c := range line {
		if c != ' ' && c != '\t' {
			return i + 1
		}
	}
	return 1
}

// nodePos is the position of n in file.
func nodePos(file string, n *yaml.Node) *diag.Pos {
	return &diag.Pos{File: file, Line: n.Line, Col: n.Column}
}

// pair is one key and value of a mapping, after merge keys are expanded.
type pair struct {
	key, val *yaml.Node
}

// walker follows aliases and merge keys with a budget, reporting problems
// through report. It is shared by the model decoder and the policy document
// encoder so both treat anchors the same way and neither can loop.
type walker struct {
	file      string
	report    func(diag.Diagnostic)
	visits    int
	exhausted bool
	active    map[*yaml.Node]bool
	// aliases are the alias nodes being expanded, outermost first.
	aliases []*yaml.Node
	// badNumbers is set when writeJSON met a number whose JSON is not
	// its author's text (see checkNumber).
	badNumbers bool
}

func newWalker(file string, report func(diag.Diagnostic)) *walker {
	if report == nil {
		report = func(diag.Diagnostic) {}
	}
	return &walker{file: file, report: report, active: map[*yaml.Node]bool{}}
}

// enter counts a visit to n and resolves it if it is an alias. It returns
// the node to use and a function to call when done with it, or ok=false
// when n must be skipped (budget exhausted or alias cycle).
func (w *walker) enter(n *yaml.Node) (target *yaml.Node, leave func(), ok bool) {
	w.visits++
	if w.visits > maxNodeVisits {
		if !w.exhausted {
			w.exhausted = true
			// Point at the outermost alias being expanded: that is where
			// the author wrote the expansion, not some node deep inside it.
			at := n
			if len(w.aliases) > 0 {
				at = w.aliases[0]
			}
			w.report(diag.Errorf(nodePos(w.file, at),
				"Use fewer nested aliases; orgctl expands every alias.",
				"%s expands to more than %d YAML nodes", w.file, maxNodeVisits))
		}
		return nil, nil, false
	}
	if n.Kind != yaml.AliasNode {
		return n, func() {}, true
	}
	t := n.Alias
	if t == nil {
		return nil, nil, false
	}
	if w.active[t] {
		w.report(diag.Errorf(nodePos(w.file, n), "An alias cannot refer to a value that contains it.",
			"alias *%s refers to itself", n.Value))
		return nil, nil, false
	}
	w.active[t] = true
	w.aliases = append(w.aliases, n)
	done := func() {
		delete(w.active, t)
		w.aliases = w.aliases[:len(w.aliases)-1]
	}
	// The target may itself be an alias (an anchored alias); resolve it too.
	inner, innerLeave, ok := w.enter(t)
	if !ok {
		done()
		return nil, nil, false
	}
	return inner, func() { innerLeave(); done() }, true
}

// isMergeKey reports whether k is the YAML merge key <<.
func isMergeKey(k *yaml.Node) bool {
	return k.Kind == yaml.ScalarNode && k.ShortTag() == "!!merge"
}

// pairs lists the entries of mapping n in source order, with the entries of
// merged mappings (<<: *anchor) appended unless a key is given explicitly.
// Duplicate explicit keys and non-scalar keys are reported and skipped.
func (w *walker) pairs(n *yaml.Node, path string) []pair {
	var out []pair
	seen := map[string]*yaml.Node{}
	var merges []*yaml.Node
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if isMergeKey(k) {
			merges = append(merges, v)
			continue
		}
		key, leave, ok := w.enter(k)
		if !ok {
			continue
		}
		if key.Kind != yaml.ScalarNode {
			w.report(withPath(diag.Errorf(nodePos(w.file, k), "Use a plain string as the key.",
				"%s: mapping keys must be strings, got %s", displayPath(path), describeNode(key)), path))
			leave()
			continue
		}
		leave()
		if badTag(key) {
			continue // reported where the file is parsed
		}
		if prev, dup := seen[key.Value]; dup {
			w.report(withPath(diag.Errorf(nodePos(w.file, k),
				fmt.Sprintf("The key is first defined at %s:%d:%d; remove one of them.", w.file, prev.Line, prev.Column),
				"duplicate key %q in %s", key.Value, displayPath(path)), joinPath(path, key.Value)))
			continue
		}
		seen[key.Value] = k
		out = append(out, pair{key: key, val: v})
	}
	for _, m := range merges {
		for _, p := range w.mergePairs(m, path) {
			if _, dup := seen[p.key.Value]; dup {
				continue
			}
			seen[p.key.Value] = p.key
			out = append(out, p)
		}
	}
	return out
}

// mergePairs returns the entries a merge key's value contributes: a mapping,
// or a list of mappings where earlier ones win.
func (w *walker) mergePairs(m *yaml.Node, path string) []pair {
	t, leave, ok := w.enter(m)
	if !ok {
		return nil
	}
	defer leave()
	switch t.Kind {
	case yaml.MappingNode:
		return w.pairs(t, path)
	case yaml.SequenceNode:
		var out []pair
		seen := map[string]bool{}
		for _, e := range t.Content {
			et, eleave, ok := w.enter(e)
			if !ok {
				continue
			}
			if et.Kind != yaml.MappingNode {
				w.report(diag.Errorf(nodePos(w.file, e), "A merge key (<<) takes a mapping or a list of mappings.",
					"%s: cannot merge %s", displayPath(path), describeNode(et)))
				eleave()
				continue
			}
			for _, p := range w.pairs(et, path) {
				if !seen[p.key.Value] {
					seen[p.key.Value] = true
					out = append(out, p)
				}
			}
			eleave()
		}
		return out
	default:
		w.report(diag.Errorf(nodePos(w.file, m), "A merge key (<<) takes a mapping or a list of mappings.",
			"%s: cannot merge %s", displayPath(path), describeNode(t)))
		return nil
	}
}

// describeNode names what n holds for an error message: a string "yes",
// an integer 3, a list, a mapping.
func describeNode(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.AliasNode:
		return "an alias"
	case yaml.DocumentNode:
		return "a document"
	}
	v := n.Value
	if len(v) > 40 {
		v = v[:37] + "..."
	}
	switch n.ShortTag() {
	case "!!null":
		return "null"
	case "!!bool":
		return "a boolean " + v
	case "!!int":
		return "an integer " + v
	case "!!float":
		return "a number " + v
	case "!!timestamp":
		return "a date " + v
	default:
		return "a string " + strconv.Quote(v)
	}
}

// withPath sets the model path of a diagnostic.
func withPath(d diag.Diagnostic, path string) diag.Diagnostic {
	d.Path = path
	return d
}

// joinPath appends a mapping key to a model path.
func joinPath(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// indexPath appends a list index to a model path.
func indexPath(path string, i int) string {
	return path + "[" + strconv.Itoa(i) + "]"
}

// displayPath names a model path in a message; the root is "the spec".
func displayPath(path string) string {
	if path == "" {
		return "the spec"
	}
	return path
}
