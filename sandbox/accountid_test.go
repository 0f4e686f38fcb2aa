package sandbox

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestAccountIDSetting: a new world's first account takes the ID given,
// by option or by its setting name, and only a 12-digit one.
func TestAccountIDSetting(t *testing.T) {
	t.Parallel()
	for name, opt := range map[string]Option{
		"option":  WithAccountID("210987654321"),
		"setting": WithSetting("sandbox.accountId", "210987654321"),
	} {
		sb, err := Init(filepath.Join(t.TempDir(), "state.json"), opt)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if got := sb.ManagementAccountID(); got != "210987654321" {
			t.Errorf("%s: account %s", name, got)
		}
		sb.Close()
	}
	_, err := Init(filepath.Join(t.TempDir(), "state.json"), WithAccountID("12345"))
	if err == nil || !strings.Contains(err.Error(), "not 12 digits") {
		t.Errorf("a 5-digit account ID: %v", err)
	}
}
