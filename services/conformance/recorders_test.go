package conformance

import (
	"testing"

	"github.com/orgctl/orgctl/engine"
)

func TestRecordersNote(t *testing.T) {
	tests := []struct {
		name  string
		attrs engine.Attrs
		want  string
	}{
		{"every account records", engine.Attrs{AttrTargets: "3"}, ""},
		{"one without", engine.Attrs{AttrTargets: "3", AttrNoRecorder: []string{"play"}},
			"eu-west-1: of 3 target accounts of the conformance packs and Config rules to deploy, without a configuration recorder: 1 (play). " +
				"A deployment fails in an account without a recorder; orgctl does not create recorders (AWS Config's prerequisite): set them up first, or exclude those accounts."},
		{"every reason", engine.Attrs{AttrTargets: "9", AttrNoRecorder: []string{"a", "b"}, AttrNotRecording: []string{"c"}, AttrUnchecked: []string{"d"}},
			"eu-west-1: of 9 target accounts of the conformance packs and Config rules to deploy, without a configuration recorder: 2 (a, b); " +
				"with a recorder not recording: 1 (c); not checked (settings.crossAccountRole refused): 1 (d). " +
				"A deployment fails in an account without a recorder; orgctl does not create recorders (AWS Config's prerequisite): set them up first, or exclude those accounts."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := RecordersNote(engine.Resource{Kind: KindRecorders, Key: "eu-west-1", Attrs: tt.attrs}); got != tt.want {
				t.Errorf("got  %q\nwant %q", got, tt.want)
			}
		})
	}
}
