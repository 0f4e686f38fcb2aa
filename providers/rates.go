package providers

import (
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	"github.com/orgctl/orgctl/facts"
)

// OrganizationsRate is the pace of every client of Organizations, whichever
// provider holds it: they share one bucket per operation and one for the
// service. Each operation keeps to the bucket AWS publishes for it; over
// them all, 10 requests a second with a burst of 20 is assumed, as AWS
// publishes no rate for the service as a whole. AWS also refuses requests
// while too many are in progress ("another request is already in
// progress"), at a number it does not publish: the in-flight bound starts
// at 8 and adapts to throttling (awsapi.Adaptive); the Organizations
// provider bounds its own requests by the same number.
var OrganizationsRate = Rate{RPS: 10, Burst: 20, InFlight: 8, Ops: organizationsOps()}

func organizationsOps() map[string]Rate {
	ops := map[string]Rate{}
	for op, t := range facts.OrganizationsThrottles {
		ops[op] = Rate{RPS: t.RPS, Burst: t.Burst}
	}
	return ops
}

// PaceOrganizations is the client option that paces a client of
// Organizations with every other of the run: the shared buckets and
// in-flight bound, at OrganizationsRate unless Rates say otherwise.
func (e Env) PaceOrganizations(o *organizations.Options) {
	o.APIOptions = append(o.APIOptions, e.Limiters.Middleware("organizations", o.Region, e.RateFor("organizations", OrganizationsRate)))
}
