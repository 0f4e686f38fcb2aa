package engine

import (
	"bytes"
	"encoding/json"
)

// NormalizeDocument returns a JSON document in canonical form: object keys
// sorted, no insignificant whitespace, numbers as written. Two documents
// that differ only in key order or layout normalize to the same string, so
// they never show as drift. Text that is not JSON is returned unchanged.
func NormalizeDocument(doc string) string {
	if doc == "" {
		return ""
	}
	dec := json.NewDecoder(bytes.NewReader([]byte(doc)))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return doc
	}
	var out bytes.Buffer
	enc := json.NewEncoder(&out) // maps encode with sorted keys
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return doc
	}
	return string(bytes.TrimSuffix(out.Bytes(), []byte("\n")))
}

// PrettyDocument indents a JSON document for display.
func PrettyDocument(doc string) string {
	var buf bytes.Buffer
	if err := json.Indent(&buf, []byte(NormalizeDocument(doc)), "", "  "); err != nil {
		return doc
	}
	return buf.String()
}
