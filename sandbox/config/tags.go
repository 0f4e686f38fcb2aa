package config

import (
	"slices"

	"github.com/orgctl/orgctl/sandbox"
)

// ListTagsForResource, for aggregators: the caller's own, in its region.

type listTagsInput struct {
	ResourceArn *string `json:"ResourceArn"`
	Limit       *int    `json:"Limit"`
	NextToken   *string `json:"NextToken"`
}

type listTagsOut struct {
	Tags      []tag   `json:"Tags"`
	NextToken *string `json:"NextToken,omitempty"`
}

func listTags(c *call, in *listTagsInput) (*listTagsOut, *sandbox.Error) {
	switch {
	case in.ResourceArn == nil:
		return nil, validation("null", "resourceArn", "Member must not be null")
	case len(*in.ResourceArn) < 1 || len(*in.ResourceArn) > 256:
		return nil, validation(*in.ResourceArn, "resourceArn", "Member must have length less than or equal to 256")
	}
	size := 50
	if in.Limit != nil {
		if *in.Limit < 0 || *in.Limit > 50 {
			return nil, cfgError("InvalidLimitException", "The limit %d is outside the allowable range of 0 to 50.", *in.Limit)
		}
		if *in.Limit > 0 {
			size = *in.Limit
		}
	}
	tags := c.tagsOf(*in.ResourceArn)
	if tags == nil {
		return nil, cfgError("ResourceNotFoundException", "ResourceArn '%s' does not exist", *in.ResourceArn)
	}
	start, end, next, ok := c.Page("tags|"+*in.ResourceArn, len(*tags), size, in.NextToken)
	if !ok {
		return nil, cfgError("InvalidNextTokenException", "The nextToken provided is invalid")
	}
	return &listTagsOut{Tags: append([]tag{}, (*tags)[start:end]...), NextToken: next}, nil
}

// tagsOf returns the tags of the caller's resource arn in its region:
// an aggregator, an organization conformance pack or rule; nil when
// there is none.
func (c *call) tagsOf(arn string) *[]tag {
	for _, a := range c.st.of(c.Caller.AccountID, c.Region) {
		if a.Arn == arn {
			return &a.Tags
		}
	}
	for _, p := range c.packsOf() {
		if p.Arn == arn {
			return &p.Tags
		}
	}
	for _, r := range c.rulesOf() {
		if r.Arn == arn {
			return &r.Tags
		}
	}
	return nil
}

type tagResourceInput struct {
	ResourceArn *string `json:"ResourceArn"`
	Tags        []tag   `json:"Tags"`
}

// tagResource adds tags, replacing the values of keys already there; a
// resource takes at most 50.
func tagResource(c *call, in *tagResourceInput) (*struct{}, *sandbox.Error) {
	switch {
	case in.ResourceArn == nil:
		return nil, validation("null", "resourceArn", "Member must not be null")
	case len(in.Tags) < 1 || len(in.Tags) > 50:
		return nil, validation("[...]", "tags", "Member must have length less than or equal to 50")
	}
	tags := c.tagsOf(*in.ResourceArn)
	if tags == nil {
		return nil, cfgError("ResourceNotFoundException", "ResourceArn '%s' does not exist", *in.ResourceArn)
	}
	merged := append([]tag{}, (*tags)...)
	for _, t := range in.Tags {
		if i := slices.IndexFunc(merged, func(o tag) bool { return o.Key == t.Key }); i >= 0 {
			merged[i].Value = t.Value
		} else {
			merged = append(merged, t)
		}
	}
	if len(merged) > 50 {
		return nil, cfgError("TooManyTagsException", "You have reached the limit of the number of tags you can use. You have more than 50 tags.")
	}
	*tags = merged
	return &struct{}{}, nil
}
