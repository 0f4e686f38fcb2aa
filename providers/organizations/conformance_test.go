package organizations_test

import (
	"strings"
	"testing"

	"github.com/orgctl/orgctl/engine"
	"github.com/orgctl/orgctl/providers/providertest"
	orgs "github.com/orgctl/orgctl/services/organizations"
)

// Every kind goes through the conformance harness: created, updated and
// deleted, each apply converging in one run, and every change applied
// again a no-op.
func TestConformance(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	providertest.Conformance{
		Service:      orgs.Name,
		NewProviders: func() []engine.Provider { return []engine.Provider{f.provider()} },
		Exempt: map[string]string{
			"create organization":         "the organization exists before orgctl",
			"delete organization":         "orgctl never deletes the organization",
			"update policy-type":          "a policy type is on or off",
			"update trusted-access":       "trusted access is on or off",
			"delete trusted-access":       "trusted access not in the spec is reported, never disabled",
			"update attachment":           "an attachment's key says all of it",
			"update delegated-admin":      "a delegation's key says all of it",
			"delete account":              "orgctl never removes accounts; closing one is an update",
			"reapply create account":      "CreateAccount has no idempotency token: a second call is a second account (TestCreateAccountAfterCrashAdoptsTheEarlierRequest covers the rerun)",
			"reapply update organization": "orgctl never enables all features itself: the plan stops on it and names the handshakes' next step (TestEnablingAllFeaturesStepByStep)",
		},
	}.Run(t,
		providertest.Step{Name: "create", Files: map[string]string{"org.yaml": conformanceSpec}},
		providertest.Step{Name: "change and prune", AllowDestroy: true, Files: map[string]string{"org.yaml": conformanceChanged}},
		providertest.Step{Name: "delete an OU", AllowDestroy: true, Files: map[string]string{"org.yaml": strings.Replace(conformanceChanged, "  - name: Retired\n", "", 1)}},
	)
}

const conformancePolicies = `
  - name: deny-leave
    type: SERVICE_CONTROL_POLICY
    document: {Version: "2012-10-17", Statement: [{Effect: Deny, Action: "organizations:LeaveOrganization", Resource: "*"}]}
  - name: tagging
    type: TAG_POLICY
    document: {tags: {owner: {tag_key: {"@@assign": owner}}}}
`

const conformanceSpec = `version: 1
organization:
  policyTypes: [SERVICE_CONTROL_POLICY, TAG_POLICY]
  trustedAccess: [config.amazonaws.com]
  delegatedAdministrators: [{service: config.amazonaws.com, account: audit}]
  policies: [FullAWSAccess, deny-leave]
  tags: {owner: platform}
organizationalUnits:
  - name: Security
    tags: {tier: core}
  - name: Workloads
    children:
      - name: Prod
        policies: [FullAWSAccess, deny-leave, tagging]
  - name: Retired
accounts:
  - {name: audit, email: aws+audit@example.com, ou: Security, tags: {owner: secops}}
  - {name: payments, email: aws+payments@example.com, ou: Workloads/Prod}
  - {name: legacy, email: aws+legacy@example.com, ou: Retired}
policies:` + conformancePolicies

// conformanceChanged updates a policy, renames an OU in place, retags,
// moves, closes, detaches, deletes a policy, disables a policy type and
// moves a delegation.
var conformanceChanged = `version: 1
organization:
  policyTypes: [SERVICE_CONTROL_POLICY]
  trustedAccess: [config.amazonaws.com]
  delegatedAdministrators: [{service: config.amazonaws.com, account: payments}]
  policies: [FullAWSAccess, deny-leave]
  tags: {owner: cloud-team}
organizationalUnits:
  - name: SecOps
    renamedFrom: Security
    tags: {tier: gold}
  - name: Workloads
    children:
      - name: Prod
  - name: Retired
accounts:
  - {name: audit, email: aws+audit@example.com, ou: SecOps, tags: {owner: security}}
  - {name: payments, email: aws+payments@example.com, ou: Workloads}
  - {name: legacy, email: aws+legacy@example.com, closed: true}
policies:
  - name: deny-leave
    type: SERVICE_CONTROL_POLICY
    description: Nobody leaves.
    document: {Version: "2012-10-17", Statement: [{Effect: Deny, Action: "organizations:Leave*", Resource: "*"}]}
`
