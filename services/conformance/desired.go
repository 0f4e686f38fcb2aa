package conformance

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"

	"github.com/orgctl/orgctl/engine"
	cfg "github.com/orgctl/orgctl/services/config"
	orgs "github.com/orgctl/orgctl/services/organizations"
	"github.com/orgctl/orgctl/spec"
)

// Desired returns each pack and rule in each Region it names, made by
// AWS Config's administrator.
func Desired(s *spec.Spec) []engine.Resource {
	packs := spec.SectionOf[ConformancePacks](s, PacksPath)
	rules := spec.SectionOf[ConfigRules](s, RulesPath)
	if packs == nil && rules == nil {
		return nil
	}
	admin := adminOf(s)
	if admin == nil {
		return nil
	}
	email := orgs.AccountKey(admin.Email)
	var out []engine.Resource
	if packs != nil {
		for i, p := range *packs {
			at := fmt.Sprintf("%s[%d]", PacksPath, i)
			attrs := engine.Attrs{AttrName: p.Name, AttrAccount: email, AttrTemplate: TemplateHash(p.body), AttrTemplateBody: string(p.body),
				AttrExcluded: excluded(s, p.Exclude), AttrParameters: params(p.Parameters)}
			if p.DeliveryBucket != "" {
				attrs[AttrDeliveryBucket] = p.DeliveryBucket
			}
			if p.DeliveryPrefix != "" {
				attrs[AttrDeliveryPrefix] = p.DeliveryPrefix
			}
			out = append(out, perRegion(s, KindPack, at, p.Regions, attrs)...)
		}
	}
	if rules != nil {
		for i, c := range *rules {
			at := fmt.Sprintf("%s[%d]", RulesPath, i)
			attrs := engine.Attrs{AttrName: c.Name, AttrAccount: email, AttrIdentifier: c.Identifier,
				AttrExcluded: excluded(s, c.Exclude)}
			for k, v := range map[string]string{AttrDescription: c.Description, AttrFrequency: c.MaximumExecutionFrequency, AttrParameters: RuleParameters(c.Parameters)} {
				if v != "" {
					attrs[k] = v
				}
			}
			if len(c.ResourceTypes) > 0 {
				types := slices.Clone(c.ResourceTypes)
				slices.Sort(types)
				attrs[AttrResourceTypes] = slices.Compact(types)
			}
			out = append(out, perRegion(s, KindRule, at, c.Regions, attrs)...)
		}
	}
	return out
}

// perRegion copies attrs into a resource of kind k per Region.
func perRegion(s *spec.Spec, k engine.Kind, at string, v any, attrs engine.Attrs) []engine.Resource {
	var out []engine.Resource
	for _, region := range cfg.Regions(s, v) {
		a := engine.Attrs{AttrRegion: region, AttrDeployment: Deployed}
		for key, val := range attrs {
			a[key] = val
		}
		out = append(out, engine.Resource{Kind: k, Key: Ref(k, region, a.String(AttrAccount), a.String(AttrName)).Key,
			Source: s.Locs.Pos(at), Attrs: a})
	}
	return out
}

// adminOf is AWS Config's administrator: security.config.admin, else
// security.admin.
func adminOf(s *spec.Spec) *spec.Account {
	c := spec.SectionOf[cfg.AWSConfig](s, cfg.Path)
	if c == nil {
		return nil
	}
	if c.Admin != "" {
		a, _ := s.Account(c.Admin)
		return a
	}
	return s.SecurityAdmin()
}

// TemplateHash names a template's content: what the pack's tag keeps.
func TemplateHash(body []byte) string {
	sum := sha256.Sum256(body)
	return "sha256:" + hex.EncodeToString(sum[:])
}

// excluded are the keys of the open accounts e names or that are in the
// OUs it names (or below them), sorted.
func excluded(s *spec.Spec, e *Exclude) []string {
	out := []string{}
	if e == nil {
		return out
	}
	for _, a := range s.Accounts {
		in := slices.Contains(e.Accounts, a.Name)
		for _, ou := range e.OUs {
			in = in || a.OU == ou || strings.HasPrefix(a.OU, ou+"/")
		}
		if in && !a.Closed {
			out = append(out, orgs.AccountKey(a.Email))
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

func params(m map[string]string) map[string]string {
	out := map[string]string{}
	for k, v := range m {
		out[k] = v
	}
	return out
}
