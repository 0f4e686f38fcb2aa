package cloudtrail

// CloudTrail is the organization trail: one trail, made in the home region
// by the management account, that logs every account of the organization
// to one S3 bucket.
type CloudTrail struct {
	// Name of the trail (3-128 letters, digits, periods, underscores and
	// dashes, starting with a letter or digit).
	Name string `json:"name" jsonschema:"minLength=3,maxLength=128,pattern=^[A-Za-z0-9][A-Za-z0-9._-]*$"`
	// Bucket is the S3 bucket the trail writes to. It must exist (usually
	// in the log-archive account) with a policy that lets CloudTrail
	// write AWSLogs/<management account id>/ and AWSLogs/<organization
	// id>/; orgctl does not create it.
	Bucket string `json:"bucket" jsonschema:"minLength=3,maxLength=63"`
	// KeyPrefix is the prefix of the trail's objects in the bucket.
	KeyPrefix string `json:"keyPrefix,omitempty" jsonschema:"maxLength=200"`
	// KMSKey encrypts the logs: the ARN of a KMS key (not an alias).
	KMSKey string `json:"kmsKey,omitempty"`
	// MultiRegion logs every region, not only the home region. Default true.
	MultiRegion *bool `json:"multiRegion,omitempty"`
	// LogFileValidation writes digest files that prove the logs were not
	// changed. Default true.
	LogFileValidation *bool `json:"logFileValidation,omitempty"`
	// Tags on the trail.
	Tags map[string]string `json:"tags,omitempty"`
}
