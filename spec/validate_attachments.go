package spec

import (
	"fmt"
	"sort"

	"github.com/orgctl/orgctl/facts"
)

// target is something policies attach to: the root, an OU or an account.
type target struct {
	label    string // the root, organizational unit Workloads/Prod, account payments-prod
	at       string // model path of its policies list
	policies []string
}

// targets lists every target with its attached policies, in spec order.
func targets(s *Spec) []target {
	out := []target{{label: "the root", at: "organization.policies", policies: s.Organization.Policies}}
	s.WalkOUs(func(path string, ou *OU, loc string) {
		out = append(out, target{label: "organizational unit " + path, at: loc + ".policies", policies: ou.Policies})
	})
	for i, a := range s.Accounts {
		out = append(out, target{label: "account " + a.Name, at: indexPath("accounts", i) + ".policies", policies: a.Policies})
	}
	return out
}

// checkAttachments: every attached policy exists, is attached once per
// target, has an enabled type, and no target exceeds its per-type limit.
func checkAttachments(s *Spec, r *reporter) {
	types := map[string]string{}
	var known []string
	for name, t := range facts.AWSManagedPolicies {
		types[name] = t
		known = append(known, name)
	}
	for _, p := range s.Policies {
		if _, dup := types[p.Name]; !dup && p.Name != "" {
			types[p.Name] = p.Type
			known = append(known, p.Name)
		}
	}
	sort.Strings(known)
	enabled := enabledTypes(s)
	for _, t := range targets(s) {
		checkTarget(s, r, t, types, known, enabled)
	}
}

// checkTarget checks the policies attached to one target.
func checkTarget(s *Spec, r *reporter, t target, types map[string]string, known []string, enabled map[string]bool) {
	seen := map[string]string{}
	byType := map[string][]string{} // type -> model paths of its attachments
	for j, name := range t.policies {
		at := indexPath(t.at, j)
		typ, ok := types[name]
		switch {
		case name == "":
			r.errorf(at, "Remove the empty entry.", "empty policy name on %s", t.label)
			continue
		case !ok:
			r.errorf(at, "Declare it under policies, or attach an AWS-managed policy (FullAWSAccess, RCPFullAWSAccess)."+didYouMean(name, known),
				"unknown policy %q on %s", name, t.label)
			continue
		}
		if first, dup := seen[name]; dup {
			r.errorf(at, fmt.Sprintf("It is first listed at %s; remove one of them.", r.where(first)),
				"policy %s is attached twice to %s", name, t.label)
			continue
		}
		seen[name] = at
		if !enabled[typ] {
			// A declared policy of a disabled type is reported where it is
			// declared; an AWS-managed one only exists here.
			if _, managed := facts.AWSManagedPolicies[name]; managed {
				r.errorf(at, enableTypeHelp(s, typ)+" Or remove "+name+" from this list.",
					"%s is a %s, which is not enabled", name, typ)
			}
			continue
		}
		byType[typ] = append(byType[typ], at)
	}
	for _, pt := range facts.PolicyTypes {
		if enabled[pt.Name] {
			checkTargetLimit(r, t, pt, byType[pt.Name], seen)
		}
	}
}

// checkTargetLimit: at most MaxPerTarget policies of type pt on target t,
// counting the AWS default that stays attached: FullAWSAccess when no SCP
// is listed, RCPFullAWSAccess always while RCPs are enabled.
func checkTargetLimit(r *reporter, t target, pt facts.PolicyType, attached []string, seen map[string]string) {
	implied := 0
	if pt.Default != "" && seen[pt.Default] == "" {
		if !pt.DefaultDetachable || len(attached) == 0 {
			implied = 1
		}
	}
	total := len(attached) + implied
	if total <= pt.MaxPerTarget {
		return
	}
	first := pt.MaxPerTarget - implied // index of the first attachment over the limit
	if first < 0 {
		first = 0
	}
	detail := fmt.Sprintf("Attach at most %d; combine policies or attach some to a parent OU instead.", pt.MaxPerTarget)
	if implied > 0 {
		detail = fmt.Sprintf("%s stays attached to every target while %s is enabled and counts against the limit. %s", pt.Default, pt.Name, detail)
	}
	r.errorf(attached[first], detail, "%s has %d policies of type %s; AWS allows %d", t.label, total, pt.Name, pt.MaxPerTarget)
}
