// Package config emulates AWS Config's organization aggregators (awsJson1_1,
// target prefix StarlingDoveService, signing name "config") on the sandbox
// core: PutConfigurationAggregator, DescribeConfigurationAggregators,
// DeleteConfigurationAggregator; organization conformance packs and
// organization Config rules of AWS managed rules (Put, Describe, Delete,
// Describe...Statuses, Get...DetailedStatus); ListTagsForResource and
// TagResource of all three; DescribeConfigurationRecorders and
// DescribeConfigurationRecorderStatus of the caller's account
// (recorders.go: one named default, recording, unless the noRecorder
// setting names the account).
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
//   - organization packs and rules (orgpacks.go, orgrules.go, deploy.go)
//     are made by the management account or the delegated administrator
//     for config-multiaccountsetup.amazonaws.com, with trusted access for
//     it; each caller sees only its own, in its Region. A Put or Delete
//     deploys to every active account not excluded, and to an account
//     when it joins later, asynchronously: each account is *_IN_PROGRESS
//     for the deploy delay (options.go), then
//     *_SUCCESSFUL, or CREATE/UPDATE_FAILED with
//     NoAvailableConfigurationRecorderException where the account has no
//     configuration recorder (the noRecorder setting, default none); a
//     change while one runs is ResourceInUseException. AWS's validation:
//     pack names [a-zA-Z][-a-zA-Z0-9]* of 1-128, rule names of 1-64, a
//     TemplateBody of 1-51,200 bytes that is a YAML mapping with
//     Resources, a delivery bucket starting with awsconfigconforms, at
//     most 1,000 excluded account IDs, 60 input parameters, 2,048
//     characters of rule parameters; quotas of 50 packs and 150 rules.
//     A member account's failure reads as AWS Config's PutConfigRule does
//     there; wire wordings not known from AWS (the bucket prefix, the
//     template) are the sandbox's own.
//
// Errors are AWS Config's as seen on the wire: HTTP 400 with the
// exception's name as __type; constraint violations are
// ValidationException in AWS's "1 validation error detected" wording.
//
// What it must not touch: the organization, which it reads only through
// organizations.Org; identity, which is the core's. Configuration
// recorders (other than whether an account has one, read-only), the rules and packs
// inside member accounts, templates from S3, custom rules and the data
// an aggregator collects are not emulated.
package config
