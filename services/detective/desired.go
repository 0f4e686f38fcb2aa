package detective

import (
	"github.com/orgctl/orgctl/engine"
	"github.com/orgctl/orgctl/services/regional"
	"github.com/orgctl/orgctl/spec"
)

// Path is the section's place in org.yaml.
const Path = "security.detective"

// AllEnrolled is the members resource's value when every active account
// (but the administrator) is enrolled: members.All of the provider toolkit.
const AllEnrolled = regional.AllEnrolled

// Desired returns, for each governed region, Detective's administrator, its
// organization configuration and, with members: all, the enrolment of the
// existing accounts, when the spec has the section.
func Desired(s *spec.Spec) []engine.Resource {
	m := spec.SectionOf[Detective](s, Path)
	if m == nil {
		return nil
	}
	return enrolling.Desired(s, m.Members)
}
