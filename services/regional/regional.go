// Package regional holds what every regional security service must check
// before it is configured in a Region: that AWS offers the service there
// (a spec error, found without calling AWS), and that an opt-in Region is
// enabled in the accounts that will make the calls (a plan error, from
// the live Region status when orgctl read it). Both otherwise fail
// halfway through an apply, in one Region after others have changed.
package regional

import (
	"fmt"
	"slices"
	"strings"

	"github.com/orgctl/orgctl/engine"
	"github.com/orgctl/orgctl/facts"
	orgs "github.com/orgctl/orgctl/services/organizations"
	"github.com/orgctl/orgctl/spec"
)

// Availability says in which Regions AWS offers a service. A service
// package declares its own, with where the list comes from.
type Availability struct {
	// Service is the service's name as people know it: "Amazon Macie".
	Service string
	// Only, when set, lists every Region the service is offered in.
	Only []string
	// NotIn lists Regions of the service's partitions it is not offered
	// in, for a service offered almost everywhere.
	NotIn []string
}

// Offered reports whether AWS offers the service in region.
func (a Availability) Offered(region string) bool {
	if len(a.Only) > 0 {
		return slices.Contains(a.Only, region)
	}
	return !slices.Contains(a.NotIn, region)
}

// Validate reports, at settings.regions, each governed Region where the
// service of the section at path is not offered.
func Validate(s *spec.Spec, r *spec.Reporter, path string, a Availability) {
	for i, region := range s.GovernedRegions() {
		if a.Offered(region) {
			continue
		}
		at := "settings.homeRegion" // governed when regions are not listed
		if len(s.Settings.Regions) > 0 {
			at = fmt.Sprintf("settings.regions[%d]", i)
		}
		r.Errorf(at, fmt.Sprintf("Govern other Regions, or remove %s: AWS does not offer %s in %s.", path, a.Service, region),
			"%s is not offered in %s", a.Service, region)
	}
}

// KindRegion is a Region's opt-in status in one account, as AWS Account
// Management reports it, keyed ACCOUNT/REGION (the account's key). It is
// read, never changed: enabling a Region is the account owner's choice.
// Only opt-in Regions that the spec governs are read.
const KindRegion engine.Kind = "region-opt-in"

// Attributes of KindRegion.
const (
	// AttrAccount is the account's key (email), reported as its ID.
	AttrAccount = "account"
	// AttrRegion is the Region's code.
	AttrRegion = "region"
	// AttrStatus is AWS's RegionOptStatus: ENABLED, ENABLING, DISABLING,
	// DISABLED or ENABLED_BY_DEFAULT.
	AttrStatus = "status"
)

// Region returns the ref of region's status in account (by its key).
func Region(account, region string) engine.Ref {
	return engine.Ref{Kind: KindRegion, Key: account + "/" + region}
}

// Check returns why a service's calls cannot be made in region by the
// accounts (by key), or "": an opt-in Region that orgctl read as not
// enabled in one of them. It is meant for a service kind's Check.
func Check(env *engine.CheckEnv, service, region string, accounts ...string) string {
	if r, ok := facts.LookupRegion(region); !ok || !r.OptIn {
		return ""
	}
	var off []string
	for _, a := range accounts {
		st, ok := env.Live(Region(a, region))
		if !ok || st.Shallow {
			continue // not read: AWS will say
		}
		if s := st.Attrs.String(AttrStatus); s != "ENABLED" && s != "ENABLED_BY_DEFAULT" {
			off = append(off, fmt.Sprintf("%s (%s)", a, strings.ToLower(s)))
		}
	}
	if len(off) == 0 {
		return ""
	}
	return fmt.Sprintf("%s is an opt-in Region not enabled in %s, so %s cannot be configured there: enable the Region in those accounts (AWS Account Management) or remove it from settings.regions",
		region, strings.Join(off, ", "), service)
}

// Management returns the management account's key as orgctl read it, or
// "" when it was not read: the account whose calls designate every
// service's administrator, for Check.
func Management(env *engine.CheckEnv) string {
	return env.Memo("regional.management", func() any {
		key := ""
		env.EachLive(func(r *engine.Resource) {
			if r.Kind == orgs.KindAccount && r.Attrs.Bool(orgs.AttrManagement) {
				key = r.Key
			}
		})
		return key
	}).(string)
}
