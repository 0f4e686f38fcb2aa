package spec

import (
	"strconv"

	"go.yaml.in/yaml/v3"

	"github.com/orgctl/orgctl/diag"
)

// scalarTags are the YAML tags a scalar may carry explicitly: those of
// the core schema that orgctl reads. !Sub, !Ref, !GetAtt (CloudFormation),
// !!binary and any other tag would be dropped silently, the value read as
// its bare text, so they are refused.
var scalarTags = map[string]string{
	"!!str":       "a string",
	"!!int":       "an integer",
	"!!float":     "a number",
	"!!bool":      "a boolean",
	"!!null":      "null",
	"!!timestamp": "a date",
}

const foreignTagHelp = "orgctl reads plain YAML and expands no tags (CloudFormation's !Sub, !Ref, !GetAtt, ...): " +
	"a tagged value would be sent as its bare text. Write the value itself, and quote it if it starts with !."

// checkYAMLTags reports every explicit tag in the tree at root that the
// spec does not define, and every standard tag whose value does not fit
// it (!!int abc). Each node is visited once: aliases are not followed, so
// a tag under an anchor is reported where the anchor is.
func checkYAMLTags(file string, root *yaml.Node) diag.Diagnostics {
	var ds diag.Diagnostics
	var walk func(n *yaml.Node, depth int)
	walk = func(n *yaml.Node, depth int) {
		if n == nil || depth > maxTagDepth {
			return
		}
		if d, bad := tagProblem(file, n); bad {
			ds = append(ds, d)
		}
		for _, c := range n.Content {
			walk(c, depth+1)
		}
	}
	walk(root, 0)
	return ds
}

// maxTagDepth bounds the walk; the parser refuses deeper nesting anyway.
const maxTagDepth = 20_000

// tagProblem says what is wrong with n's explicit tag, if anything.
func tagProblem(file string, n *yaml.Node) (diag.Diagnostic, bool) {
	if n.Style&yaml.TaggedStyle == 0 {
		return diag.Diagnostic{}, false
	}
	pos := nodePos(file, n)
	switch n.Kind {
	case yaml.MappingNode:
		if n.Tag == "!!map" {
			return diag.Diagnostic{}, false
		}
	case yaml.SequenceNode:
		if n.Tag == "!!seq" {
			return diag.Diagnostic{}, false
		}
	case yaml.ScalarNode:
		what, known := scalarTags[n.Tag]
		if !known {
			break
		}
		if n.Tag == "!!str" {
			return diag.Diagnostic{}, false
		}
		var v any
		if err := n.Decode(&v); err != nil {
			return diag.Errorf(pos, "Write the value without the tag, or one that fits it.",
				"%s %s is not %s", n.Tag, describeValue(n.Value), what), true
		}
		return diag.Diagnostic{}, false
	}
	_, scalar := scalarTags[n.Tag]
	if !scalar && n.Tag != "!!map" && n.Tag != "!!seq" {
		return diag.Errorf(pos, foreignTagHelp, "YAML tag %s is not one the spec defines", n.Tag), true
	}
	return diag.Errorf(pos, "Remove the tag.", "YAML tag %s does not fit %s", n.Tag, kindName(n.Kind)), true
}

// badTag reports whether n carries a tag checkYAMLTags reports; decoding
// skips such a node rather than report it again as a wrong type.
func badTag(n *yaml.Node) bool {
	_, bad := tagProblem("", n)
	return bad
}

func kindName(k yaml.Kind) string {
	switch k {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	}
	return "a single value"
}

// describeValue quotes a scalar's text for a message, cut when long.
func describeValue(v string) string {
	if len(v) > 40 {
		v = v[:37] + "..."
	}
	return strconv.Quote(v)
}
