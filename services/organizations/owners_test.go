package organizations_test

import (
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/orgctl/orgctl/engine"
	orgs "github.com/orgctl/orgctl/services/organizations"
	"github.com/orgctl/orgctl/spec"
)

const ownersSpec = `version: 1
settings:
  ignore:
    - {policy: "legacy-*", reason: "the old team's, to retire"}
    - {ou: "Labs*", reason: experiments}
organization:
  policyTypes: [SERVICE_CONTROL_POLICY]
organizationalUnits:
  - name: Security
    policies: [FullAWSAccess, mine]
policies:
  - name: mine
    type: SERVICE_CONTROL_POLICY
    document: {Version: "2012-10-17", Statement: [{Effect: Deny, Action: "s3:*", Resource: "*"}]}
`

func loadSpec(t *testing.T, yaml string) *spec.Spec {
	t.Helper()
	s, ds := spec.LoadFS(fstest.MapFS{"org.yaml": {Data: []byte(yaml)}}, "org.yaml")
	if ds.HasErrors() {
		t.Fatal(ds)
	}
	return s
}

// live is the spec applied, as the provider would read it.
func live(s *spec.Spec) []engine.Resource {
	out := engine.Desired(s)
	for i := range out {
		if out[i].Kind == orgs.KindOU || out[i].Kind == orgs.KindPolicy {
			out[i].Managed = true
		}
	}
	return out
}

func policy(name, description string, attrs engine.Attrs) engine.Resource {
	a := engine.Attrs{engine.AttrName: name, orgs.AttrType: "SERVICE_CONTROL_POLICY", orgs.AttrDescription: description}
	for k, v := range attrs {
		a[k] = v
	}
	return engine.Resource{Kind: orgs.KindPolicy, Key: orgs.PolicyKey("SERVICE_CONTROL_POLICY", name), Attrs: a}
}

func attached(name, target string) engine.Resource {
	return engine.Resource{Kind: orgs.KindAttachment, Key: orgs.AttachmentKey("SERVICE_CONTROL_POLICY", name, target),
		Attrs: orgs.AttachmentAttrs("SERVICE_CONTROL_POLICY", name, target)}
}

// Who owns a policy attached by hand to a target of the spec decides what
// orgctl does with it.
func TestAttachmentOwnership(t *testing.T) {
	s := loadSpec(t, ownersSpec)
	tests := []struct {
		name        string
		extra       []engine.Resource
		change      string // the changes planned, or ""
		destructive string // those of them that are destructive
		owner       string // the owner reported, or ""
		drift       bool
	}{
		{
			name:   "a policy nobody owns is detached, only with --allow-destroy",
			extra:  []engine.Resource{policy("by-hand", "", nil), attached("by-hand", "ou:Security")},
			change: "delete attachment:scp/by-hand@ou:Security", destructive: "delete attachment:scp/by-hand@ou:Security", drift: true,
		},
		{
			name:  "another tool's policy stays attached, and is not drift",
			extra: []engine.Resource{policy("tf-guard", "", engine.Attrs{engine.AttrOwner: "terraform"}), attached("tf-guard", "ou:Security")},
			owner: "terraform",
		},
		{
			name:  "Control Tower's guardrail, by name and description",
			extra: []engine.Resource{policy("aws-guardrails-AbC", "All-in-one policy managed by AWS Control Tower.", nil), attached("aws-guardrails-AbC", "ou:Security")},
			owner: orgs.ControlTower,
		},
		{
			name: "Control Tower's guardrail, by name and Control Tower's trusted access",
			extra: []engine.Resource{policy("aws-guardrails-XyZ", "", nil), attached("aws-guardrails-XyZ", "ou:Security"),
				{Kind: orgs.KindTrustedAccess, Key: orgs.ControlTowerPrincipal}},
			owner: orgs.ControlTower,
		},
		{
			name:        "the name alone is not Control Tower's",
			extra:       []engine.Resource{policy("aws-guardrails-fake", "", nil), attached("aws-guardrails-fake", "ou:Security")},
			change:      "delete attachment:scp/aws-guardrails-fake@ou:Security",
			destructive: "delete attachment:scp/aws-guardrails-fake@ou:Security", drift: true,
		},
		{
			name:   "a policy of orgctl's the spec dropped is detached and deleted, plainly",
			extra:  []engine.Resource{policy("old", "", nil), attached("old", "ou:Security")},
			change: "delete attachment:scp/old@ou:Security, delete policy:scp/old", destructive: "delete policy:scp/old", drift: true,
		},
		{
			name:  "an ignored policy stays attached, unreported",
			extra: []engine.Resource{policy("legacy-deny", "", nil), attached("legacy-deny", "ou:Security")},
		},
		{
			name:  "an ignored OU stays, unreported",
			extra: []engine.Resource{{Kind: orgs.KindOU, Key: "Labs", Attrs: engine.Attrs{engine.AttrName: "Labs"}, Managed: true}},
		},
		{
			name:  "a target outside the spec keeps its attachments",
			extra: []engine.Resource{{Kind: orgs.KindOU, Key: "Other", Attrs: engine.Attrs{engine.AttrName: "Other"}}, policy("by-hand", "", nil), attached("by-hand", "ou:Other")},
			drift: true, // the OU and the policy are unmanaged
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := live(s)
			for _, r := range tt.extra {
				if r.Kind == orgs.KindPolicy && r.Key == orgs.PolicyKey("SERVICE_CONTROL_POLICY", "old") {
					r.Managed = true
				}
				l = append(l, r)
			}
			p, err := engine.PlanFrom(s, l)
			if err != nil {
				t.Fatal(err)
			}
			var got, destructive []string
			for _, c := range p.Changes {
				got = append(got, string(c.Action)+" "+c.Ref().String())
				if c.Destructive {
					destructive = append(destructive, string(c.Action)+" "+c.Ref().String())
				}
			}
			if strings.Join(got, ", ") != tt.change || strings.Join(destructive, ", ") != tt.destructive {
				t.Errorf("changes %v (destructive %v), want %q (destructive %q)", got, destructive, tt.change, tt.destructive)
			}
			owners := map[string]bool{}
			for _, u := range p.Unmanaged {
				if u.Owner != "" {
					owners[u.Owner] = true
				}
			}
			if tt.owner != "" && !owners[tt.owner] {
				t.Errorf("want it reported as %s's, got %+v", tt.owner, p.Unmanaged)
			}
			if p.Drifted() != tt.drift {
				t.Errorf("drifted %v, want %v (unmanaged %+v)", p.Drifted(), tt.drift, p.Unmanaged)
			}
		})
	}
}

// An OU renamed with renamedFrom is renamed in place: one update of its
// name, its child, accounts and attachments untouched; without it, a
// delete and a create, and a warning.
func TestRenameInPlace(t *testing.T) {
	const before = `version: 1
organization:
  policyTypes: [SERVICE_CONTROL_POLICY]
organizationalUnits:
  - name: Apps
    policies: [FullAWSAccess, mine]
    children:
      - name: Prod
accounts:
  - {name: pay, email: pay@example.com, ou: Apps/Prod}
policies:
  - name: mine
    type: SERVICE_CONTROL_POLICY
    document: {Version: "2012-10-17", Statement: [{Effect: Deny, Action: "s3:*", Resource: "*"}]}
`
	l := live(loadSpec(t, before))
	renamed := strings.Replace(strings.Replace(before, "  - name: Apps\n", "  - name: Workloads\n    renamedFrom: Apps\n", 1), "ou: Apps/Prod", "ou: Workloads/Prod", 1)
	p, err := engine.PlanFrom(loadSpec(t, renamed), l)
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Changes) != 1 || p.Changes[0].Ref() != orgs.OU("Workloads") || p.Changes[0].Action != engine.Update ||
		len(p.Changes[0].Fields) != 1 || p.Changes[0].Fields[0].Name != "name" || p.Changes[0].Destructive {
		t.Fatalf("want one plain update of ou:Workloads's name, got %+v", p.Changes)
	}
	if len(p.Renames) != 1 || p.Renames[0].From != orgs.OU("Apps") || p.Renames[0].To != orgs.OU("Workloads") {
		t.Errorf("renames %+v, want ou:Apps -> ou:Workloads", p.Renames)
	}
	// Both levels renamed at once.
	both := strings.Replace(renamed, "      - name: Prod\n", "      - name: Production\n        renamedFrom: Prod\n", 1)
	both = strings.Replace(both, "ou: Workloads/Prod", "ou: Workloads/Production", 1)
	p, err = engine.PlanFrom(loadSpec(t, both), live(loadSpec(t, before)))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, c := range p.Changes {
		got = append(got, string(c.Action)+" "+c.Ref().String())
	}
	if strings.Join(got, ", ") != "update ou:Workloads, update ou:Workloads/Production" {
		t.Errorf("nested renames: %v", got)
	}
	// Without renamedFrom: replaced, with a warning saying how to rename.
	replaced := strings.Replace(renamed, "    renamedFrom: Apps\n", "", 1)
	p, err = engine.PlanFrom(loadSpec(t, replaced), live(loadSpec(t, before)))
	if err != nil {
		t.Fatal(err)
	}
	if p.Summary.Create == 0 || !strings.Contains(p.Diags.Error(), "add renamedFrom: Apps") {
		t.Errorf("want a replacement and the warning, got %d creates and %v", p.Summary.Create, p.Diags)
	}
}

// Other tools' policies, which orgctl never detaches, count toward AWS's
// limit on a target: the plan says so at the target's policies.
func TestOtherToolsCountTowardLimits(t *testing.T) {
	s := loadSpec(t, ownersSpec)
	l := live(s)
	for i := range 9 {
		name := "tf-" + string(rune('a'+i))
		l = append(l, policy(name, "", engine.Attrs{engine.AttrOwner: "terraform"}), attached(name, "ou:Security"))
	}
	_, err := engine.PlanFrom(s, l)
	if err == nil || !strings.Contains(err.Error(), "org.yaml:10:") ||
		!strings.Contains(err.Error(), "11 scp policies would be attached, the spec's 2 and 9 that other tools keep there (tf-a (terraform)") {
		t.Fatalf("want the limit refused at the OU's policies (line 10), got %v", err)
	}
	l = l[:len(l)-2] // eight of Terraform's: ten in all
	if _, err := engine.PlanFrom(s, l); err != nil {
		t.Errorf("ten SCPs fit: %v", err)
	}
}

// What depends on a resource that is updated waits for the update: an
// account created in an OU renamed in the same plan comes after the
// rename, as an enrolment comes after the configuration it needs.
func TestCreateWaitsForTheUpdateOfWhatItNeeds(t *testing.T) {
	const before = "version: 1\norganizationalUnits:\n  - name: Apps\n"
	after := "version: 1\norganizationalUnits:\n  - name: Workloads\n    renamedFrom: Apps\naccounts:\n  - {name: new, email: new@example.com, ou: Workloads}\n"
	p, err := engine.PlanFrom(loadSpec(t, after), live(loadSpec(t, before)))
	if err != nil {
		t.Fatal(err)
	}
	var rename, create *engine.Change
	for _, c := range p.Changes {
		switch {
		case c.Kind == orgs.KindOU && c.Action == engine.Update:
			rename = c
		case c.Kind == orgs.KindAccount && c.Action == engine.Create:
			create = c
		}
	}
	if rename == nil || create == nil || !slices.Contains(create.DependsOn, rename.ID) {
		t.Errorf("want the account's create to depend on the OU's rename, got %+v", p.Changes)
	}
}
