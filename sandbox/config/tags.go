package config

import (
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
	var found *aggregator
	for _, a := range c.st.of(c.Caller.AccountID, c.Region) {
		if a.Arn == *in.ResourceArn {
			found = a
		}
	}
	if found == nil {
		return nil, cfgError("ResourceNotFoundException", "ResourceArn '%s' does not exist", *in.ResourceArn)
	}
	start, end, next, ok := c.Page("tags|"+found.Arn, len(found.Tags), size, in.NextToken)
	if !ok {
		return nil, cfgError("InvalidNextTokenException", "The nextToken provided is invalid")
	}
	return &listTagsOut{Tags: append([]tag{}, found.Tags[start:end]...), NextToken: next}, nil
}
