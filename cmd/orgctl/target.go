package main

import (
	"errors"
	"strings"

	"github.com/spf13/pflag"

	"github.com/orgctl/orgctl/engine"
)

// addTargetFlag adds --target, repeatable, to a command.
func addTargetFlag(fs *pflag.FlagSet) *[]string {
	return fs.StringArray("target", nil, "limit the plan to `KIND:KEY` and what it depends on (repeatable), e.g. ou:Workloads/Prod, account:NAME|EMAIL")
}

// parseTargets reads the --target values.
func parseTargets(vals []string) ([]engine.Ref, error) {
	var refs []engine.Ref
	var errs []string
	for _, v := range vals {
		r, err := engine.ParseRef(v)
		if err != nil {
			errs = append(errs, "--target "+err.Error())
			continue
		}
		refs = append(refs, r)
	}
	if len(errs) > 0 {
		return nil, errors.New(strings.Join(errs, "\n"))
	}
	return refs, nil
}
