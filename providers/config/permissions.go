package config

import (
	"github.com/orgctl/orgctl/engine"
	"github.com/orgctl/orgctl/providers"
	cfg "github.com/orgctl/orgctl/services/config"
)

// Service declares the provider to the catalogue. The IAM actions are
// kept here, next to the code that makes the requests:
// TestPermissionsCoverCalls fails on a call not declared, or declared and
// no longer made.
var Service = providers.Service{
	Name: cfg.Name,
	New:  func(env providers.Env) engine.Provider { return New(env) },
	Permissions: providers.Permissions{
		Read: []string{
			"organizations:ListDelegatedAdministrators",
			"config:DescribeConfigurationAggregators",
			"config:ListTagsForResource",
		},
		Write: []string{
			"config:PutConfigurationAggregator",
			"config:DeleteConfigurationAggregator",
		},
		// As the administrator, through settings.crossAccountRole.
		CrossAccount: []string{
			"config:DescribeConfigurationAggregators",
			"config:ListTagsForResource",
			"config:PutConfigurationAggregator",
			"config:DeleteConfigurationAggregator",
		},
		// AWS Config also checks the administrator's permissions for what
		// it does on its behalf (organizations:ListDelegatedAdministrators,
		// DescribeOrganization, ListAWSServiceAccessForOrganization;
		// iam:PassRole of the aggregator's role to config.amazonaws.com;
		// config:TagResource at creation). Implied cannot yet name actions
		// of the cross-account role: `orgctl iam-policy` prints only those
		// of the management identity.
	},
}
