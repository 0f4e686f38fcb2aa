package engine_test

import (
	"maps"
	"strings"
	"testing"

	"github.com/orgctl/orgctl/engine"
	orgs "github.com/orgctl/orgctl/services/organizations"

	"github.com/google/go-cmp/cmp"

	"github.com/orgctl/orgctl/facts"
)

// With settings.adopt, OUs, policies and accounts that exist without
// orgctl's ownership tag are tagged; once tagged, nothing differs.
func TestAdoptTagsWhatLacksOwnership(t *testing.T) {
	s := baseSpec()
	s.Settings.Adopt = true
	live := engine.Desired(baseSpec()) // as built by hand: nothing managed
	p := mustDiff(t, engine.Desired(s), live, true)
	want := []string{
		"update ou Security", "update ou Workloads", "update ou Workloads/Prod",
		"update policy scp/deny-leave", "update policy scp/region-guard",
		"update account app-prod@example.com",
	}
	if diff := cmp.Diff(want, brief(p)); diff != "" {
		t.Fatalf("changes (-want +got):\n%s", diff)
	}
	for _, c := range p.Changes {
		if got := c.After.Map("tags")[facts.ManagedTagKey]; got != facts.ManagedTagValue || len(c.Fields) != 1 || c.Fields[0].Name != "tags" {
			t.Errorf("%s: want only tags to change, gaining %s=%s; got fields %+v", c.Address(), facts.ManagedTagKey, facts.ManagedTagValue, c.Fields)
		}
	}
	if got := p.Changes[0].After.Map("tags")["owner"]; got != "secops" {
		t.Errorf("adopting must keep the spec's own tags, got owner=%q", got)
	}

	// After apply the live resources carry the tag: no change.
	if p := mustDiff(t, engine.Desired(s), liveOf(baseSpec()), true); !p.Empty() {
		t.Errorf("adopted resources planned again: %v", brief(p))
	}
	// Without adopt, unmanaged live resources are left as they are.
	if p := mustDiff(t, engine.Desired(baseSpec()), live, true); !p.Empty() {
		t.Errorf("without adopt nothing should change: %v", brief(p))
	}
	// Adopting what another tool tagged as its own warns, naming the tool,
	// and only that.
	for i := range live {
		if live[i].Kind == orgs.KindOU && live[i].Key == "Security" {
			live[i].Attrs = maps.Clone(live[i].Attrs)
			live[i].Attrs[engine.AttrOwner] = "terraform"
		}
	}
	p = mustDiff(t, engine.Desired(s), live, true)
	var warned []string
	for _, d := range p.Diags {
		warned = append(warned, d.Summary)
	}
	if len(warned) != 1 || !strings.Contains(warned[0], `ou "Security" is tagged managed-by=terraform`) || !strings.Contains(warned[0], "Stop managing it with terraform first") {
		t.Errorf("warnings = %q, want one about adopting terraform's OU Security", warned)
	}
	if diff := cmp.Diff(want, brief(p)); diff != "" {
		t.Errorf("the warning changed the plan (-want +got):\n%s", diff)
	}

	// Creates carry the spec's tags only: the provider adds ownership itself.
	p = mustDiff(t, engine.Desired(s), nil, true)
	for _, c := range p.Changes {
		if _, ok := c.After.Map("tags")[facts.ManagedTagKey]; ok {
			t.Errorf("%s: a create must not list the ownership tag, the provider adds it", c.Address())
		}
	}
}
