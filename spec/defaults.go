package spec

// Defaults applied by Load to a valid spec.
const (
	DefaultHomeRegion       = "us-east-1"
	DefaultCrossAccountRole = "OrganizationAccountAccessRole"
	DefaultFeatureSet       = "ALL"
)

// applyDefaults fills the settings the spec leaves out: homeRegion
// us-east-1, regions [homeRegion], crossAccountRole
// OrganizationAccountAccessRole, prune true, featureSet ALL.
func applyDefaults(s *Spec) {
	st := &s.Settings
	if st.HomeRegion == "" {
		st.HomeRegion = DefaultHomeRegion
	}
	if len(st.Regions) == 0 {
		st.Regions = []string{st.HomeRegion}
	}
	if st.CrossAccountRole == "" {
		st.CrossAccountRole = DefaultCrossAccountRole
	}
	if st.Prune == nil {
		prune := true
		st.Prune = &prune
	}
	if s.Organization.FeatureSet == "" {
		s.Organization.FeatureSet = DefaultFeatureSet
	}
}
