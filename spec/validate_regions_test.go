package spec

import "testing"

// Regions are checked against AWS's list (facts.Regions), not their shape.
func TestRegions(t *testing.T) {
	runLoadCases(t, []loadCase{
		{
			name:  "a home region AWS does not have",
			files: root("version: 1", "settings:", "  homeRegion: us-east-7"),
			want: []want{{summary: `settings.homeRegion: "us-east-7" is not an AWS region`, file: "org.yaml", line: 3, col: 15,
				detail: `Did you mean "us-east-1"?`}},
		},
		{
			name:  "a misspelt region",
			files: root("version: 1", "settings:", "  regions: [us-east-1, eu-wset-1]"),
			want:  []want{{summary: `settings.regions[1]: "eu-wset-1" is not an AWS region`, line: 3, col: 24, detail: `Did you mean "eu-west-1"?`}},
		},
		{
			name:  "upper case",
			files: root("version: 1", "settings:", "  regions: [AP-SOUTHEAST-2]"),
			want:  []want{{summary: `"AP-SOUTHEAST-2" is not an AWS region`, line: 3, detail: `Did you mean "ap-southeast-2"?`}},
		},
		{
			name:  "a region of another partition than the home region",
			files: root("version: 1", "settings:", "  homeRegion: cn-north-1", "  regions: [cn-north-1, eu-west-1]"),
			want: []want{{summary: "settings.regions: eu-west-1 is in partition aws, the home region cn-north-1 in aws-cn", line: 4, col: 25,
				detail: "list Regions of aws-cn"}},
		},
		{
			name:  "opt-in, GovCloud and sovereign regions are AWS's",
			files: root("version: 1", "settings:", "  homeRegion: eu-south-1", "  regions: [eu-south-1, eu-central-2, me-central-1]"),
		},
		{
			name:  "GovCloud",
			files: root("version: 1", "settings:", "  homeRegion: us-gov-west-1", "  regions: [us-gov-west-1, us-gov-east-1]"),
		},
		{
			name:  "European Sovereign Cloud",
			files: root("version: 1", "settings:", "  homeRegion: eusc-de-east-1"),
		},
	})
}
