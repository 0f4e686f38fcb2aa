package engine

import (
	"encoding/json"
	"strings"
	"testing"
)

// The JSON plan escapes what encoding/json leaves raw, and still decodes
// to the same text.
func TestJSONPlanEscapesHazards(t *testing.T) {
	name := "Prod\u202e\u200b\u009b2J\x7f\U000E0001"
	p := &Plan{FormatVersion: FormatVersion, Changes: []*Change{{Kind: "ou", Key: name, Action: Create}}}
	b, err := p.MarshalIndent()
	if err != nil {
		t.Fatal(err)
	}
	for _, raw := range []string{"\u202e", "\u200b", "\u009b", "\x7f", "\U000E0001"} {
		if strings.Contains(string(b), raw) {
			t.Errorf("the JSON plan holds %q raw:\n%s", raw, b)
		}
	}
	var back Plan
	if err := json.Unmarshal(b, &back); err != nil || back.Changes[0].Key != name {
		t.Errorf("decoded key %q (%v), want %q", back.Changes[0].Key, err, name)
	}
	if plain := escapeHazards([]byte(`{"a": "é"}`)); string(plain) != `{"a": "é"}` {
		t.Errorf("ordinary text changed: %s", plain)
	}
}
