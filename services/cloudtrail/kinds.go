package cloudtrail

import (
	"github.com/orgctl/orgctl/engine"
	"github.com/orgctl/orgctl/facts"
	orgs "github.com/orgctl/orgctl/services/organizations"
)

// KindTrail is an organization trail, keyed by its name.
const KindTrail engine.Kind = "trail"

// Attributes of a trail, besides engine.AttrTags and engine.AttrID (its ARN).
const (
	AttrRegion            = "region" // its home region, where it is managed
	AttrBucket            = "bucket"
	AttrKeyPrefix         = "keyPrefix"
	AttrKMSKey            = "kmsKey"
	AttrMultiRegion       = "multiRegion"
	AttrLogFileValidation = "logFileValidation"
	AttrOrganization      = "organization" // it logs the whole organization
	AttrLogging           = "logging"      // it is logging (StartLogging)
)

// Principal is CloudTrail's service principal.
const Principal = "cloudtrail.amazonaws.com"

// Trail returns the ref of the trail named name.
func Trail(name string) engine.Ref { return engine.Ref{Kind: KindTrail, Key: name} }

// weakening are the attributes whose true -> false loses evidence.
var weakening = []string{AttrLogging, AttrOrganization, AttrMultiRegion, AttrLogFileValidation}

var kinds = []engine.KindInfo{{
	Kind: KindTrail, Rank: 10,
	Deps: func(engine.Resource) []engine.Ref {
		return []engine.Ref{{Kind: orgs.KindTrustedAccess, Key: Principal}}
	},
	// AWS cannot move a trail to another home region.
	CreateOnly: []string{AttrRegion},
	Extra: func(r engine.Resource, env *engine.ExtraEnv) engine.Extra {
		switch {
		case !r.Attrs.Bool(AttrOrganization):
			return engine.Extra{} // a trail of the management account alone
		case r.Managed && env.Prune:
			return engine.Extra{Delete: true}
		case r.Managed:
			return engine.Extra{Unmanaged: "organization trail created by orgctl but no longer in the spec; settings.prune is false"}
		case r.Attrs.String(engine.AttrOwner) != "":
			return engine.Extra{Unmanaged: "organization trail not in the spec and tagged " + facts.ManagedTagKey + "=" + r.Attrs.String(engine.AttrOwner) + ": another tool manages it; orgctl leaves it alone"}
		}
		return engine.Extra{Unmanaged: "organization trail not in the spec; orgctl leaves it alone"}
	},
	// Deleting the trail, or turning down what it logs, loses evidence.
	Destructive: func(c *engine.Change) bool {
		if c.Action == engine.Delete {
			return true
		}
		if c.Action != engine.Update {
			return false
		}
		for _, a := range weakening {
			if c.Before.Bool(a) && !c.After.Bool(a) {
				return true
			}
		}
		return c.Changed(AttrBucket) || (c.Before.String(AttrKMSKey) != "" && c.After.String(AttrKMSKey) == "")
	},
}}
