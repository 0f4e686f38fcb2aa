package account

import (
	"testing"

	"github.com/orgctl/orgctl/engine"
	"github.com/orgctl/orgctl/services/regional"
)

func TestCaller(t *testing.T) {
	for _, tt := range []struct {
		name          string
		attrs         engine.Attrs
		account, want string
	}{
		{"an administrator in an opt-in Region", engine.Attrs{"account": "sec@example.com", "region": "ap-east-2"}, "sec@example.com", "ap-east-2"},
		{"a Region enabled by default", engine.Attrs{"account": "sec@example.com", "region": "eu-west-1"}, "", ""},
		{"no account", engine.Attrs{"region": "ap-east-2"}, "", ""},
		{"no Region", engine.Attrs{"account": "sec@example.com"}, "", ""},
		{"a Region orgctl does not know", engine.Attrs{"account": "sec@example.com", "region": "xx-east-9"}, "", ""},
	} {
		account, region, ok := Caller(&engine.Resource{Attrs: tt.attrs})
		if account != tt.account || region != tt.want || ok != (tt.want != "") {
			t.Errorf("%s: %q %q %v", tt.name, account, region, ok)
		}
	}
}

// A Region's status is read, never the spec's: a live one the spec does
// not mention is neither drift nor deleted, and its key is the account's.
func TestRegionIsNeverTheSpecs(t *testing.T) {
	p, err := engine.Diff(nil, []engine.Resource{
		{Kind: regional.KindRegion, Key: "sec@example.com/ap-east-2", Attrs: engine.Attrs{"account": "sec@example.com", "region": "ap-east-2", "status": "DISABLED"}},
	}, engine.DiffOptions{Prune: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Changes) != 0 || p.Summary.Unmanaged != 0 {
		t.Errorf("a live Region's status planned %d changes, %d unmanaged", len(p.Changes), p.Summary.Unmanaged)
	}
}
