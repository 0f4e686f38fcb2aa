package main

import (
	"testing"

	"github.com/orgctl/orgctl/engine"
	orgs "github.com/orgctl/orgctl/services/organizations"
)

// Apply words a change as what it does to AWS: a policy type or trusted
// access is enabled and disabled, not created and deleted.
func TestApplyWordsChangesAsWhatTheyDo(t *testing.T) {
	tests := []struct {
		kind        engine.Kind
		action      engine.Action
		doing, done string
	}{
		{orgs.KindPolicyType, engine.Create, "enabling", "enabled"},
		{orgs.KindPolicyType, engine.Delete, "disabling", "disabled"},
		{orgs.KindTrustedAccess, engine.Create, "enabling", "enabled"},
		{orgs.KindTrustedAccess, engine.Delete, "disabling", "disabled"},
		{orgs.KindOU, engine.Create, "creating", "created"},
		{orgs.KindPolicy, engine.Update, "updating", "updated"},
		{orgs.KindAccount, engine.Delete, "deleting", "deleted"},
	}
	for _, tt := range tests {
		c := &engine.Change{Kind: tt.kind, Action: tt.action}
		if got := verbing(c); got != tt.doing {
			t.Errorf("%s %s: verbing = %q, want %q", tt.action, tt.kind, got, tt.doing)
		}
		if got := pastTense(c); got != tt.done {
			t.Errorf("%s %s: pastTense = %q, want %q", tt.action, tt.kind, got, tt.done)
		}
	}
}
