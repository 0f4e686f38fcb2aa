package main

import (
	"strings"

	"github.com/spf13/pflag"

	"github.com/orgctl/orgctl/providers"
	"github.com/orgctl/orgctl/spec"
)

// specSettings are the settings of a loaded spec that providers need.
func specSettings(s *spec.Spec) providers.Settings {
	return providers.Settings{
		HomeRegion:             s.Settings.HomeRegion,
		Regions:                s.Settings.Regions,
		CrossAccountRole:       s.Settings.CrossAccountRole,
		CrossAccountExternalID: s.Settings.CrossAccountExternalID,
	}
}

// planSettings are those a saved plan carries (workflow.Settings). A plan
// of an older orgctl has no regions: the providers then read the home
// region only, defaulted as the spec defaults it.
func planSettings(m map[string]string) providers.Settings {
	st := providers.Settings{HomeRegion: m["homeRegion"], CrossAccountRole: m["crossAccountRole"], CrossAccountExternalID: m["crossAccountExternalId"],
		Members: m[membersSetting] == "true"}
	if st.HomeRegion == "" {
		st.HomeRegion = spec.DefaultHomeRegion
	}
	if m["regions"] != "" {
		st.Regions = strings.Split(m["regions"], ",")
	} else {
		st.Regions = []string{st.HomeRegion}
	}
	return st
}

// membersSetting marks a saved plan made with --members.
const membersSetting = "members"

// addMembersFlag adds --members: read, besides each service's
// organization configuration, which accounts it enrols.
func addMembersFlag(fs *pflag.FlagSet) *bool {
	return fs.Bool("members", false, "also read which accounts Macie, Inspector and Detective enrol (a listing per service and region), and enrol those missing; and ask every target account of a conformance pack or Config rule whether it has a configuration recorder")
}
