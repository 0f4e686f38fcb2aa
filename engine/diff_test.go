package engine_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/orgctl/orgctl/engine"
	orgs "github.com/orgctl/orgctl/services/organizations"

	"github.com/google/go-cmp/cmp"

	"github.com/orgctl/orgctl/spec"
)

// baseSpec is a small organization: SCPs enabled, Security and
// Workloads/Prod, one account in Prod, two SCPs.
func baseSpec() *spec.Spec {
	return &spec.Spec{
		Version: 1,
		Organization: spec.Organization{
			FeatureSet:  "ALL",
			PolicyTypes: []string{"SERVICE_CONTROL_POLICY"},
			Policies:    []string{"FullAWSAccess", "deny-leave"},
		},
		OrganizationalUnits: []spec.OU{
			{Name: "Security", Tags: map[string]string{"owner": "secops"}},
			{Name: "Workloads", Children: []spec.OU{{Name: "Prod", Policies: []string{"FullAWSAccess", "region-guard"}}}},
		},
		Accounts: []spec.Account{
			{Name: "app-prod", Email: "App-Prod@example.com", OU: "Workloads/Prod", Tags: map[string]string{"env": "prod"}},
		},
		Policies: []spec.Policy{
			{Name: "deny-leave", Type: "SERVICE_CONTROL_POLICY", Content: `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"organizations:LeaveOrganization","Resource":"*"}]}`},
			{Name: "region-guard", Type: "SERVICE_CONTROL_POLICY", Content: `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","NotAction":"iam:*","Resource":"*"}]}`},
		},
	}
}

// liveOf returns what AWS would hold after applying s: every resource
// managed, plus the management account.
func liveOf(s *spec.Spec) []engine.Resource {
	live := engine.Desired(s)
	for i := range live {
		if k := live[i].Kind; k == orgs.KindOU || k == orgs.KindPolicy || k == orgs.KindAccount {
			live[i].Managed = true
		}
	}
	return append(live, engine.Resource{Kind: orgs.KindAccount, Key: "mgmt@example.com",
		Attrs: engine.Attrs{"name": "management", "email": "mgmt@example.com", "management": true}})
}

func mustDiff(t *testing.T, desired, live []engine.Resource, prune bool) *engine.Plan {
	t.Helper()
	p, err := engine.Diff(desired, live, engine.DiffOptions{Prune: prune})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// brief lists a plan's changes as "action kind key".
func brief(p *engine.Plan) []string {
	var out []string
	for _, c := range p.Changes {
		s := string(c.Action) + " " + string(c.Kind) + " " + c.Key
		if c.Implicit {
			s += " (implicit)"
		}
		out = append(out, s)
	}
	return out
}

func findChange(t *testing.T, p *engine.Plan, kind engine.Kind, key string) *engine.Change {
	t.Helper()
	for _, c := range p.Changes {
		if c.Kind == kind && c.Key == key {
			return c
		}
	}
	t.Fatalf("no change for %s %q in %v", kind, key, brief(p))
	return nil
}

// before reports whether change a is ordered before b through the DAG.
func before(p *engine.Plan, a, b *engine.Change) bool {
	seen := map[int]bool{}
	var reach func(id int) bool
	reach = func(id int) bool {
		if id == a.ID {
			return true
		}
		if seen[id] {
			return false
		}
		seen[id] = true
		return slices.ContainsFunc(p.Changes[id].DependsOn, reach)
	}
	return reach(b.ID)
}

func TestDiffNoChanges(t *testing.T) {
	p := mustDiff(t, engine.Desired(baseSpec()), liveOf(baseSpec()), true)
	if !p.Empty() || p.Drifted() {
		t.Fatalf("want an empty plan, got %v unmanaged %v", brief(p), p.Unmanaged)
	}
}

func TestDiffDocumentsCompareSemantically(t *testing.T) {
	live := liveOf(baseSpec())
	for i := range live {
		if live[i].Key == "scp/deny-leave" {
			live[i].Attrs["document"] = "{\n  \"Statement\": [ {\"Resource\":\"*\", \"Action\":\"organizations:LeaveOrganization\",\"Effect\":\"Deny\"}],\n  \"Version\": \"2012-10-17\"\n}"
		}
	}
	if p := mustDiff(t, engine.Desired(baseSpec()), live, true); !p.Empty() {
		t.Fatalf("reordered keys and whitespace made drift: %v", brief(p))
	}
}

func TestDiffFreshOrganization(t *testing.T) {
	live := []engine.Resource{{Kind: orgs.KindOrganization, Key: orgs.OrganizationKey, Attrs: engine.Attrs{"featureSet": "ALL"}}}
	p := mustDiff(t, engine.Desired(baseSpec()), live, true)
	c := func(kind engine.Kind, key string) *engine.Change { return findChange(t, p, kind, key) }

	rules := []struct{ first, then *engine.Change }{
		{c(orgs.KindPolicyType, "SERVICE_CONTROL_POLICY"), c(orgs.KindAttachment, "scp/region-guard@ou:Workloads/Prod")},
		{c(orgs.KindOU, "Workloads"), c(orgs.KindOU, "Workloads/Prod")},
		{c(orgs.KindOU, "Workloads/Prod"), c(orgs.KindAccount, "app-prod@example.com")},
		{c(orgs.KindPolicy, "scp/region-guard"), c(orgs.KindAttachment, "scp/region-guard@ou:Workloads/Prod")},
		{c(orgs.KindOU, "Workloads/Prod"), c(orgs.KindAttachment, "scp/region-guard@ou:Workloads/Prod")},
		{c(orgs.KindPolicyType, "SERVICE_CONTROL_POLICY"), c(orgs.KindAttachment, "scp/deny-leave@root")},
	}
	for _, r := range rules {
		if !before(p, r.first, r.then) {
			t.Errorf("%s must come before %s", r.first.Address(), r.then.Address())
		}
	}
	// AWS attaches FullAWSAccess to the root when SCPs are enabled, and the
	// spec keeps it there: no attach planned for it.
	for _, ch := range p.Changes {
		if ch.Key == "scp/FullAWSAccess@root" {
			t.Errorf("planned %s although AWS attaches it by itself", ch.Address())
		}
	}
	if p.Summary.Destructive != 0 || p.Summary.Delete != 0 {
		t.Errorf("a fresh apply deletes nothing, got %+v", p.Summary)
	}
}

func TestDiffPredictsDefaultPolicyOnNewTargets(t *testing.T) {
	s := baseSpec()
	s.OrganizationalUnits = append(s.OrganizationalUnits, spec.OU{Name: "Suspended", Policies: []string{"deny-leave"}})
	p := mustDiff(t, engine.Desired(s), liveOf(baseSpec()), true)
	create := findChange(t, p, orgs.KindOU, "Suspended")
	attach := findChange(t, p, orgs.KindAttachment, "scp/deny-leave@ou:Suspended")
	detach := findChange(t, p, orgs.KindAttachment, "scp/FullAWSAccess@ou:Suspended")
	if detach.Action != engine.Delete {
		t.Fatalf("FullAWSAccess, attached by AWS to the new OU, must be detached; got %s", detach.Action)
	}
	if !before(p, create, attach) || !before(p, attach, detach) {
		t.Errorf("want create OU, then attach its SCP, then detach FullAWSAccess; got %v", brief(p))
	}
}

func TestDiffChanges(t *testing.T) {
	tests := []struct {
		name      string
		edit      func(s *spec.Spec)                             // the spec's change
		drift     func(live []engine.Resource) []engine.Resource // out-of-band change in AWS
		prune     bool
		want      []string
		unmanaged []string
		reason    string // in the first unmanaged resource's reason
	}{
		{
			name: "account moved by hand",
			drift: func(live []engine.Resource) []engine.Resource {
				return setAttr(live, orgs.KindAccount, "app-prod@example.com", "ou", "Security")
			},
			want: []string{"update account app-prod@example.com"},
		},
		{
			name: "policy attached by hand to a spec target",
			drift: func(live []engine.Resource) []engine.Resource {
				return append(live, engine.Resource{Kind: orgs.KindAttachment, Key: "scp/region-guard@ou:Security", Attrs: orgs.AttachmentAttrs("SERVICE_CONTROL_POLICY", "region-guard", "ou:Security")})
			},
			want: []string{"delete attachment scp/region-guard@ou:Security"},
		},
		{
			name: "policy attached by hand to an account the spec does not manage is left alone",
			drift: func(live []engine.Resource) []engine.Resource {
				return append(live, engine.Resource{Kind: orgs.KindAttachment, Key: "scp/region-guard@account:other@example.com", Attrs: orgs.AttachmentAttrs("SERVICE_CONTROL_POLICY", "region-guard", "account:other@example.com")})
			},
		},
		{
			name: "OU created by hand is unmanaged",
			drift: func(live []engine.Resource) []engine.Resource {
				return append(live, engine.Resource{Kind: orgs.KindOU, Key: "Experiments", Attrs: engine.Attrs{"name": "Experiments"}})
			},
			prune:     true,
			unmanaged: []string{"ou Experiments"},
		},
		{
			name: "OU another tool manages is unmanaged, and says which tool",
			drift: func(live []engine.Resource) []engine.Resource {
				return append(live, engine.Resource{Kind: orgs.KindOU, Key: "Terraformed", Attrs: engine.Attrs{"name": "Terraformed", engine.AttrOwner: "terraform"}})
			},
			prune:     true,
			unmanaged: []string{"ou Terraformed"},
			reason:    "tagged managed-by=terraform: another tool manages it",
		},
		{
			name: "an OU of the spec tagged by another tool plans no change",
			drift: func(live []engine.Resource) []engine.Resource {
				return setAttr(live, orgs.KindOU, "Security", engine.AttrOwner, "terraform")
			},
		},
		{
			name:  "managed OU dropped from the spec is deleted with its attachments",
			edit:  func(s *spec.Spec) { s.OrganizationalUnits = s.OrganizationalUnits[1:] },
			prune: true,
			want:  []string{"delete ou Security"}, // its attachments go with it
		},
		{
			name: "managed OU dropped with a managed child OU: both deleted",
			edit: func(s *spec.Spec) { s.OrganizationalUnits = s.OrganizationalUnits[1:] },
			drift: func(live []engine.Resource) []engine.Resource {
				return append(live, engine.Resource{Kind: orgs.KindOU, Key: "Security/Old", Attrs: engine.Attrs{"name": "Old"}, Managed: true})
			},
			prune: true,
			want:  []string{"delete ou Security/Old", "delete ou Security"},
		},
		{
			// AWS deletes only empty OUs, and orgctl never moves an
			// account the spec does not name.
			name: "managed OU dropped while an account not in the spec is below it is kept and says why",
			edit: func(s *spec.Spec) { s.OrganizationalUnits = s.OrganizationalUnits[1:] },
			drift: func(live []engine.Resource) []engine.Resource {
				return append(live,
					engine.Resource{Kind: orgs.KindOU, Key: "Security/Old", Attrs: engine.Attrs{"name": "Old"}, Managed: true},
					engine.Resource{Kind: orgs.KindAccount, Key: "stray@example.com", Attrs: engine.Attrs{"name": "stray", "email": "stray@example.com", "ou": "Security/Old"}})
			},
			prune:     true,
			unmanaged: []string{"ou Security", "ou Security/Old", "account stray@example.com"},
			reason:    "still holds account stray@example.com, which the spec does not name. Move it out",
		},
		{
			name: "managed OU dropped while it holds an OU made by hand is kept",
			edit: func(s *spec.Spec) { s.OrganizationalUnits = s.OrganizationalUnits[1:] },
			drift: func(live []engine.Resource) []engine.Resource {
				return append(live, engine.Resource{Kind: orgs.KindOU, Key: "Security/Hand", Attrs: engine.Attrs{"name": "Hand"}})
			},
			prune:     true,
			unmanaged: []string{"ou Security", "ou Security/Hand"},
			reason:    "still holds OU Security/Hand",
		},
		{
			name:      "managed OU dropped without prune is unmanaged",
			edit:      func(s *spec.Spec) { s.OrganizationalUnits = s.OrganizationalUnits[1:] },
			prune:     false,
			unmanaged: []string{"ou Security"},
		},
		{
			name: "policy edited by hand",
			drift: func(live []engine.Resource) []engine.Resource {
				return setAttr(live, orgs.KindPolicy, "scp/region-guard", "document", `{"Version":"2012-10-17","Statement":[]}`)
			},
			want: []string{"update policy scp/region-guard"},
		},
		{
			name: "tags edited by hand",
			drift: func(live []engine.Resource) []engine.Resource {
				return setAttr(live, orgs.KindOU, "Security", "tags", map[string]string{"owner": "someone"})
			},
			want: []string{"update ou Security"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := baseSpec()
			if tt.edit != nil {
				tt.edit(s)
			}
			live := liveOf(baseSpec())
			if tt.drift != nil {
				live = tt.drift(live)
			}
			p := mustDiff(t, engine.Desired(s), live, tt.prune)
			if diff := cmp.Diff(tt.want, brief(p)); diff != "" {
				t.Errorf("changes (-want +got):\n%s", diff)
			}
			var un []string
			for _, u := range p.Unmanaged {
				un = append(un, string(u.Kind)+" "+u.Key)
			}
			if diff := cmp.Diff(tt.unmanaged, un); diff != "" {
				t.Errorf("unmanaged (-want +got):\n%s", diff)
			}
			if tt.reason != "" && len(p.Unmanaged) > 0 && !strings.Contains(p.Unmanaged[0].Reason, tt.reason) {
				t.Errorf("reason %q does not say %q", p.Unmanaged[0].Reason, tt.reason)
			}
		})
	}
}

func TestDiffPolicyPrunedAfterDetachingEverywhere(t *testing.T) {
	s := baseSpec()
	s.Policies = s.Policies[1:] // drop deny-leave, which the root uses
	s.Organization.Policies = []string{"FullAWSAccess"}
	live := liveOf(baseSpec())
	live = append(live, engine.Resource{Kind: orgs.KindAttachment, Key: "scp/deny-leave@account:other@example.com", Attrs: orgs.AttachmentAttrs("SERVICE_CONTROL_POLICY", "deny-leave", "account:other@example.com")})
	p := mustDiff(t, engine.Desired(s), live, true)
	del := findChange(t, p, orgs.KindPolicy, "scp/deny-leave")
	if !del.Destructive {
		t.Error("deleting a policy is destructive")
	}
	for _, key := range []string{"scp/deny-leave@root", "scp/deny-leave@account:other@example.com"} {
		if d := findChange(t, p, orgs.KindAttachment, key); !before(p, d, del) {
			t.Errorf("detach %s must come before deleting the policy", key)
		}
	}
}

func TestDiffAttachmentChainStaysWithinLimits(t *testing.T) {
	var old, repl []string
	s := baseSpec()
	// A full target: ten SCPs, all replaced.
	for i := range 10 {
		o, n := "old-"+string(rune('a'+i)), "new-"+string(rune('a'+i))
		old, repl = append(old, o), append(repl, n)
		s.Policies = append(s.Policies,
			spec.Policy{Name: o, Type: "SERVICE_CONTROL_POLICY", Content: `{"o":` + `"` + o + `"}`},
			spec.Policy{Name: n, Type: "SERVICE_CONTROL_POLICY", Content: `{"n":` + `"` + n + `"}`})
	}
	liveSpec := *s
	liveSpec.OrganizationalUnits = []spec.OU{{Name: "Security", Policies: old}}
	s.OrganizationalUnits = []spec.OU{{Name: "Security", Policies: repl}}
	p := mustDiff(t, engine.Desired(s), liveOf(&liveSpec), true)

	var chain []*engine.Change
	for _, c := range p.Changes {
		if c.Kind == orgs.KindAttachment && strings.HasSuffix(c.Key, "@ou:Security") {
			chain = append(chain, c)
		}
	}
	if len(chain) != 20 {
		t.Fatalf("want 10 attaches and 10 detaches, got %v", brief(p))
	}
	// Apply in plan order, one at a time: the count must stay in [1, 10].
	count := 10
	for _, c := range chain {
		if c.Action == engine.Create {
			count++
		} else {
			count--
		}
		if count < 1 || count > 10 {
			t.Fatalf("after %s the OU would have %d SCPs", c.Address(), count)
		}
	}
	// And the DAG must force that order, not just the listing.
	for i := 1; i < len(chain); i++ {
		if !before(p, chain[i-1], chain[i]) {
			t.Errorf("%s is not ordered before %s", chain[i-1].Address(), chain[i].Address())
		}
	}
}

func TestDiffNotes(t *testing.T) {
	tests := []struct {
		name string
		edit func(s *spec.Spec)
		live func([]engine.Resource) []engine.Resource
		want string
	}{
		{
			name: "closed account absent from AWS is not created",
			edit: func(s *spec.Spec) {
				s.Accounts = append(s.Accounts, spec.Account{Name: "gone", Email: "gone@example.com", Closed: true})
			},
			want: "closed in the spec and absent from AWS",
		},
		{
			name: "renamed account is reported, not planned",
			live: func(l []engine.Resource) []engine.Resource {
				return setAttr(l, orgs.KindAccount, "app-prod@example.com", "name", "old-name")
			},
			want: "AWS cannot change it once it exists",
		},
		{
			name: "closed account cannot be reopened",
			live: func(l []engine.Resource) []engine.Resource {
				return setAttr(l, orgs.KindAccount, "app-prod@example.com", "closed", true)
			},
			want: "cannot be undone",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := baseSpec()
			if tt.edit != nil {
				tt.edit(s)
			}
			live := liveOf(baseSpec())
			if tt.live != nil {
				live = tt.live(live)
			}
			p := mustDiff(t, engine.Desired(s), live, true)
			if !p.Empty() {
				t.Errorf("want no changes, got %v", brief(p))
			}
			if len(p.Diags) != 1 || !strings.Contains(p.Diags[0].Summary, tt.want) {
				t.Errorf("want one note containing %q, got %v", tt.want, p.Diags)
			}
		})
	}
}

func TestDiffClosingAnAccountIsDestructive(t *testing.T) {
	s := baseSpec()
	s.Accounts[0].Closed = true
	p := mustDiff(t, engine.Desired(s), liveOf(baseSpec()), true)
	c := findChange(t, p, orgs.KindAccount, "app-prod@example.com")
	if !c.Destructive || p.Summary.Destructive != 1 {
		t.Errorf("closing an account must be destructive: %+v", c)
	}
}

func setAttr(live []engine.Resource, kind engine.Kind, key, name string, v any) []engine.Resource {
	for i := range live {
		if live[i].Kind == kind && live[i].Key == key {
			a := engine.Attrs{}
			for k, x := range live[i].Attrs {
				a[k] = x
			}
			a[name] = v
			live[i].Attrs = a
		}
	}
	return live
}

// Disabling a policy type takes its attachments with it; deleting its
// policies too must not form a cycle with that.
func TestDiffDisablePolicyTypeAndDeleteItsPolicies(t *testing.T) {
	s := baseSpec()
	s.Organization.PolicyTypes, s.Organization.Policies = nil, nil
	s.OrganizationalUnits[1].Children[0].Policies = nil
	s.Policies = nil
	p := mustDiff(t, engine.Desired(s), liveOf(baseSpec()), true)
	disable := findChange(t, p, orgs.KindPolicyType, "SERVICE_CONTROL_POLICY")
	for _, key := range []string{"scp/deny-leave", "scp/region-guard"} {
		if c := findChange(t, p, orgs.KindPolicy, key); c.Action != engine.Delete || !c.Destructive {
			t.Errorf("%s: want a destructive delete, got %+v", key, c)
		}
	}
	for _, c := range p.Changes {
		if c.Kind == orgs.KindAttachment && (!c.Implicit || !before(p, disable, c)) {
			t.Errorf("%s should go with the policy type", c.Address())
		}
	}
}

// Delegated administrators: keyed by service and account email (any case),
// registered after trusted access and the account; a service the spec
// lists is the spec's (others are left alone), and moving its
// administration deregisters first.
func TestDiffDelegatedAdministrators(t *testing.T) {
	withAdmin := func(account string) *spec.Spec {
		s := baseSpec()
		s.Organization.TrustedAccess = []string{"config.amazonaws.com"}
		s.Accounts = append(s.Accounts, spec.Account{Name: "audit", Email: "audit@example.com", OU: "Security"})
		s.Organization.DelegatedAdministrators = []spec.DelegatedAdministrator{{Service: "config.amazonaws.com", Account: account}}
		return s
	}
	fresh := mustDiff(t, engine.Desired(withAdmin("app-prod")), liveOf(baseSpec()), true)
	reg := findChange(t, fresh, orgs.KindDelegatedAdmin, "config.amazonaws.com/app-prod@example.com")
	if reg.Action != engine.Create || !before(fresh, findChange(t, fresh, orgs.KindTrustedAccess, "config.amazonaws.com"), reg) {
		t.Errorf("want the registration created after the trusted access: %v", brief(fresh))
	}

	live := append(liveOf(withAdmin("app-prod")),
		engine.Resource{Kind: orgs.KindDelegatedAdmin, Key: "guardduty.amazonaws.com/app-prod@example.com",
			Attrs: engine.Attrs{"principal": "guardduty.amazonaws.com", "account": "app-prod@example.com"}})
	moved := mustDiff(t, engine.Desired(withAdmin("audit")), live, true)
	if diff := cmp.Diff([]string{
		"delete delegated-admin config.amazonaws.com/app-prod@example.com",
		"create delegated-admin config.amazonaws.com/audit@example.com",
	}, brief(moved)); diff != "" {
		t.Errorf("moving config's administration (-want +got):\n%s", diff)
	}
	if del := moved.Changes[0]; !del.Destructive || !before(moved, del, moved.Changes[1]) {
		t.Errorf("the deregistration must be destructive and come first: %+v", moved.Changes)
	}
	if len(moved.Unmanaged) != 1 || moved.Unmanaged[0].Key != "guardduty.amazonaws.com/app-prod@example.com" {
		t.Errorf("guardduty's administrator, which the spec does not mention, should be left alone and reported: %+v", moved.Unmanaged)
	}
}
