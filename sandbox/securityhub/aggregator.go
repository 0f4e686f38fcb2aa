package securityhub

import (
	"slices"
	"strings"

	"github.com/orgctl/orgctl/sandbox"
)

// Finding aggregators: CreateFindingAggregator, UpdateFindingAggregator,
// GetFindingAggregator, ListFindingAggregators, DeleteFindingAggregator.
// An account has at most one, in the Region it was created in (the
// aggregation, or home, Region); it is listed from every Region.

var linkingModes = []string{"ALL_REGIONS", "ALL_REGIONS_EXCEPT_SPECIFIED", "SPECIFIED_REGIONS", "NO_REGIONS"}

var reRegion = sandbox.NewPattern(`^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-[0-9]$`)

type aggregatorInput struct {
	FindingAggregatorArn *string  `json:"FindingAggregatorArn"`
	RegionLinkingMode    *string  `json:"RegionLinkingMode"`
	Regions              []string `json:"Regions"`
}

type aggregatorOut struct {
	FindingAggregationRegion string   `json:"FindingAggregationRegion"`
	FindingAggregatorArn     string   `json:"FindingAggregatorArn"`
	RegionLinkingMode        string   `json:"RegionLinkingMode"`
	Regions                  []string `json:"Regions,omitempty"`
}

func out(a *aggregator) *aggregatorOut {
	return &aggregatorOut{FindingAggregationRegion: a.Region, FindingAggregatorArn: a.ARN, RegionLinkingMode: a.Mode, Regions: a.Regions}
}

// linking validates a linking mode and its Regions: a list for the
// modes that take one, none otherwise, never the home Region.
func (c *call) linking(mode *string, regions []string) *sandbox.Error {
	switch {
	case mode == nil:
		return invalidInput("RegionLinkingMode is required")
	case !slices.Contains(linkingModes, *mode):
		return invalidInput("Invalid RegionLinkingMode " + *mode + ". Valid values are " + strings.Join(linkingModes, ", "))
	case (*mode == "SPECIFIED_REGIONS" || *mode == "ALL_REGIONS_EXCEPT_SPECIFIED") && len(regions) == 0:
		return invalidInput("Regions must be provided for RegionLinkingMode " + *mode)
	case (*mode == "ALL_REGIONS" || *mode == "NO_REGIONS") && len(regions) > 0:
		return invalidInput("Regions must not be provided for RegionLinkingMode " + *mode)
	}
	for _, r := range regions {
		if !reRegion.MatchString(r) {
			return invalidInput("Invalid Region " + r)
		}
		if r == c.Region {
			return invalidInput("The aggregation Region " + r + " cannot be a linked Region")
		}
	}
	return nil
}

// createAggregator makes the caller's aggregator in its Region. A member
// of an organization whose administrator is designated here cannot.
func createAggregator(c *call, in *aggregatorInput) (*aggregatorOut, *sandbox.Error) {
	if e := c.subscribed(); e != nil {
		return nil, e
	}
	if a := c.st.Admins[c.Region]; a != nil && a.Account != c.Caller.AccountID {
		e := invalidInput(msgMemberAggregator)
		e.Status = 401 // as peers' logs show it
		return nil, e
	}
	if e := c.linking(in.RegionLinkingMode, in.Regions); e != nil {
		return nil, e
	}
	if c.st.Aggregators[c.Caller.AccountID] != nil {
		return nil, conflict("A finding aggregator already exists for account " + c.Caller.AccountID)
	}
	agg := &aggregator{ARN: "arn:aws:securityhub:" + c.Region + ":" + c.Caller.AccountID + ":finding-aggregator/" + sandbox.NewUUID(),
		Region: c.Region, Mode: *in.RegionLinkingMode, Regions: sortedCopy(in.Regions)}
	c.st.Aggregators[c.Caller.AccountID] = agg
	return out(agg), nil
}

// owned finds the caller's aggregator by ARN, called from its Region.
func (c *call) owned(arn *string) (*aggregator, *sandbox.Error) {
	if arn == nil || *arn == "" {
		return nil, invalidInput("FindingAggregatorArn is required")
	}
	agg := c.st.Aggregators[c.Caller.AccountID]
	if agg == nil || agg.ARN != *arn {
		return nil, notFound("Finding aggregator " + *arn + " not found")
	}
	if agg.Region != c.Region {
		return nil, invalidInput("The finding aggregator can only be managed from its aggregation Region " + agg.Region)
	}
	return agg, nil
}

func updateAggregator(c *call, in *aggregatorInput) (*aggregatorOut, *sandbox.Error) {
	if e := c.subscribed(); e != nil {
		return nil, e
	}
	agg, e := c.owned(in.FindingAggregatorArn)
	if e != nil {
		return nil, e
	}
	if e := c.linking(in.RegionLinkingMode, in.Regions); e != nil {
		return nil, e
	}
	agg.Mode, agg.Regions = *in.RegionLinkingMode, sortedCopy(in.Regions)
	return out(agg), nil
}

type arnInput struct {
	FindingAggregatorArn string `json:"-" uri:"FindingAggregatorArn"`
}

func getAggregator(c *call, in *arnInput) (*aggregatorOut, *sandbox.Error) {
	if e := c.subscribed(); e != nil {
		return nil, e
	}
	agg, e := c.owned(&in.FindingAggregatorArn)
	if e != nil {
		return nil, e
	}
	return out(agg), nil
}

// deleteAggregator removes the caller's aggregator; not while central
// configuration, which it carries, is on.
func deleteAggregator(c *call, in *arnInput) (*empty, *sandbox.Error) {
	if e := c.subscribed(); e != nil {
		return nil, e
	}
	agg, e := c.owned(&in.FindingAggregatorArn)
	if e != nil {
		return nil, e
	}
	if oc := c.st.OrgConfigs[agg.Region]; oc != nil && oc.Type == "CENTRAL" {
		return nil, invalidInput("The finding aggregator cannot be deleted while central configuration is enabled. Switch the organization to local configuration first.")
	}
	delete(c.st.Aggregators, c.Caller.AccountID)
	return &empty{}, nil
}

type listAggregatorsInput struct {
	MaxResults *int32  `json:"-" query:"MaxResults"`
	NextToken  *string `json:"-" query:"NextToken"`
}

type listAggregatorsOut struct {
	FindingAggregators []map[string]string `json:"FindingAggregators"`
	NextToken          *string             `json:"NextToken,omitempty"`
}

func listAggregators(c *call, in *listAggregatorsInput) (*listAggregatorsOut, *sandbox.Error) {
	if e := c.subscribed(); e != nil {
		return nil, e
	}
	all := []map[string]string{}
	if agg := c.st.Aggregators[c.Caller.AccountID]; agg != nil {
		all = append(all, map[string]string{"FindingAggregatorArn": agg.ARN})
	}
	start, end, next, e := c.page(in.MaxResults, in.NextToken, c.Caller.AccountID, len(all), 100)
	if e != nil {
		return nil, e
	}
	return &listAggregatorsOut{FindingAggregators: all[start:end], NextToken: next}, nil
}

func sortedCopy(l []string) []string {
	if len(l) == 0 {
		return nil
	}
	out := slices.Clone(l)
	slices.Sort(out)
	return out
}
