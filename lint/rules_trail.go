package lint

import "github.com/orgctl/orgctl/diag"

const trailSection = "cloudTrail"

var orgTrail = &Rule{
	ID: "org-trail", Group: "logging", Severity: diag.Error,
	Title: "An organization CloudTrail trail logs every region, with log-file validation",
	Why:   "Without it no one can tell who did what in a member account, and a trail an account owns can be stopped by that account.",
	Fix:   "Add cloudTrail: {name, bucket} (multiRegion and logFileValidation default to true; do not set them false).",
	Check: func(c *Context) {
		registered, v := c.Section(trailSection)
		switch {
		case !registered:
			c.Report("", "the spec cannot express an organization trail yet (section %s is missing)", trailSection)
		case v == nil:
			c.Report("", "the spec has no organization trail (cloudTrail)")
		default:
			m, _ := v.(map[string]any)
			for _, key := range []string{"multiRegion", "logFileValidation"} {
				if b, ok := m[key].(bool); ok && !b {
					c.Report(trailSection+"."+key, "the organization trail has %s: false", key)
				}
			}
		}
	},
}

func init() { register(orgTrail) }
