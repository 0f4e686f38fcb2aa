package cloudtrail

import (
	"regexp"
	"strings"

	"github.com/orgctl/orgctl/spec"
)

var (
	// trailName is CloudTrail's rule for trail names (InvalidTrailName),
	// 3-128 characters. Lengths are checked apart: a counted repetition
	// compiles to a large program at every start of orgctl.
	trailName = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]+$`)
	// bucketName is S3's rule for bucket names, 3-63 characters.
	bucketName = regexp.MustCompile(`^[a-z0-9][a-z0-9.-]*[a-z0-9]$`)
	// kmsKey is a KMS key ARN: CloudTrail reports the key as its ARN
	// whatever it was given, so the spec gives that, or every plan would
	// show a change.
	kmsKey = regexp.MustCompile(`^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key/[A-Za-z0-9-]+$`)
)

// check validates cloudTrail.
func check(_ *spec.Spec, v any, r *spec.Reporter) {
	ct := v.(*CloudTrail)
	switch {
	case ct.Name == "":
		r.Errorf(Path, "Give the trail a name, such as org-trail.", "cloudTrail.name is missing")
	case len(ct.Name) < 3 || len(ct.Name) > 128 || !trailName.MatchString(ct.Name) || hasAdjacent(ct.Name):
		r.Errorf(Path+".name", "Trail names are 3-128 letters, digits, periods, underscores and dashes, start with a letter or digit, and have no two of . _ - side by side.",
			"cloudTrail.name %q is not a valid trail name", ct.Name)
	}
	switch {
	case ct.Bucket == "":
		r.Errorf(Path, "Name the S3 bucket the trail writes to (it must exist; orgctl does not create it).", "cloudTrail.bucket is missing")
	case len(ct.Bucket) < 3 || len(ct.Bucket) > 63 || !bucketName.MatchString(ct.Bucket) || strings.Contains(ct.Bucket, ".."):
		r.Errorf(Path+".bucket", "S3 bucket names are 3-63 lower-case letters, digits, dots and hyphens, starting and ending with a letter or digit.",
			"cloudTrail.bucket %q is not a valid S3 bucket name", ct.Bucket)
	}
	if ct.KMSKey != "" && !kmsKey.MatchString(ct.KMSKey) {
		r.Errorf(Path+".kmsKey", "Give the key's ARN, arn:aws:kms:REGION:ACCOUNT:key/ID: CloudTrail reports the key by its ARN whatever it was given.",
			"cloudTrail.kmsKey %q is not a KMS key", ct.KMSKey)
	}
	if strings.HasPrefix(ct.KeyPrefix, "/") || strings.HasSuffix(ct.KeyPrefix, "/") {
		r.Errorf(Path+".keyPrefix", "Write the prefix without a leading or trailing slash; CloudTrail adds them.", "cloudTrail.keyPrefix %q starts or ends with /", ct.KeyPrefix)
	}
	r.Tags("the trail", Path+".tags", ct.Tags)
}

// hasAdjacent reports two of . _ - side by side, which CloudTrail refuses.
func hasAdjacent(name string) bool {
	for i := 1; i < len(name); i++ {
		if strings.ContainsRune("._-", rune(name[i])) && strings.ContainsRune("._-", rune(name[i-1])) {
			return true
		}
	}
	return false
}
