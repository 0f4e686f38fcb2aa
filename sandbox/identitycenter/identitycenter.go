package identitycenter

import "github.com/orgctl/orgctl/sandbox"

func init() {
	sandbox.RegisterBucket(sandbox.Bucket{
		Name:    "identitycenter",
		Rate:    sandbox.Rate{RPS: 20, Burst: 20},
		Aliases: []string{"sso", "identitystore"},
	})
}
