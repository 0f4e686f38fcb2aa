package account

import (
	"strings"
	"time"

	"github.com/orgctl/orgctl/facts"
	"github.com/orgctl/orgctl/sandbox"
)

// The Regions of an account: ListRegions, GetRegionOptStatus,
// EnableRegion, DisableRegion.

type regionInput struct {
	AccountId  *string `json:"AccountId"`
	RegionName *string `json:"RegionName"`
}

type regionOut struct {
	RegionName      string `json:"RegionName"`
	RegionOptStatus string `json:"RegionOptStatus"`
}

// region checks a RegionName: one of the caller's partition.
func (c *call) region(name *string) (string, *sandbox.Error) {
	var v sandbox.Validator
	v.Str("RegionName", name, true, 1, 50, nil)
	if v.V != nil {
		return "", validation(reasonField, "%s", v.V.Message)
	}
	if r, ok := facts.LookupRegion(*name); !ok || r.Partition != c.partition() {
		return "", validation(reasonTarget, "%s is not a valid Region.", *name)
	}
	return *name, nil
}

// partition is the partition of the Region the request was signed for.
func (c *call) partition() string {
	if r, ok := facts.LookupRegion(c.Region); ok {
		return r.Partition
	}
	return "aws"
}

func getRegionOptStatus(c *call, in *regionInput) (*regionOut, *sandbox.Error) {
	account, e := c.target(in.AccountId)
	if e != nil {
		return nil, e
	}
	region, e := c.region(in.RegionName)
	if e != nil {
		return nil, e
	}
	return &regionOut{RegionName: region, RegionOptStatus: c.st.status(c.set, account, region)}, nil
}

type empty struct{}

// enableRegion starts enabling an opt-in Region: ENABLING, then ENABLED
// after the enable delay. Enabling one enabled or enabling is a no-op;
// one being disabled must finish first.
func enableRegion(c *call, in *regionInput) (*empty, *sandbox.Error) {
	account, region, e := c.change(in)
	if e != nil {
		return nil, e
	}
	switch c.st.status(c.set, account, region) {
	case statusDisabling:
		return nil, conflict("The Region " + region + " is being disabled; enable it once it is DISABLED.")
	case statusDisabled:
		c.st.set(account, region, statusEnabling, c.Now.Add(time.Duration(c.set.EnableDelay)))
	}
	return &empty{}, nil
}

// disableRegion starts disabling an opt-in Region: DISABLING, then
// DISABLED after the disable delay. One being enabled must finish first.
func disableRegion(c *call, in *regionInput) (*empty, *sandbox.Error) {
	account, region, e := c.change(in)
	if e != nil {
		return nil, e
	}
	switch c.st.status(c.set, account, region) {
	case statusEnabling:
		return nil, conflict("The Region " + region + " is being enabled; disable it once it is ENABLED.")
	case statusEnabled:
		c.st.set(account, region, statusDisabling, c.Now.Add(time.Duration(c.set.DisableDelay)))
	}
	return &empty{}, nil
}

// change checks the input of EnableRegion and DisableRegion: a Region
// enabled by default cannot be changed.
func (c *call) change(in *regionInput) (string, string, *sandbox.Error) {
	account, e := c.target(in.AccountId)
	if e != nil {
		return "", "", e
	}
	region, e := c.region(in.RegionName)
	if e != nil {
		return "", "", e
	}
	if !optIn(region) {
		return "", "", validation(reasonTarget, "%s is enabled by default and cannot be enabled or disabled.", region)
	}
	return account, region, nil
}

type listRegionsInput struct {
	AccountId               *string  `json:"AccountId"`
	MaxResults              *int32   `json:"MaxResults"`
	NextToken               *string  `json:"NextToken"`
	RegionOptStatusContains []string `json:"RegionOptStatusContains"`
}

type listRegionsOut struct {
	Regions   []regionOut `json:"Regions"`
	NextToken *string     `json:"NextToken,omitempty"`
}

// defaultPageSize is ListRegions' page without MaxResults.
const defaultPageSize = 20

// listRegions lists the Regions of the caller's partition, in AWS's
// table order, with the account's status, optionally only those in the
// given statuses.
func listRegions(c *call, in *listRegionsInput) (*listRegionsOut, *sandbox.Error) {
	account, e := c.target(in.AccountId)
	if e != nil {
		return nil, e
	}
	var v sandbox.Validator
	v.IntRange("MaxResults", in.MaxResults, 1, 50)
	if in.NextToken != nil {
		v.Text("NextToken", *in.NextToken, 0, 1000, nil)
	}
	for i := range in.RegionOptStatusContains {
		v.Enum("RegionOptStatusContains", &in.RegionOptStatusContains[i], false, statuses)
	}
	if v.V != nil {
		return nil, validation(reasonField, "%s", v.V.Message)
	}
	want := map[string]bool{}
	for _, s := range in.RegionOptStatusContains {
		want[s] = true
	}
	var all []regionOut
	for _, r := range facts.Regions {
		if r.Partition != c.partition() {
			continue
		}
		st := c.st.status(c.set, account, r.Code)
		if len(want) == 0 || want[st] {
			all = append(all, regionOut{RegionName: r.Code, RegionOptStatus: st})
		}
	}
	size := defaultPageSize
	if in.MaxResults != nil {
		size = int(*in.MaxResults)
	}
	scope := c.Op + "|" + account + "|" + strings.Join(in.RegionOptStatusContains, ",")
	start, end, next, ok := c.Page(scope, len(all), size, in.NextToken)
	if !ok {
		return nil, validation(reasonField, "The NextToken is not valid.")
	}
	return &listRegionsOut{Regions: append([]regionOut{}, all[start:end]...), NextToken: next}, nil
}
