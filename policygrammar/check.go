package policygrammar

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/orgctl/orgctl/internal/suggest"
)

// Problem is one way a document breaks its type's grammar.
type Problem struct {
	// Path leads from the document's root to the element at fault: object
	// keys (string) and array indexes (int). It is empty for the whole
	// document.
	Path []any
	// What is wrong, for a message: `Effect is "Deni"`.
	What string
	// Fix says what to change.
	Fix string
}

// PathString writes Path as Statement[0].Effect.
func (p Problem) PathString() string {
	var b strings.Builder
	for _, e := range p.Path {
		switch e := e.(type) {
		case int:
			b.WriteString("[" + strconv.Itoa(e) + "]")
		default:
			if b.Len() > 0 {
				b.WriteByte('.')
			}
			fmt.Fprint(&b, e)
		}
	}
	return b.String()
}

// maxProblems bounds what one document reports: past a few, the author
// has the idea.
const maxProblems = 20

// Check returns the problems of content, a JSON policy document of
// policyType (AWS's name, SERVICE_CONTROL_POLICY), in the order they are
// written, or nil when AWS's grammar for the type accepts it. A type this
// package does not know has no grammar to break. Size limits are not
// checked here: they are quotas, not grammar.
func Check(policyType, content string) []Problem {
	root, err := parse([]byte(content))
	if err != nil {
		return []Problem{{What: "is not valid JSON: " + err.Error(), Fix: "Fix the JSON of the document."}}
	}
	c := &checker{}
	if root.kind != kObject {
		c.add(nil, "must be a JSON object, not "+root.kind.String(), "Write the document as a JSON object: {...}.")
		return c.problems
	}
	switch policyType {
	case "SERVICE_CONTROL_POLICY":
		c.authorization(root, scp)
	case "RESOURCE_CONTROL_POLICY":
		c.authorization(root, rcp)
	default:
		if g, ok := management[policyType]; ok {
			c.management(root, g)
		}
	}
	return c.problems
}

// checker collects problems.
type checker struct {
	problems []Problem
}

func (c *checker) add(path []any, what, fix string) {
	if len(c.problems) < maxProblems {
		c.problems = append(c.problems, Problem{Path: path, What: what, Fix: fix})
	}
}

// at extends path by one element, without sharing path's array.
func at(path []any, e any) []any {
	out := make([]any, len(path), len(path)+1)
	copy(out, path)
	return append(out, e)
}

// unknownKey reports key, which is not among allowed, suggesting the
// nearest allowed key.
func (c *checker) unknownKey(path []any, key, where string, allowed []string) {
	fix := "Use only " + list(allowed) + "."
	if near := suggest.Closest(key, allowed); near != "" {
		fix = fmt.Sprintf("Did you mean %q? ", near) + fix
	}
	c.add(path, fmt.Sprintf("%s has the unknown key %q", where, key), fix)
}

// list writes names as "A", "B" or "C".
func list(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = strconv.Quote(n)
	}
	if len(q) == 1 {
		return q[0]
	}
	return strings.Join(q[:len(q)-1], ", ") + " or " + q[len(q)-1]
}
