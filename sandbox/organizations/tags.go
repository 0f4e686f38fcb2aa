package organizations

import (
	"strings"

	"github.com/orgctl/orgctl/sandbox"
)

// Tags on the root, OUs, accounts and policies: TagResource, UntagResource,
// ListTagsForResource, and the tag checks CreateOrganizationalUnit,
// CreateAccount and CreatePolicy share.

const maxTags = 50 // tags per resource

func errTooManyTags() *sandbox.Error {
	return constraintViolation("MAX_TAG_LIMIT_EXCEEDED", "You have exceeded the number of tags allowed on this resource.")
}

// parseTags checks tags against the model (key 1-128, value 0-256, letters,
// digits, spaces and _.:/=+-@), rejects aws: keys and duplicate keys, and
// reports the first violation the validator holds, from this or earlier members.
func parseTags(v *sandbox.Validator, in []tagIO) ([]tag, *sandbox.Error) {
	for _, t := range in {
		v.Str("Tags.Key", t.Key, true, 1, 128, reTagText)
		v.Str("Tags.Value", t.Value, true, 0, 256, reTagText)
	}
	if e := orgInvalid(v); e != nil {
		return nil, e
	}
	seen := map[string]bool{}
	out := make([]tag, 0, len(in))
	for _, t := range in {
		if strings.HasPrefix(strings.ToLower(*t.Key), "aws:") {
			return nil, invalidInput("INVALID_SYSTEM_TAGS_PARAMETER",
				"You can't add, edit, or delete system tag keys (aws:) because they're reserved for AWS use.")
		}
		if seen[*t.Key] {
			return nil, invalidInput("DUPLICATE_TAG_KEY", "Tag keys must be unique among the tags attached to the same entity.")
		}
		seen[*t.Key] = true
		out = append(out, tag{Key: *t.Key, Value: *t.Value})
	}
	return out, nil
}

// mergeTags sets tags on top of existing ones: existing keys take the new
// value in place, new keys are appended.
func mergeTags(existing, tags []tag) []tag {
	out := append([]tag(nil), existing...)
	for _, t := range tags {
		found := false
		for i := range out {
			if out[i].Key == t.Key {
				out[i].Value = t.Value
				found = true
				break
			}
		}
		if !found {
			out = append(out, t)
		}
	}
	return out
}

type resourceInput struct {
	ResourceId *string  `json:"ResourceId"`
	Tags       []tagIO  `json:"Tags"`
	TagKeys    []string `json:"TagKeys"`
	NextToken  *string  `json:"NextToken"`
}

// lookupTaggable validates ResourceId and checks the resource exists. It
// reports whether the resource is an AWS-managed policy, which cannot be
// tagged.
func (c *call) lookupTaggable(v *sandbox.Validator, id *string) (managed bool, e *sandbox.Error) {
	v.Str("ResourceId", id, true, 0, 130, reTaggableID)
	if e := orgInvalid(v); e != nil {
		return false, e
	}
	if managedPolicies[*id] != nil {
		return true, nil
	}
	if c.st.isTarget(*id) || c.st.Policies[*id] != nil {
		return false, nil
	}
	return false, orgError("TargetNotFoundException", "We can't find a resource with the ResourceId that you specified.")
}

func errImmutablePolicy() *sandbox.Error {
	return invalidInput("IMMUTABLE_POLICY", "You specified a policy that is managed by AWS and can't be modified.")
}

func tagResource(c *call, in *resourceInput) (*empty, *sandbox.Error) {
	var v sandbox.Validator
	if in.Tags == nil {
		v.Fail(sandbox.ViolationRequired, "Tags", "You must specify a value for Tags.")
	}
	tags, e := parseTags(&v, in.Tags)
	if e != nil {
		return nil, e
	}
	managed, e := c.lookupTaggable(&v, in.ResourceId)
	if e != nil {
		return nil, e
	}
	if managed {
		return nil, errImmutablePolicy()
	}
	merged := mergeTags(c.st.Tags[*in.ResourceId], tags)
	if len(merged) > maxTags {
		return nil, errTooManyTags()
	}
	if len(merged) > 0 {
		c.st.Tags[*in.ResourceId] = merged
	}
	return &empty{}, nil
}

func untagResource(c *call, in *resourceInput) (*empty, *sandbox.Error) {
	var v sandbox.Validator
	if in.TagKeys == nil {
		v.Fail(sandbox.ViolationRequired, "TagKeys", "You must specify a value for TagKeys.")
	}
	for _, k := range in.TagKeys {
		v.Text("TagKeys", k, 1, 128, reTagText)
	}
	managed, e := c.lookupTaggable(&v, in.ResourceId)
	if e != nil {
		return nil, e
	}
	if managed {
		return nil, errImmutablePolicy()
	}
	id := *in.ResourceId
	var kept []tag
	for _, t := range c.st.Tags[id] {
		drop := false
		for _, k := range in.TagKeys {
			drop = drop || t.Key == k
		}
		if !drop {
			kept = append(kept, t)
		}
	}
	if len(kept) == 0 {
		delete(c.st.Tags, id)
	} else {
		c.st.Tags[id] = kept
	}
	return &empty{}, nil
}

type tagOut struct {
	Key   string `json:"Key"`
	Value string `json:"Value"`
}

type listTagsOut struct {
	Tags      []tagOut `json:"Tags"`
	NextToken *string  `json:"NextToken,omitempty"`
}

// listTagsForResource pages with NextToken only; the model has no MaxResults.
func listTagsForResource(c *call, in *resourceInput) (*listTagsOut, *sandbox.Error) {
	var v sandbox.Validator
	if _, e := c.lookupTaggable(&v, in.ResourceId); e != nil {
		return nil, e
	}
	tags := c.st.Tags[*in.ResourceId]
	out, next, e := page(c, listInput{NextToken: in.NextToken}, *in.ResourceId, tags, func(t tag) tagOut { return tagOut(t) })
	if e != nil {
		return nil, e
	}
	return &listTagsOut{Tags: out, NextToken: next}, nil
}
