package engine

import "testing"

// A live value on its way to the spec's (a deployment still running) is
// no difference, only a note; any other value is a difference.
func TestSettlingIsNotADifference(t *testing.T) {
	info := &KindInfo{Settling: map[string]any{"deployment": "deploying"}}
	tests := []struct {
		live       string
		wantFields int
		wantNotes  int
	}{
		{"deploying", 0, 1},
		{"failed in some accounts", 1, 0},
		{"deployed", 0, 0},
	}
	for _, tt := range tests {
		fields, notes := diffAttrs(info, Attrs{"deployment": tt.live}, Attrs{"deployment": "deployed"})
		if len(fields) != tt.wantFields || len(notes) != tt.wantNotes {
			t.Errorf("live %q: %d differences %v, %d notes %v; want %d and %d", tt.live, len(fields), fields, len(notes), notes, tt.wantFields, tt.wantNotes)
		}
	}
}
