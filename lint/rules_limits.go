package lint

import (
	"path"
	"slices"

	"github.com/orgctl/orgctl/diag"
	"github.com/orgctl/orgctl/facts"
	"github.com/orgctl/orgctl/spec"
)

// controlTowerSCPs is how many SCPs Control Tower keeps on each OU it
// governs: at least its guardrails policy (aws-guardrails-*); more when
// many elective controls are on, so this is a floor.
const controlTowerSCPs = 1

// nearMargin: a target this close to the limit (8 of 10 SCPs) is warned
// about, so the next guardrail is not the one AWS refuses.
const nearMargin = 3

// controlTower reports whether the spec says Control Tower runs beside
// orgctl: it gives Control Tower trusted access, or leaves its
// guardrails (aws-guardrails-*) alone in settings.ignore.
func controlTower(s *spec.Spec) bool {
	if slices.Contains(s.Organization.TrustedAccess, "controltower.amazonaws.com") {
		return true
	}
	for _, ig := range s.Settings.Ignore {
		if ok, _ := path.Match(ig.Policy, "aws-guardrails-XXXXXXXXXX"); ig.Policy != "" && ok {
			return true
		}
	}
	return false
}

// target is a root, OU or account and the SCPs the spec attaches to it.
type target struct {
	label, at string
	scps      int
	ou        bool
}

func (c *Context) targets() []target {
	s := c.Spec
	out := []target{{"the root", c.attachAt("organization"), len(c.attachedSCPs(s.Organization.Policies)), false}}
	s.WalkOUs(func(p string, ou *spec.OU, loc string) {
		out = append(out, target{"OU " + p, c.attachAt(loc), len(c.attachedSCPs(ou.Policies)), true})
	})
	for i := range s.Accounts {
		a := &s.Accounts[i]
		out = append(out, target{"account " + a.Name, c.attachAt(c.accountAt(a.Name)), len(c.attachedSCPs(a.Policies)), false})
	}
	return out
}

// attachAt is the policies list of a target, or the target.
func (c *Context) attachAt(at string) string {
	if _, ok := c.Spec.Locs[at+".policies"]; ok {
		return at + ".policies"
	}
	return at
}

func scpMax() int {
	t, _ := facts.LookupPolicyType(scpType)
	return t.MaxPerTarget
}

func limitCheck(near bool) func(c *Context) {
	return func(c *Context) {
		max, ct := scpMax(), controlTower(c.Spec)
		for _, t := range c.targets() {
			n, note := t.scps, ""
			if ct && t.ou {
				n += controlTowerSCPs
				note = ", counting Control Tower's guardrails SCP"
			}
			switch {
			case !near && n > max:
				c.Report(t.at, "%s has %d SCPs attached%s; AWS allows %d", t.label, n, note, max)
			case near && n <= max && n > max-nearMargin:
				c.Report(t.at, "%s has %d SCPs attached%s, of the %d AWS allows", t.label, n, note, max)
			}
		}
	}
}

var scpLimit = &Rule{
	ID: "scp-limit", Group: "guardrails", Severity: diag.Error,
	Title: "No target has more SCPs attached than AWS allows",
	Why:   "AWS refuses the attachment past the limit (ten SCPs per root, OU or account), so apply fails half-way.",
	Fix:   "Merge SCPs (statements of related guardrails fit in one document) or attach them higher in the tree.",
	Check: limitCheck(false),
}

var scpLimitNear = &Rule{
	ID: "scp-limit-near", Group: "guardrails", Severity: diag.Warning,
	Title: "Targets keep room below the SCP limit",
	Why:   "A target at the limit cannot take the next guardrail, nor Control Tower's when it governs the OU.",
	Fix:   "Merge SCPs or attach them higher in the tree before the limit is reached.",
	Check: limitCheck(true),
}

func init() { register(scpLimit, scpLimitNear) }
