package spec

import (
	"bytes"
	"encoding/json"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/orgctl/orgctl/diag"
)

// Places of the elements of policy documents, so that a problem found
// in a document (policygrammar gives it as a path) is reported at the
// line of the element at fault. They are recorded in the spec's Locs
// below the path of the document: policies[2].document.Statement[0].Effect
// for a document written in the spec, policies[2].file.Statement[0].Effect
// for one in its own file. An element with no place falls back to its
// nearest ancestor, at worst the document: or file: key.

// maxPlaces bounds what one document records; past it, problems are
// placed at an ancestor.
const maxPlaces = 20_000

// placer records places under a path prefix, never overwriting what the
// spec's decoder recorded.
type placer struct {
	locs Locations
	file string
	left int
}

func newPlacer(locs Locations, file string) *placer {
	return &placer{locs: locs, file: file, left: maxPlaces}
}

func (p *placer) set(path string, line, col int) {
	if p.left <= 0 {
		return
	}
	if _, ok := p.locs[path]; !ok {
		p.locs[path] = diag.Pos{File: p.file, Line: line, Col: col}
		p.left--
	}
}

// yaml records the places of the elements below node n, the document at
// path: an object's member at its key, an array's item at the item.
// Aliases are followed once, merge keys are not: their members are placed
// at the merge key.
func (p *placer) yaml(n *yaml.Node, path string, depth int) {
	if n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	if depth > 64 || p.left <= 0 {
		return
	}
	switch n.Kind {
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			if k.Value == "<<" && k.ShortTag() == "!!merge" {
				continue
			}
			at := joinPath(path, k.Value)
			p.set(at, k.Line, k.Column)
			p.yaml(v, at, depth+1)
		}
	case yaml.SequenceNode:
		for i, e := range n.Content {
			at := indexPath(path, i)
			p.set(at, e.Line, e.Column)
			p.yaml(e, at, depth+1)
		}
	}
}

// json records the places of the elements of the JSON document data, the
// document at path. place turns a line and column of data into one of
// the file.
func (p *placer) json(data []byte, path string, place func(line, col int) (int, int)) {
	d := json.NewDecoder(bytes.NewReader(data))
	// next reads a token and where it starts.
	next := func() (json.Token, int, error) {
		off := int(d.InputOffset())
		for off < len(data) && strings.IndexByte(" \t\r\n,:", data[off]) >= 0 {
			off++
		}
		t, err := d.Token()
		return t, off, err
	}
	mark := func(at string, off int) {
		line, col := lineCol(data, int64(off)+1)
		line, col = place(line, col)
		p.set(at, line, col)
	}
	var walk func(t json.Token, path string, depth int) bool
	walk = func(t json.Token, path string, depth int) bool {
		delim, ok := t.(json.Delim)
		if !ok {
			return true
		}
		if depth > 64 || p.left <= 0 {
			return false
		}
		for i := 0; d.More(); i++ {
			at := indexPath(path, i)
			if delim == '{' {
				k, off, err := next()
				if err != nil {
					return false
				}
				key, _ := k.(string)
				at = joinPath(path, key)
				mark(at, off)
			}
			v, off, err := next()
			if err != nil {
				return false
			}
			if delim == '[' {
				mark(at, off)
			}
			if !walk(v, at, depth+1) {
				return false
			}
		}
		_, err := d.Token() // the closing delimiter
		return err == nil
	}
	if t, _, err := next(); err == nil {
		walk(t, path, 0)
	}
}

// samePlace leaves a line and column of a JSON file as they are.
func samePlace(line, col int) (int, int) { return line, col }

// scalarPlace places the lines of a JSON document written as a YAML
// string t in the file's source src: a literal block (|) keeps the
// document's lines, one below the other under the key, indented; any
// other string is placed at its start.
func scalarPlace(t *yaml.Node, src []byte) func(line, col int) (int, int) {
	if t.Style != yaml.LiteralStyle || src == nil {
		return func(int, int) (int, int) { return t.Line, t.Column }
	}
	lines := bytes.Split(src, []byte("\n"))
	indent := 0
	if t.Line < len(lines) { // the first line of the block, 0-based
		first := lines[t.Line]
		indent = len(first) - len(bytes.TrimLeft(first, " "))
	}
	return func(line, col int) (int, int) { return t.Line + line, indent + col }
}
