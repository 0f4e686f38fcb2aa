package spec

import "testing"

// settings.adopt is a boolean; anything else is a type error at its place.
func TestAdoptSetting(t *testing.T) {
	s, ds := loadFiles(root("version: 1", "settings:", "  adopt: true"))
	if ds.HasErrors() || !s.Settings.Adopt {
		t.Fatalf("adopt: true not loaded: %v %+v", ds, s.Settings)
	}
	s, ds = loadFiles(root("version: 1"))
	if ds.HasErrors() || s.Settings.Adopt {
		t.Fatalf("adopt must default to false: %v %+v", ds, s.Settings)
	}
	_, ds = loadFiles(root("version: 1", "settings:", "  adopt: sure"))
	checkDiags(t, ds, []want{{summary: "adopt", line: 3}})
}
