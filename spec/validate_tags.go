package spec

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/orgctl/orgctl/facts"
)

// Limits AWS puts on tags.
const (
	maxTags        = facts.MaxTags
	maxTagKeyLen   = 128
	maxTagValueLen = 256
)

// orgctl's own tags, which count toward AWS's limit: what it manages
// carries managed-by, and the root may carry the live commit's records.
var (
	ownTags     = []string{facts.ManagedTagKey}
	ownRootTags = facts.RecordTags
)

// tagChars is the character set AWS allows in tag keys and values.
var tagChars = regexp.MustCompile(`^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$`)

const tagCharsHelp = "Tag keys and values may use letters, digits, spaces and _ . : / = + - @."

// checkAllTags checks the tags of the root, every OU, account and policy.
func checkAllTags(s *Spec, r *reporter) {
	checkTags(r, "the root", "organization.tags", s.Organization.Tags, ownRootTags)
	s.WalkOUs(func(path string, ou *OU, loc string) {
		checkTags(r, "organizational unit "+path, loc+".tags", ou.Tags, ownTags)
	})
	for i, a := range s.Accounts {
		checkTags(r, "account "+a.Name, indexPath("accounts", i)+".tags", a.Tags, ownTags)
	}
	for i, p := range s.Policies {
		checkTags(r, "policy "+p.Name, indexPath("policies", i)+".tags", p.Tags, ownTags)
	}
}

// checkTags: at most 50 tags with orgctl's own (the keys in own); keys
// 1-128 characters, not aws:, not the keys orgctl reserves; values up to
// 256 characters; AWS's character set.
func checkTags(r *reporter, label, at string, tags map[string]string, own []string) {
	if room := maxTags - len(own); len(tags) > room {
		r.errorf(at, fmt.Sprintf("AWS allows at most %d tags on a resource, and orgctl adds %d of its own (%s); remove %d.",
			maxTags, len(own), strings.Join(own, ", "), len(tags)-room),
			"%s has %d tags, %d with orgctl's", label, len(tags), len(tags)+len(own))
	}
	keys := make([]string, 0, len(tags))
	for k := range tags {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		checkTagKey(r, label, joinPath(at, k), k)
		checkTagValue(r, label, joinPath(at, k), k, tags[k])
	}
}

// checkTagKey checks one tag key; at is the path of its value.
func checkTagKey(r *reporter, label, at, k string) {
	kat := at + KeySuffix
	n := utf8.RuneCountInString(k)
	switch {
	case k == "":
		r.errorf(kat, "Give the tag a key.", "empty tag key on %s", label)
	case n > maxTagKeyLen:
		r.errorf(kat, fmt.Sprintf("Shorten it to %d characters or fewer.", maxTagKeyLen),
			"tag key on %s is %d characters; the limit is %d", label, n, maxTagKeyLen)
	case strings.HasPrefix(strings.ToLower(k), "aws:"):
		r.errorf(kat, "The aws: prefix is reserved for AWS; rename the key.", "tag key %q on %s starts with aws:", k, label)
	case strings.HasPrefix(k, facts.ReservedTagPrefix):
		r.errorf(kat, fmt.Sprintf("orgctl keeps its own records (the live commit) in tags starting with %s; rename the key.", facts.ReservedTagPrefix),
			"tag key %q on %s starts with %s", k, label, facts.ReservedTagPrefix)
	case k == facts.ManagedTagKey:
		r.errorf(kat, fmt.Sprintf("orgctl tags what it creates with %s=%s to know what it may prune; remove this tag or use another key.", facts.ManagedTagKey, facts.ManagedTagValue),
			"tag key %s is reserved for orgctl", k)
	case !tagChars.MatchString(k) && !hazardous(k): // checkText says which
		r.errorf(kat, tagCharsHelp, "tag key %q on %s has characters AWS does not allow", k, label)
	}
}

// checkTagValue checks the value of tag k; at is its path.
func checkTagValue(r *reporter, label, at, k, v string) {
	n := utf8.RuneCountInString(v)
	switch {
	case n > maxTagValueLen:
		r.errorf(at, fmt.Sprintf("Shorten it to %d characters or fewer.", maxTagValueLen),
			"value of tag %s on %s is %d characters; the limit is %d", k, label, n, maxTagValueLen)
	case !tagChars.MatchString(v):
		r.errorf(at, tagCharsHelp, "value of tag %s on %s has characters AWS does not allow", k, label)
	}
}
