// Package config emulates AWS Config's organization aggregators (awsJson1_1,
// target prefix StarlingDoveService, signing name "config") on the sandbox
// core: PutConfigurationAggregator, DescribeConfigurationAggregators,
// DeleteConfigurationAggregator, and ListTagsForResource of aggregators.
//
// What it owns: its slice of the state (state.go), the aggregators of each
// account and region; its setting, the IAM roles AWS Config may assume
// (options.go); and AWS Config's rules:
//   - an aggregator's source is the organization (the sandbox emulates no
//     account sources): only the management account or the registered
//     delegated administrator for config.amazonaws.com makes one, in an
//     organization with all features, and a delegated administrator only
//     with trusted access for config.amazonaws.com (the management account
//     would enable it itself; the sandbox cannot, and refuses as AWS does
//     when that call is denied);
//   - its RoleArn names an IAM role that exists and that AWS Config may
//     assume, else InvalidRoleException; AllAwsRegions or AwsRegions (of
//     AWS Config's Regions), not both, not neither;
//   - tags are taken at creation only (TagResource is not emulated);
//   - names are [\w\-]{1,256}; 50 aggregators an account and region;
//     Describe takes at most 10 names and a Limit of 0 to 10.
//
// Errors are AWS Config's as seen on the wire: HTTP 400 with the
// exception's name as __type; constraint violations are
// ValidationException in AWS's "1 validation error detected" wording.
//
// What it must not touch: the organization, which it reads only through
// organizations.Org; identity, which is the core's. Configuration
// recorders, rules, conformance packs and the data an aggregator collects
// are not emulated.
package config
