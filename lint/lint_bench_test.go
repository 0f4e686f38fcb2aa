package lint

import (
	"io"
	"testing"

	"github.com/orgctl/orgctl/bench/synth"
	"github.com/orgctl/orgctl/spec"
)

// BenchmarkLint1000 loads and lints a 1,000-account spec (100 OUs, 60
// policies), as orgctl lint does; the issue asks for under a second.
func BenchmarkLint1000(b *testing.B) {
	path, err := synth.Write(b.TempDir(), synth.Shape{Accounts: 1000, OUs: 100, Policies: 30})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		s, ds := spec.Load(path)
		if ds.HasErrors() {
			b.Fatal(ds)
		}
		rep := Run(s, Options{})
		WriteText(io.Discard, rep, func(f string) []byte { return s.Sources[f] }, false)
	}
}
