package cloudtrail

import (
	"net"
	"regexp"
	"strings"

	"github.com/orgctl/orgctl/sandbox"
)

// Input rules of CreateTrail and UpdateTrail, from the API reference.

var (
	reTrailName = regexp.MustCompile(`^[A-Za-z0-9._-]+$`)
	reTrailArn  = sandbox.NewPattern(`^arn:aws[a-z-]*:cloudtrail:([a-z0-9-]+):(\d{12}):trail/(.+)$`)
	reBucket    = regexp.MustCompile(`^[a-z0-9][a-z0-9.-]*[a-z0-9]$`)
	reKmsKey    = sandbox.NewPattern(`^(alias/[A-Za-z0-9/_-]+|(mrk-)?[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|mrk-[0-9a-f]{32}|arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:(alias/[A-Za-z0-9/_-]+|key/(mrk-)?[0-9a-f-]{32,36}))$`)
	reSnsArn    = sandbox.NewPattern(`^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}$`)
	reSnsName   = sandbox.NewPattern(`^[A-Za-z0-9_-]{1,256}$`)
	reLogGroup  = sandbox.NewPattern(`^arn:aws[a-z-]*:logs:[a-z0-9-]+:\d{12}:log-group:[\w./#-]{1,512}:\*$`)
	reRoleArn   = sandbox.NewPattern(`^arn:aws[a-z-]*:iam::\d{12}:role/[\w+=,.@/-]{1,512}$`)
)

// checkTrailName applies the trail name rules: 3-128 of letters, digits,
// periods, underscores and dashes, starting and ending with a letter or
// digit, no two of .-_ side by side, not an IP address.
func checkTrailName(name string) *sandbox.Error {
	invalid := func(msg string) *sandbox.Error { return ctError("InvalidTrailNameException", "%s", msg) }
	switch {
	case len(name) < 3:
		return invalid("Trail name too short. Minimum allowed length: 3 characters.")
	case len(name) > 128:
		return invalid("Trail name too long. Maximum allowed length: 128 characters.")
	case !reTrailName.MatchString(name):
		return invalid("Trail name or ARN can only contain uppercase letters, lowercase letters, numbers, periods (.), hyphens (-), and underscores (_).")
	case !isAlnum(name[0]):
		return invalid("Trail name must starts with a letter or number.")
	case !isAlnum(name[len(name)-1]):
		return invalid("Trail name must ends with a letter or number.")
	case strings.ContainsAny(name, ".-_") && adjacentPunct(name):
		return invalid("Trail name cannot have adjacent periods, underscores or dashes.")
	case net.ParseIP(name) != nil:
		return invalid("Trail name cannot be formatted as an IP address.")
	}
	return nil
}

func isAlnum(b byte) bool {
	return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9'
}

func adjacentPunct(s string) bool {
	for i := 1; i < len(s); i++ {
		if !isAlnum(s[i]) && !isAlnum(s[i-1]) {
			return true
		}
	}
	return false
}

// checkBucketName applies S3's bucket naming rules. There is no S3 in the
// sandbox: any well-formed name is accepted, as if the bucket existed with
// the policy CloudTrail needs.
func checkBucketName(name string) *sandbox.Error {
	invalid := func(msg string) *sandbox.Error { return ctError("InvalidS3BucketNameException", "%s", msg) }
	switch {
	case len(name) < 3 || len(name) > 63:
		return invalid("Bucket name should be between 3 and 63 characters long.")
	case !reBucket.MatchString(name):
		return invalid("Bucket name should contain only lowercase letters, numbers, periods and hyphens, and begin and end with a letter or number.")
	case strings.Contains(name, ".."):
		return invalid("Bucket name should not contain two adjacent periods.")
	case net.ParseIP(name) != nil:
		return invalid("Bucket name should not be formatted as an IP address.")
	case strings.HasPrefix(name, "xn--") || strings.HasSuffix(name, "-s3alias") || strings.HasSuffix(name, "--ol-s3"):
		return invalid("Bucket name should not use a reserved prefix or suffix.")
	}
	return nil
}

// trailSettings are the members CreateTrail and UpdateTrail share.
type trailSettings struct {
	S3BucketName               *string `json:"S3BucketName"`
	S3KeyPrefix                *string `json:"S3KeyPrefix"`
	SnsTopicName               *string `json:"SnsTopicName"`
	IncludeGlobalServiceEvents *bool   `json:"IncludeGlobalServiceEvents"`
	IsMultiRegionTrail         *bool   `json:"IsMultiRegionTrail"`
	EnableLogFileValidation    *bool   `json:"EnableLogFileValidation"`
	CloudWatchLogsLogGroupArn  *string `json:"CloudWatchLogsLogGroupArn"`
	CloudWatchLogsRoleArn      *string `json:"CloudWatchLogsRoleArn"`
	KmsKeyId                   *string `json:"KmsKeyId"`
	IsOrganizationTrail        *bool   `json:"IsOrganizationTrail"`
}

// check validates the members given.
func (s *trailSettings) check() *sandbox.Error {
	if s.S3BucketName != nil {
		if e := checkBucketName(*s.S3BucketName); e != nil {
			return e
		}
	}
	if s.S3KeyPrefix != nil && len(*s.S3KeyPrefix) > 200 {
		return ctError("InvalidS3PrefixException", "S3 key prefix must be at most 200 characters.")
	}
	if s.SnsTopicName != nil && *s.SnsTopicName != "" && !reSnsName.MatchString(*s.SnsTopicName) && !reSnsArn.MatchString(*s.SnsTopicName) {
		return ctError("InvalidSnsTopicNameException", "SNS topic name %s is invalid.", *s.SnsTopicName)
	}
	if s.KmsKeyId != nil && *s.KmsKeyId != "" && !reKmsKey.MatchString(*s.KmsKeyId) {
		return ctError("InvalidKmsKeyIdException", "Invalid KmsKeyId %s", *s.KmsKeyId)
	}
	if s.CloudWatchLogsLogGroupArn != nil && *s.CloudWatchLogsLogGroupArn != "" && !reLogGroup.MatchString(*s.CloudWatchLogsLogGroupArn) {
		return ctError("InvalidCloudWatchLogsLogGroupArnException", "CloudWatch Logs log group ARN %s is invalid.", *s.CloudWatchLogsLogGroupArn)
	}
	if s.CloudWatchLogsRoleArn != nil && *s.CloudWatchLogsRoleArn != "" && !reRoleArn.MatchString(*s.CloudWatchLogsRoleArn) {
		return ctError("InvalidCloudWatchLogsRoleArnException", "CloudWatch Logs role ARN %s is invalid.", *s.CloudWatchLogsRoleArn)
	}
	return nil
}

// apply sets the members given on t.
func (s *trailSettings) apply(t *trail) {
	set := func(dst *string, v *string) {
		if v != nil {
			*dst = *v
		}
	}
	setBool := func(dst *bool, v *bool) {
		if v != nil {
			*dst = *v
		}
	}
	set(&t.S3BucketName, s.S3BucketName)
	set(&t.S3KeyPrefix, s.S3KeyPrefix)
	set(&t.SnsTopicName, s.SnsTopicName)
	set(&t.KmsKeyID, s.KmsKeyId)
	set(&t.LogGroupArn, s.CloudWatchLogsLogGroupArn)
	set(&t.LogRoleArn, s.CloudWatchLogsRoleArn)
	setBool(&t.IncludeGlobal, s.IncludeGlobalServiceEvents)
	setBool(&t.MultiRegion, s.IsMultiRegionTrail)
	setBool(&t.LogValidation, s.EnableLogFileValidation)
	setBool(&t.Organization, s.IsOrganizationTrail)
}

// checkCombination applies the rules between members, on the trail as it
// would be.
func checkCombination(t *trail) *sandbox.Error {
	switch {
	case t.MultiRegion && !t.IncludeGlobal:
		return ctError("InvalidParameterCombinationException", "Multi-Region trail must include global service events.")
	case t.LogRoleArn != "" && t.LogGroupArn == "":
		return ctError("InvalidCloudWatchLogsLogGroupArnException", "You must specify a log group ARN with a CloudWatch Logs role ARN.")
	case t.LogGroupArn != "" && t.LogRoleArn == "":
		return ctError("InvalidCloudWatchLogsRoleArnException", "You must specify a CloudWatch Logs role ARN with a log group ARN.")
	}
	return nil
}
