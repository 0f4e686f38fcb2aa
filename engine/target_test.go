package engine_test

import (
	"strings"
	"testing"

	"github.com/orgctl/orgctl/engine"
	orgs "github.com/orgctl/orgctl/services/organizations"

	"github.com/google/go-cmp/cmp"
)

func TestTargets(t *testing.T) {
	mgmt := engine.Resource{Kind: orgs.KindAccount, Key: "mgmt@example.com",
		Attrs: engine.Attrs{"name": "management", "email": "mgmt@example.com", "management": true}}
	// An organization with nothing of the spec yet.
	bare := []engine.Resource{{Kind: orgs.KindOrganization, Key: orgs.OrganizationKey, Attrs: engine.Attrs{"featureSet": "ALL"}}, mgmt}
	// The spec applied, then: a managed OU Old with an SCP attached, a
	// managed SCP dropped from the spec but attached to Security, an
	// account not in the spec at the root, and the Security OU's tags
	// changed by hand.
	drifted := liveOf(baseSpec())
	drifted = append(drifted,
		engine.Resource{Kind: orgs.KindOU, Key: "Old", Attrs: engine.Attrs{"name": "Old"}, Managed: true},
		engine.Resource{Kind: orgs.KindAttachment, Key: "scp/deny-leave@ou:Old", Attrs: orgs.AttachmentAttrs("SERVICE_CONTROL_POLICY", "deny-leave", "ou:Old")},
		engine.Resource{Kind: orgs.KindPolicy, Key: "scp/old", Attrs: engine.Attrs{"name": "old", "type": "SERVICE_CONTROL_POLICY", "document": "{}"}, Managed: true},
		engine.Resource{Kind: orgs.KindAttachment, Key: "scp/old@ou:Security", Attrs: orgs.AttachmentAttrs("SERVICE_CONTROL_POLICY", "old", "ou:Security")},
		engine.Resource{Kind: orgs.KindAccount, Key: "stray@example.com", Attrs: engine.Attrs{"name": "stray", "email": "stray@example.com", "ou": ""}},
	)
	for i := range drifted {
		if drifted[i].Kind == orgs.KindOU && drifted[i].Key == "Security" {
			drifted[i].Attrs = engine.Attrs{"name": "Security", "tags": map[string]string{"owner": "someone"}}
		}
	}

	tests := []struct {
		name    string
		live    []engine.Resource
		targets []string
		want    []string
		wantErr string
	}{
		{
			name:    "an attachment brings its policy, its type and its OU with the OU's parent",
			live:    bare,
			targets: []string{"attachment:scp/region-guard@ou:Workloads/Prod"},
			want: []string{
				"create policy-type SERVICE_CONTROL_POLICY",
				"create ou Workloads",
				"create ou Workloads/Prod",
				"create policy scp/region-guard",
				"create attachment scp/region-guard@ou:Workloads/Prod",
			},
		},
		{
			// and the SCPs of its OU, which it enters only once they
			// are attached (and what they need).
			name:    "an account named by its name brings its OUs and their SCPs",
			live:    bare,
			targets: []string{"account:app-prod"},
			want: []string{
				"create policy-type SERVICE_CONTROL_POLICY",
				"create ou Workloads",
				"create ou Workloads/Prod",
				"create policy scp/region-guard",
				"create attachment scp/region-guard@ou:Workloads/Prod",
				"create account app-prod@example.com",
			},
		},
		{
			name:    "two targets: the union",
			live:    bare,
			targets: []string{"ou:Security", "policy:scp/deny-leave"},
			want:    []string{"create ou Security", "create policy scp/deny-leave"},
		},
		{
			name:    "an unchanged target plans nothing",
			live:    drifted,
			targets: []string{"policy:scp/deny-leave"},
			want:    nil,
		},
		{
			name:    "an update leaves other drift alone",
			live:    drifted,
			targets: []string{"ou:Security"},
			want:    []string{"update ou Security"},
		},
		{
			name:    "deleting an OU takes its attachments with it",
			live:    drifted,
			targets: []string{"ou:Old"},
			want:    []string{"delete ou Old"},
		},
		{
			name:    "deleting a policy first detaches it",
			live:    drifted,
			targets: []string{"policy:scp/old"},
			want:    []string{"delete attachment scp/old@ou:Security", "delete policy scp/old"},
		},
		{
			name:    "a target neither in the spec nor in AWS",
			live:    bare,
			targets: []string{"ou:Workloads/Prd"},
			wantErr: "--target ou:Workloads/Prd: no such resource in the spec or the organization; did you mean ou:Workloads/Prod",
		},
		{
			name:    "near matches include the key under another kind",
			live:    bare,
			targets: []string{"policy:Security"},
			wantErr: "did you mean ou:Security?",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var refs []engine.Ref
			for _, s := range tt.targets {
				r, err := engine.ParseRef(s)
				if err != nil {
					t.Fatal(err)
				}
				refs = append(refs, r)
			}
			live := append([]engine.Resource(nil), tt.live...)
			p, err := engine.Diff(engine.Desired(baseSpec()), live, engine.DiffOptions{Prune: true, Targets: refs})
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error = %v, want it to contain %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, brief(p)); diff != "" {
				t.Errorf("changes (-want +got):\n%s", diff)
			}
			warned := false
			for _, d := range p.Diags {
				warned = warned || strings.Contains(d.Summary, "the rest of the spec and of the organization was not considered")
			}
			if !warned {
				t.Errorf("no warning that the plan is partial: %v", p.Diags)
			}
			for _, c := range p.Changes {
				for _, d := range c.DependsOn {
					if d < 0 || d >= len(p.Changes) {
						t.Errorf("%s depends on change %d, outside the plan", c.Address(), d)
					}
				}
			}
		})
	}
}

func TestTargetsOffKeepTheWholePlan(t *testing.T) {
	whole := mustDiff(t, engine.Desired(baseSpec()), nil, true)
	if whole.Targets != nil || len(whole.Changes) < 8 {
		t.Errorf("a plan without targets was limited: %v", brief(whole))
	}
}
