package facts

import (
	"regexp"
	"testing"
)

// partitionRegions are the SDK's patterns for each partition's Regions.
var partitionRegions = map[string]*regexp.Regexp{
	"aws":        regexp.MustCompile(`^(us|eu|ap|sa|ca|me|af|il|mx)-\w+-\d+$`),
	"aws-cn":     regexp.MustCompile(`^cn-\w+-\d+$`),
	"aws-us-gov": regexp.MustCompile(`^us-gov-\w+-\d+$`),
	"aws-eusc":   regexp.MustCompile(`^eusc-(de)-\w+-\d+$`),
	"aws-iso":    regexp.MustCompile(`^us-iso-\w+-\d+$`),
	"aws-iso-b":  regexp.MustCompile(`^us-isob-\w+-\d+$`),
	"aws-iso-e":  regexp.MustCompile(`^eu-isoe-\w+-\d+$`),
	"aws-iso-f":  regexp.MustCompile(`^us-isof-\w+-\d+$`),
}

func TestRegions(t *testing.T) {
	seen := map[string]bool{}
	defaults := 0
	for _, r := range Regions {
		if seen[r.Code] {
			t.Errorf("%s listed twice", r.Code)
		}
		seen[r.Code] = true
		re := partitionRegions[r.Partition]
		if re == nil || !re.MatchString(r.Code) {
			t.Errorf("%s is not a Region of partition %q", r.Code, r.Partition)
		}
		if r.OptIn && r.Partition != "aws" {
			t.Errorf("%s: only the aws partition has opt-in Regions", r.Code)
		}
		if r.Partition == "aws" && !r.OptIn {
			defaults++
		}
	}
	// AWS enables by default the 17 Regions it opened before 20 March 2019.
	if defaults != 17 {
		t.Errorf("%d Regions enabled by default, want 17", defaults)
	}
	if r, ok := LookupRegion("eu-south-1"); !ok || !r.OptIn {
		t.Errorf("LookupRegion(eu-south-1) = %+v, %v; want an opt-in Region", r, ok)
	}
	if _, ok := LookupRegion("us-east-7"); ok {
		t.Error("LookupRegion found us-east-7")
	}
}
