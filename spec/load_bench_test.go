package spec_test

import (
	"testing"

	"github.com/orgctl/orgctl/bench/synth"
	"github.com/orgctl/orgctl/spec"
)

// BenchmarkLoad5000 loads a 5,000-account spec: 500 OUs, 300 policies of
// two types, accounts over 10 included files.
func BenchmarkLoad5000(b *testing.B) {
	path, err := synth.Write(b.TempDir(), synth.Shape{Accounts: 5000, OUs: 500, Policies: 150})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, ds := spec.Load(path); ds.HasErrors() {
			b.Fatal(ds)
		}
	}
}
