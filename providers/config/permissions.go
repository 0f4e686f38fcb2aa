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
		// AWS Config checks the caller is the delegated administrator, and
		// passes the aggregator's role to itself.
		Implied: map[string][]providers.Implied{
			"config:PutConfigurationAggregator": {
				{Action: "organizations:ListDelegatedAdministrators", Resource: "*"},
				{Action: "organizations:DescribeOrganization", Resource: "*"},
				{Action: "organizations:ListAWSServiceAccessForOrganization", Resource: "*"},
				{Action: "iam:PassRole", Resource: "arn:aws:iam::*:role/*",
					Condition: map[string]map[string]string{"StringEquals": {"iam:PassedToService": "config.amazonaws.com"}}},
				{Action: "config:TagResource", Resource: "*"},
			},
		},
	},
}
