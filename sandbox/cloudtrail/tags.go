package cloudtrail

import (
	"strings"
	"unicode/utf8"

	"github.com/orgctl/orgctl/sandbox"
)

// Tags on trails, addressed by ARN: AddTags, RemoveTags, ListTags.

const maxTags = 50 // tags per trail

type tagInput struct {
	Key   *string `json:"Key"`
	Value *string `json:"Value"`
}

// parseTags checks keys (1-128 characters, not aws:) and values (at most 256).
func parseTags(in []tagInput) ([]tag, *sandbox.Error) {
	var out []tag
	for _, t := range in {
		switch {
		case t.Key == nil || *t.Key == "" || utf8.RuneCountInString(*t.Key) > 128:
			return nil, ctError("InvalidTagParameterException", "Tag keys must be between 1 and 128 characters.")
		case strings.HasPrefix(strings.ToLower(*t.Key), "aws:"):
			return nil, ctError("InvalidTagParameterException", "Tag keys cannot start with aws:.")
		case t.Value != nil && utf8.RuneCountInString(*t.Value) > 256:
			return nil, ctError("InvalidTagParameterException", "Tag values must be at most 256 characters.")
		}
		v := ""
		if t.Value != nil {
			v = *t.Value
		}
		out = append(out, tag{Key: *t.Key, Value: v})
	}
	if len(out) > maxTags {
		return nil, ctError("TagsLimitExceededException", "The number of tags on the resource exceeds the limit of %d.", maxTags)
	}
	return out, nil
}

type tagsInput struct {
	ResourceId     *string    `json:"ResourceId"`
	TagsList       []tagInput `json:"TagsList"`
	ResourceIdList []string   `json:"ResourceIdList"`
	NextToken      *string    `json:"NextToken"`
}

// tagged finds the trail a ResourceId names (an ARN), in the caller's region.
func (c *call) tagged(id *string) (*trail, *sandbox.Error) {
	if id == nil || *id == "" {
		return nil, errParameter("ResourceId is required.")
	}
	if !reTrailArn.MatchString(*id) {
		return nil, ctError("CloudTrailARNInvalidException", "Invalid trail ARN: %s", *id)
	}
	t := c.st.Trails[*id]
	if t == nil || !c.visible(t) || !t.inRegion(c.Region) {
		return nil, ctError("ResourceNotFoundException", "Resource not found: %s", *id)
	}
	return t, nil
}

// addTags sets tags on a trail, from its home region: existing keys take
// the new value.
func addTags(c *call, in *tagsInput) (*empty, *sandbox.Error) {
	t, e := c.changeable(c.tagged(in.ResourceId))
	if e != nil {
		return nil, e
	}
	tags, e := parseTags(in.TagsList)
	if e != nil {
		return nil, e
	}
	merged := append([]tag(nil), t.Tags...)
	for _, nt := range tags {
		found := false
		for i := range merged {
			if merged[i].Key == nt.Key {
				merged[i].Value, found = nt.Value, true
			}
		}
		if !found {
			merged = append(merged, nt)
		}
	}
	if len(merged) > maxTags {
		return nil, ctError("TagsLimitExceededException", "The number of tags on the resource exceeds the limit of %d.", maxTags)
	}
	t.Tags = merged
	return &empty{}, nil
}

// removeTags removes the keys given (a value given must match).
func removeTags(c *call, in *tagsInput) (*empty, *sandbox.Error) {
	t, e := c.changeable(c.tagged(in.ResourceId))
	if e != nil {
		return nil, e
	}
	var kept []tag
	for _, old := range t.Tags {
		drop := false
		for _, r := range in.TagsList {
			drop = drop || r.Key != nil && *r.Key == old.Key && (r.Value == nil || *r.Value == old.Value)
		}
		if !drop {
			kept = append(kept, old)
		}
	}
	t.Tags = kept
	return &empty{}, nil
}

type resourceTagOut struct {
	ResourceId string `json:"ResourceId"`
	TagsList   []tag  `json:"TagsList"`
}

type listTagsOut struct {
	ResourceTagList []resourceTagOut `json:"ResourceTagList"`
	NextToken       *string          `json:"NextToken,omitempty"`
}

// listTags lists the tags of up to 20 trails.
func listTags(c *call, in *tagsInput) (*listTagsOut, *sandbox.Error) {
	if len(in.ResourceIdList) == 0 {
		return nil, errParameter("ResourceIdList is required.")
	}
	if len(in.ResourceIdList) > 20 {
		return nil, errParameter("You can list the tags of at most 20 resources at a time.")
	}
	if in.NextToken != nil {
		return nil, ctError("InvalidTokenException", "Invalid next token.")
	}
	out := &listTagsOut{ResourceTagList: []resourceTagOut{}}
	for _, id := range in.ResourceIdList {
		t, e := c.tagged(&id)
		if e != nil {
			return nil, e
		}
		out.ResourceTagList = append(out.ResourceTagList, resourceTagOut{ResourceId: id, TagsList: append([]tag{}, t.Tags...)})
	}
	return out, nil
}
