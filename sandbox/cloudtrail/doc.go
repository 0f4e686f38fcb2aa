// Package cloudtrail emulates AWS CloudTrail's trails (awsJson1_1, target
// prefix CloudTrail_20131101, or the fully qualified
// com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101 botocore sends;
// signing name "cloudtrail") on the sandbox core: CreateTrail, UpdateTrail,
// DeleteTrail, DescribeTrails, GetTrail, GetTrailStatus, StartLogging,
// StopLogging, AddTags, RemoveTags, ListTags, GetEventSelectors and
// PutEventSelectors.
//
// What it owns: its slice of the state, every trail by ARN (state.go), and
// CloudTrail's rules. Trails are regional: a trail lives in its owner's
// account and home region (the SigV4 scope's region of CreateTrail); a
// multi-region trail shows as a shadow trail in every other region, and an
// organization trail in every account of the organization. CreateTrail
// does not start logging. Updates, logging, selectors and tags change a
// trail only from its home region (InvalidHomeRegionException). Names,
// bucket names, KMS key IDs and ARNs are checked as CloudTrail checks
// them (validate.go); at most five trails exist in a region for an account,
// shadows included. An organization trail needs the management account or
// CloudTrail's delegated administrator, trusted access for
// cloudtrail.amazonaws.com and all features; whoever creates it, the
// management account owns it. Errors are CloudTrail's, HTTP 400;
// throttling is ThrottlingException and the server fault InternalFailure.
//
// There is no S3, SNS, KMS or CloudWatch Logs in the sandbox: a well-formed
// bucket name, topic, key or log group is accepted as if it existed with
// the policies CloudTrail needs, and no log file is ever delivered.
//
// What it must not touch: the organization, which it only reads through
// organizations.Org; identity, which is the core's.
package cloudtrail
