package cloudtrail

import (
	"maps"

	"github.com/orgctl/orgctl/engine"
	"github.com/orgctl/orgctl/spec"
)

// Path is the section's place in org.yaml.
const Path = "cloudTrail"

// Desired returns the organization trail the spec asks for: logging, in
// the home region.
func Desired(s *spec.Spec) []engine.Resource {
	ct := spec.SectionOf[CloudTrail](s, Path)
	if ct == nil {
		return nil
	}
	var tags map[string]string
	if len(ct.Tags) > 0 {
		tags = maps.Clone(ct.Tags)
	}
	return []engine.Resource{{
		Kind: KindTrail, Key: ct.Name, Managed: s.Settings.Adopt, Source: s.Locs.Pos(Path),
		Attrs: engine.Attrs{
			AttrRegion:            s.Home(),
			AttrBucket:            ct.Bucket,
			AttrKeyPrefix:         ct.KeyPrefix,
			AttrKMSKey:            ct.KMSKey,
			AttrMultiRegion:       orTrue(ct.MultiRegion),
			AttrLogFileValidation: orTrue(ct.LogFileValidation),
			AttrOrganization:      true,
			AttrLogging:           true,
			engine.AttrTags:       tags,
		},
	}}
}

func orTrue(b *bool) bool { return b == nil || *b }
