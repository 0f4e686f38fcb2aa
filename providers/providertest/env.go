package providertest

import (
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/orgctl/orgctl/providers"
	"github.com/orgctl/orgctl/providers/awsconfig"
	"github.com/orgctl/orgctl/providers/internal/awsapi"
)

// Env is a provider Env for tests against a sandbox served at cfg's
// endpoint: polls every 10 ms, no client-side rate limit (the sandbox of
// most tests has none), and sessions that assume the cross-account role
// as against AWS.
func Env(cfg aws.Config, s providers.Settings) providers.Env {
	if s.HomeRegion == "" {
		s.HomeRegion = cfg.Region
	}
	if len(s.Regions) == 0 {
		s.Regions = []string{s.HomeRegion}
	}
	return providers.Env{
		Sessions: awsconfig.NewSessions(cfg, awsconfig.SessionOptions{Role: s.CrossAccountRole, ExternalID: s.CrossAccountExternalID}),
		Settings: s,
		Poll:     10 * time.Millisecond,
		Rates:    map[string]providers.Rate{"*": {}},
		Limiters: &awsapi.Limiters{},
	}
}
