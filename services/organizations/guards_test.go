package organizations_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/orgctl/orgctl/engine"
	orgs "github.com/orgctl/orgctl/services/organizations"
)

const guardsSpec = `version: 1
organization:
  policyTypes: [SERVICE_CONTROL_POLICY, RESOURCE_CONTROL_POLICY]
organizationalUnits:
  - name: Workloads
    policies: [FullAWSAccess, deny-regions]
    children:
      - name: Prod
        policies: [FullAWSAccess, deny-s3]
  - name: Sandbox
    policies: [FullAWSAccess, deny-ec2]
accounts:
  - {name: app, email: app@example.com, ou: Workloads/Prod}
policies:
  - name: deny-regions
    type: SERVICE_CONTROL_POLICY
    document: {Statement: {Effect: Deny, NotAction: "iam:*", Condition: {StringNotEquals: {"aws:RequestedRegion": [eu-west-1]}}}}
  - name: deny-s3
    type: SERVICE_CONTROL_POLICY
    document: {Statement: {Effect: Deny, Action: "s3:DeleteBucket", Resource: "*"}}
  - name: deny-ec2
    type: SERVICE_CONTROL_POLICY
    document: {Statement: {Effect: Deny, Action: "ec2:*", Resource: "*"}}
  - name: tls-only
    type: RESOURCE_CONTROL_POLICY
    document: {Statement: {Effect: Deny, Principal: "*", Action: "s3:*", Resource: "*", Condition: {BoolIfExists: {"aws:SecureTransport": "false"}}}}
`

// TestAccountWaitsForItsOUsGuards: an account is created in, or moved to,
// its OU only after the SCPs and RCPs of that OU and the OUs above it are
// attached, so that a failed attachment skips the move; attachments
// elsewhere and AWS's allow-all defaults are not waited for.
func TestAccountWaitsForItsOUsGuards(t *testing.T) {
	const account = "account:app@example.com"
	tests := []struct {
		name string
		// spec edits guardsSpec: replacements of old by new.
		spec []string
		// live changes the applied spec into the organization before the
		// plan: attachments and accounts to drop, the account's live OU.
		dropAttachments []string
		dropAccount     bool
		liveOU          string
		// action is the account's change; waits what it depends on.
		action string
		waits  []string
	}{
		{
			name:            "a move waits for the new OU's SCP",
			dropAttachments: []string{"scp/deny-s3@ou:Workloads/Prod"},
			liveOU:          "Sandbox",
			action:          "update",
			waits:           []string{"attachment:scp/deny-s3@ou:Workloads/Prod"},
		},
		{
			name:            "a move waits for the SCPs of the OUs above",
			dropAttachments: []string{"scp/deny-regions@ou:Workloads", "scp/deny-s3@ou:Workloads/Prod"},
			liveOU:          "",
			action:          "update",
			waits:           []string{"attachment:scp/deny-regions@ou:Workloads", "attachment:scp/deny-s3@ou:Workloads/Prod"},
		},
		{
			name:            "a new account waits for its OU's SCP",
			dropAttachments: []string{"scp/deny-s3@ou:Workloads/Prod"},
			dropAccount:     true,
			action:          "create",
			waits:           []string{"attachment:scp/deny-s3@ou:Workloads/Prod"},
		},
		{
			name:            "an RCP is waited for too",
			spec:            []string{"policies: [FullAWSAccess, deny-s3]", "policies: [FullAWSAccess, deny-s3, tls-only]"},
			dropAttachments: []string{"rcp/tls-only@ou:Workloads/Prod"},
			liveOU:          "Sandbox",
			action:          "update",
			waits:           []string{"attachment:rcp/tls-only@ou:Workloads/Prod"},
		},
		{
			name:   "guardrails already attached: nothing to wait for",
			liveOU: "Sandbox",
			action: "update",
		},
		{
			name:            "an SCP attached elsewhere is not waited for",
			dropAttachments: []string{"scp/deny-ec2@ou:Sandbox"},
			liveOU:          "",
			action:          "update",
		},
		{
			name:            "AWS's FullAWSAccess is not waited for",
			dropAttachments: []string{"scp/FullAWSAccess@ou:Workloads/Prod"},
			liveOU:          "",
			action:          "update",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := guardsSpec
			for i := 0; i+1 < len(tt.spec); i += 2 {
				src = strings.Replace(src, tt.spec[i], tt.spec[i+1], 1)
			}
			s := loadSpec(t, src)
			var l []engine.Resource
			for _, r := range live(s) {
				switch {
				case r.Kind == orgs.KindAttachment && slices.Contains(tt.dropAttachments, r.Key):
					continue
				case r.Kind == orgs.KindAccount && tt.dropAccount:
					continue
				case r.Kind == orgs.KindAccount:
					// As the provider reads it: in its live OU, no hidden
					// attributes.
					r.Attrs = engine.Attrs{engine.AttrName: "app", orgs.AttrEmail: "app@example.com", orgs.AttrOU: tt.liveOU, orgs.AttrClosed: false}
				}
				l = append(l, r)
			}
			p, err := engine.PlanFrom(s, l)
			if err != nil {
				t.Fatal(err)
			}
			var change *engine.Change
			for _, c := range p.Changes {
				if c.Ref().String() == account {
					change = c
				}
			}
			if change == nil {
				t.Fatalf("no change for %s in %v", account, p.Changes)
			}
			if string(change.Action) != tt.action {
				t.Fatalf("%s: %s, want %s", account, change.Action, tt.action)
			}
			var waits []string
			for _, d := range change.DependsOn {
				if c := p.Changes[d]; c.Kind == orgs.KindAttachment {
					waits = append(waits, c.Ref().String())
				}
				if p.Changes[d].ID >= change.ID {
					t.Errorf("%s comes before what it waits for, %s", account, p.Changes[d].Ref())
				}
			}
			slices.Sort(waits)
			if diff := cmp.Diff(tt.waits, waits); diff != "" {
				t.Errorf("%s waits for (-want +got):\n%s", account, diff)
			}
		})
	}
}
