package securityhub

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/orgctl/orgctl/services/regional"
	"github.com/orgctl/orgctl/spec"
)

// rePolicyName is what Security Hub takes as a configuration policy's name.
var rePolicyName = regexp.MustCompile(`^[A-Za-z0-9\-.!*/]{1,128}$`)

// RootTarget names the organization's root in a policy's targets.
const RootTarget = "Root"

// check validates security.securityHub.
func check(s *spec.Spec, v any, r *spec.Reporter) {
	sh := v.(*SecurityHub)
	if s.Security.Admin == "" {
		r.Errorf(Path, "Add security.admin: the name of the account that runs Security Hub for the organization (a security account, not the management account).",
			"security.securityHub needs security.admin")
	}
	regional.Validate(s, r, Path, Availability)
	governed := s.GovernedRegions()
	home := AggregationRegion(s, sh)
	if sh.Aggregation.Region != "" && !slices.Contains(governed, home) {
		r.Errorf(Path+".aggregation.region", "Name one of settings.regions ("+strings.Join(governed, ", ")+"): Security Hub's administrator is designated there."+spec.DidYouMean(home, governed),
			"aggregation region %s is not governed", home)
	}
	checkLinked(s, sh, r, governed, home)
	for i, d := range s.Organization.DelegatedAdministrators {
		if d.Service == Principal {
			r.Errorf(fmt.Sprintf("organization.delegatedAdministrators[%d].service", i),
				"security.securityHub designates Security Hub's administrator (security.admin), through Security Hub's own API; remove this entry.",
				"Security Hub's administrator is set by security.securityHub")
		}
	}
	names := map[string]int{}
	owner := map[string]string{} // target -> policy
	for i := range sh.Policies {
		p := &sh.Policies[i]
		at := fmt.Sprintf("%s.policies[%d]", Path, i)
		if j, dup := names[p.Name]; dup {
			r.Errorf(at+".name", "Give each configuration policy its own name.", "configuration policy %q is also policies[%d]", p.Name, j)
		}
		names[p.Name] = i
		if !rePolicyName.MatchString(p.Name) {
			r.Errorf(at+".name", "Use 1 to 128 letters, digits and - . ! * /.", "configuration policy name %q has characters Security Hub refuses", p.Name)
		}
		checkStandards(p, r, at)
		checkControls(p, r, at)
		for j, t := range p.Targets {
			tat := fmt.Sprintf("%s.targets[%d]", at, j)
			key, ok := targetKey(s, t)
			if !ok {
				r.Errorf(tat, "Name Root, an OU path of the spec (Workloads/Prod) or an account name."+spec.DidYouMean(t, targetNames(s)),
					"unknown target %q", t)
				continue
			}
			if other, taken := owner[key]; taken && other != p.Name {
				r.Errorf(tat, "A target takes one configuration policy; remove it from one of them.",
					"target %q is also a target of policy %q", t, other)
			}
			owner[key] = p.Name
		}
	}
}

// checkLinked validates aggregation.regions: all, or governed Regions
// other than the aggregation Region.
func checkLinked(s *spec.Spec, sh *SecurityHub, r *spec.Reporter, governed []string, home string) {
	at := Path + ".aggregation.regions"
	switch v := sh.Aggregation.Regions.(type) {
	case nil:
	case string:
		if v != "all" {
			r.Errorf(at, "Write all, or a list of Regions of settings.regions."+spec.DidYouMean(v, []string{"all"}),
				"aggregation.regions %q is not all nor a list", v)
		}
	case []any:
		seen := map[string]bool{}
		for i, e := range v {
			eat := fmt.Sprintf("%s[%d]", at, i)
			region, _ := e.(string)
			switch {
			case region == "":
				r.Errorf(eat, "Write a Region's code, such as eu-west-1.", "aggregation.regions[%d] is not a Region", i)
			case region == home:
				r.Errorf(eat, "Remove it: the aggregation Region aggregates its own findings.", "%s is the aggregation Region", region)
			case !slices.Contains(governed, region):
				r.Errorf(eat, "Link only Regions of settings.regions ("+strings.Join(governed, ", ")+"), where Security Hub's administrator is designated."+spec.DidYouMean(region, governed),
					"linked Region %s is not governed", region)
			case seen[region]:
				r.Errorf(eat, "List each Region once.", "linked Region %s is listed twice", region)
			}
			seen[region] = true
		}
	default:
		r.Errorf(at, "Write all, or a list of Regions of settings.regions.", "aggregation.regions is not all nor a list")
	}
}

func checkStandards(p *ConfigurationPolicy, r *spec.Reporter, at string) {
	known := StandardNames()
	for i, std := range p.Standards {
		if !slices.Contains(known, std) {
			r.Errorf(fmt.Sprintf("%s.standards[%d]", at, i), "Security Hub's standards are "+strings.Join(known, ", ")+"."+spec.DidYouMean(std, known),
				"unknown Security Hub standard %q", std)
		}
	}
}

func checkControls(p *ConfigurationPolicy, r *spec.Reporter, at string) {
	for i, c := range p.DisabledControls {
		if !reControlID.MatchString(c) {
			r.Errorf(fmt.Sprintf("%s.disabledControls[%d]", at, i), "Name a security control by its ID: a service and a number, such as IAM.6.",
				"%q is not a security control ID", c)
		}
	}
	for _, c := range sortedKeys(p.ControlParameters) {
		cat := at + ".controlParameters." + c
		if !reControlID.MatchString(c) {
			r.Errorf(cat+spec.KeySuffix, "Name a security control by its ID, such as IAM.7.", "%q is not a security control ID", c)
			continue
		}
		if slices.Contains(p.DisabledControls, c) {
			r.Warnf(cat+spec.KeySuffix, "Its parameters do nothing while it is disabled.", "control %s is disabled and has parameters", c)
		}
		known, isKnown := ControlParameters[c]
		if !isKnown {
			r.Warnf(cat+spec.KeySuffix, "orgctl knows the parameters of "+strings.Join(knownControls(), ", ")+"; for "+c+" it sends each value with the type YAML gives it, and Security Hub refuses a parameter the control does not take.",
				"orgctl does not know the parameters of control %s", c)
		}
		for _, name := range sortedKeys(p.ControlParameters[c]) {
			pat := cat + "." + name
			v := p.ControlParameters[c][name]
			var def *ParamDef
			if isKnown {
				d, ok := known[name]
				if !ok {
					r.Errorf(pat+spec.KeySuffix, "Control "+c+" takes "+strings.Join(paramNames(c), ", ")+"."+spec.DidYouMean(name, paramNames(c)),
						"control %s has no parameter %q", c, name)
					continue
				}
				def = &d
			}
			typ := paramType(c, name, v)
			if _, why := ParamValue(typ, v, def); why != "" {
				r.Errorf(pat, "Write "+why+".", "%s's parameter %s is not %s", c, name, why)
			}
		}
	}
}

// targetKey returns the association key a policy's target names: root,
// ou:PATH or account:EMAIL; false when it names nothing of the spec. An
// OU path wins over an account of the same name.
func targetKey(s *spec.Spec, t string) (string, bool) {
	if t == RootTarget {
		return "root", true
	}
	found := false
	s.WalkOUs(func(path string, _ *spec.OU, _ string) { found = found || path == t })
	if found {
		return "ou:" + t, true
	}
	if a, ok := s.Account(t); ok && !a.Closed {
		return "account:" + strings.ToLower(a.Email), true
	}
	return "", false
}

func targetNames(s *spec.Spec) []string {
	out := []string{RootTarget}
	s.WalkOUs(func(path string, _ *spec.OU, _ string) { out = append(out, path) })
	for _, a := range s.Accounts {
		out = append(out, a.Name)
	}
	return out
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
