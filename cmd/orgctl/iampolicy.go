package main

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/orgctl/orgctl/catalog"
	"github.com/orgctl/orgctl/providers"
	"github.com/orgctl/orgctl/providers/awsconfig"
)

// iamStatement is one statement of an IAM policy document.
type iamStatement struct {
	Sid       string                       `json:"Sid"`
	Effect    string                       `json:"Effect"`
	Action    []string                     `json:"Action"`
	Resource  string                       `json:"Resource"`
	Condition map[string]map[string]string `json:"Condition,omitempty"`
}

type iamPolicy struct {
	Version   string         `json:"Version"`
	Statement []iamStatement `json:"Statement"`
}

// alwaysRead are the reads of every command that talks to AWS: who the
// credentials are (sessions ask once, to tell the management account from
// others).
var alwaysRead = []string{"sts:GetCallerIdentity"}

// Who a policy is for: the identity orgctl runs as in the management
// account, or settings.crossAccountRole in the accounts that administer
// services.
const (
	forManagement   = "management"
	forCrossAccount = "cross-account"
)

// leastPrivilege composes the policy a command needs, for the management
// identity or for the cross-account role: the reads for plan and drift;
// for apply also its own reads, the writes, and what those imply. Actions
// are sorted and each is listed once.
func leastPrivilege(forCmd, identity, role string) iamPolicy {
	var read, write []string
	implied := map[string]providers.Implied{} // by action+resource+condition
	cross := map[string]bool{}
	for _, p := range catalog.Permissions() {
		for _, a := range p.CrossAccount {
			cross[a] = true
		}
	}
	keep := func(actions []string) []string {
		var out []string
		for _, a := range actions {
			if cross[a] == (identity == forCrossAccount) {
				out = append(out, a)
			}
		}
		return out
	}
	if identity == forManagement {
		read = append(read, alwaysRead...)
	}
	for _, p := range catalog.Permissions() {
		read = append(read, keep(p.Read)...)
		if forCmd != "apply" {
			continue
		}
		read = append(read, keep(p.ApplyRead)...)
		write = append(write, keep(p.Write)...)
		for _, a := range keep(p.Write) {
			for _, imp := range p.Implied[a] {
				k, _ := json.Marshal(imp)
				implied[string(k)] = imp
			}
		}
	}
	pol := iamPolicy{Version: "2012-10-17"}
	if len(read) > 0 {
		pol.Statement = append(pol.Statement, iamStatement{Sid: "OrgctlRead", Effect: "Allow", Action: sortedSet(read), Resource: "*"})
	}
	if len(write) > 0 {
		pol.Statement = append(pol.Statement, iamStatement{Sid: "OrgctlApply", Effect: "Allow", Action: sortedSet(write), Resource: "*"})
	}
	if identity == forManagement && len(cross) > 0 {
		// The services' administrators are reached through this role.
		pol.Statement = append(pol.Statement, iamStatement{Sid: "OrgctlAssumeCrossAccountRole", Effect: "Allow",
			Action: []string{"sts:AssumeRole"}, Resource: "arn:aws:iam::*:role/" + role})
	}
	// Implied permissions already granted by a statement above need no
	// statement of their own.
	granted := map[string]bool{}
	for _, a := range slices.Concat(read, write) {
		granted[a] = true
	}
	keys := make([]string, 0, len(implied))
	for k := range implied {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		imp := implied[k]
		if granted[imp.Action] && imp.Resource == "*" && imp.Condition == nil {
			continue
		}
		pol.Statement = append(pol.Statement, iamStatement{
			Sid: "OrgctlImplied" + sidPart(imp.Action), Effect: "Allow",
			Action: []string{imp.Action}, Resource: imp.Resource, Condition: imp.Condition,
		})
	}
	return pol
}

// sidPart turns an action into letters and digits for a statement ID:
// iam:CreateServiceLinkedRole -> IamCreateServiceLinkedRole.
func sidPart(action string) string {
	svc, op, _ := strings.Cut(action, ":")
	return strings.ToUpper(svc[:1]) + svc[1:] + op
}

func sortedSet(s []string) []string {
	out := slices.Clone(s)
	slices.Sort(out)
	return slices.Compact(out)
}

func runIAMPolicy(_ context.Context, a *app, args []string) int {
	fs := newFlagSet("iam-policy", &globals{})
	forCmd := fs.String("for", "", "the command to grant: plan (also drift and validate) or apply")
	identity := fs.String("identity", forManagement, "whose policy: management (the identity orgctl runs as) or cross-account (settings.crossAccountRole in the accounts that administer services)")
	oneOf(fs, "for", "plan", "apply")
	oneOf(fs, "identity", forManagement, forCrossAccount)
	role := fs.String("role", awsconfig.DefaultCrossAccountRole, "the cross-account role's `NAME` (settings.crossAccountRole), for the management identity's sts:AssumeRole")
	if code, done := a.parse(fs, args); done {
		return code
	}
	if code, done := a.noArgs(fs); done {
		return code
	}
	switch *forCmd {
	case "plan", "drift":
		*forCmd = "plan"
	case "apply":
	case "":
		return a.fail(fmt.Errorf("--for is required: plan or apply"))
	default:
		return a.fail(fmt.Errorf("--for %q: use plan or apply", *forCmd))
	}
	if *identity != forManagement && *identity != forCrossAccount {
		return a.fail(fmt.Errorf("--identity %q: use %s or %s", *identity, forManagement, forCrossAccount))
	}
	b, err := json.MarshalIndent(leastPrivilege(*forCmd, *identity, *role), "", "  ")
	if err != nil {
		return a.fail(err)
	}
	fmt.Fprintf(a.stdout, "%s\n", b)
	return exitOK
}
