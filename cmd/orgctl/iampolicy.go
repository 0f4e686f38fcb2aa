package main

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/orgctl/orgctl/providers/organizations"
)

// providerPermissions are the actions each provider declares next to the
// code that makes the requests. A new provider adds its lists here.
var providerPermissions = []struct {
	read, applyRead, write []string
	implied                map[string][]organizations.Implied
}{
	{organizations.ReadActions, organizations.ApplyReadActions, organizations.WriteActions, organizations.ImpliedActions},
}

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

// leastPrivilege composes the policy a command needs: the reads for plan
// and drift; for apply also its own reads, the writes, and what those
// imply. Actions are sorted and each is listed once.
func leastPrivilege(forCmd string) iamPolicy {
	var read, write []string
	implied := map[string]organizations.Implied{} // by action+resource+condition
	for _, p := range providerPermissions {
		read = append(read, p.read...)
		if forCmd != "apply" {
			continue
		}
		read = append(read, p.applyRead...)
		write = append(write, p.write...)
		for _, a := range p.write {
			for _, imp := range p.implied[a] {
				k, _ := json.Marshal(imp)
				implied[string(k)] = imp
			}
		}
	}
	pol := iamPolicy{Version: "2012-10-17"}
	pol.Statement = append(pol.Statement, iamStatement{Sid: "OrgctlRead", Effect: "Allow", Action: sortedSet(read), Resource: "*"})
	if forCmd == "apply" {
		pol.Statement = append(pol.Statement, iamStatement{Sid: "OrgctlApply", Effect: "Allow", Action: sortedSet(write), Resource: "*"})
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
	b, err := json.MarshalIndent(leastPrivilege(*forCmd), "", "  ")
	if err != nil {
		return a.fail(err)
	}
	fmt.Fprintf(a.stdout, "%s\n", b)
	return exitOK
}
