// Package cloudtrail is the provider of the organization trail: made in
// the home region by the management account, logging every account of the
// organization. CreateTrail does not start logging, so a trail is only
// done once StartLogging has run; a trail that stops logging is drift.
//
// Calls, all from the management account in the home region:
// DescribeTrails, GetTrailStatus, ListTags; CreateTrail, UpdateTrail,
// StartLogging, AddTags, RemoveTags, DeleteTrail.
//
// It keeps no state between Read and Apply and imports no other provider.
package cloudtrail

import (
	"github.com/aws/aws-sdk-go-v2/service/cloudtrail"

	"github.com/orgctl/orgctl/engine"
	"github.com/orgctl/orgctl/providers"
	"github.com/orgctl/orgctl/providers/internal/awsapi"
	ct "github.com/orgctl/orgctl/services/cloudtrail"
)

// Name of the provider, and the signing name of its service.
const Name = "cloudtrail"

// CloudTrail's control-plane operations allow a few requests a second.
var defaultRate = providers.Rate{RPS: 5, Burst: 5}

// Provider reads and changes the organization trail.
type Provider struct {
	api *cloudtrail.Client
}

// New returns the provider of env's management account, in the home region.
func New(env providers.Env) *Provider {
	cfg := env.Sessions.Management(env.Settings.HomeRegion)
	limiters := env.Limiters
	if limiters == nil {
		limiters = &providers.Limiters{}
	}
	rate := limiters.Middleware(Name, cfg.Region, env.RateFor(Name, defaultRate))
	return &Provider{api: cloudtrail.NewFromConfig(cfg, func(o *cloudtrail.Options) {
		o.APIOptions = append(o.APIOptions, awsapi.Bound(4), rate)
	})}
}

// Name implements engine.Provider.
func (p *Provider) Name() string { return Name }

// Kinds implements engine.Provider.
func (p *Provider) Kinds() []engine.Kind { return []engine.Kind{ct.KindTrail} }

var errs = awsapi.Errors{Hints: map[string]string{
	"CloudTrailAccessNotEnabledException":                    "trusted access for cloudtrail.amazonaws.com is not enabled; orgctl enables it first, so rerun apply",
	"InsufficientS3BucketPolicyException":                    "the bucket's policy must let cloudtrail.amazonaws.com write AWSLogs/<management account id>/ and AWSLogs/<organization id>/",
	"S3BucketDoesNotExistException":                          "create the bucket (usually in the log-archive account) before the trail; orgctl does not create it",
	"InsufficientEncryptionPolicyException":                  "the KMS key's policy must let cloudtrail.amazonaws.com use it",
	"NotOrganizationMasterAccountException":                  "organization trails are made by the management account",
	"InsufficientDependencyServiceAccessPermissionException": "the credentials need organizations:ListAWSServiceAccessForOrganization and iam:CreateServiceLinkedRole",
}}

func apiError(op string, err error) error { return errs.Wrap(op, err) }
