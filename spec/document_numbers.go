package spec

import (
	"bytes"
	"fmt"
	"regexp"
	"strconv"

	"go.yaml.in/yaml/v3"

	"github.com/orgctl/orgctl/diag"
)

// plainNumber is how JSON writes a number without an exponent: an integer
// or a decimal, no sign but a minus, no leading zero, no underscore.
var plainNumber = regexp.MustCompile(`^-?(0|[1-9][0-9]*)(\.[0-9]+)?$`)

// checkNumber reports a number of a policy document whose JSON is not
// the text its author wrote: YAML reads 012345678901 (an account ID) as
// 12345678901, 0x1F as 31, 1_000 as 1000, .5 as 0.5, +1 as 1, 1e3 as
// 1000 and 1.50 as 1.5. AWS would get the number, not what the author
// sees in the spec. v is the value scalarValue made of t.
func (w *walker) checkNumber(t *yaml.Node, v any, path string) bool {
	if tag := t.ShortTag(); tag != "!!int" && tag != "!!float" {
		return true
	}
	var js bytes.Buffer
	writeJSONValue(&js, v)
	if js.String() == t.Value && plainNumber.MatchString(t.Value) {
		return true
	}
	got := js.String()
	summary := fmt.Sprintf("%s: YAML reads %s as the number %s", displayPath(path), t.Value, got)
	if got == t.Value {
		summary = fmt.Sprintf("%s: %s is a number in exponent form", displayPath(path), t.Value)
	}
	detail := fmt.Sprintf("Quote it (%s) to send the text as written, as an account ID must be", strconv.Quote(t.Value))
	if plainNumber.MatchString(got) {
		detail += "; if the number is meant, write " + got
	}
	w.report(diag.Errorf(nodePos(w.file, t), detail+".", "%s", summary))
	return false
}
