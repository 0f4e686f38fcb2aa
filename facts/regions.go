package facts

// Region is an AWS Region orgctl knows.
type Region struct {
	// Code is the Region's name in APIs: eu-west-1.
	Code string
	// Partition is the AWS partition it belongs to: aws, aws-cn,
	// aws-us-gov, aws-eusc, aws-iso*. One organization lives in one.
	Partition string
	// OptIn is set for the Regions AWS launched after 20 March 2019,
	// which an account uses only once the Region is enabled in it.
	OptIn bool
}

// Regions lists AWS's Regions, from the SDK's partition table
// (aws-sdk-go-v2 internal/endpoints/awsrulesfn/partitions.json) and, for
// which are opt-in, AWS Account Management's "Enable or disable AWS
// Regions in your account". A Region AWS opens later is refused until it
// is added here.
var Regions = []Region{
	{Code: "us-east-1", Partition: "aws"},
	{Code: "us-east-2", Partition: "aws"},
	{Code: "us-west-1", Partition: "aws"},
	{Code: "us-west-2", Partition: "aws"},
	{Code: "af-south-1", Partition: "aws", OptIn: true},
	{Code: "ap-east-1", Partition: "aws", OptIn: true},
	{Code: "ap-east-2", Partition: "aws", OptIn: true},
	{Code: "ap-northeast-1", Partition: "aws"},
	{Code: "ap-northeast-2", Partition: "aws"},
	{Code: "ap-northeast-3", Partition: "aws"},
	{Code: "ap-south-1", Partition: "aws"},
	{Code: "ap-south-2", Partition: "aws", OptIn: true},
	{Code: "ap-southeast-1", Partition: "aws"},
	{Code: "ap-southeast-2", Partition: "aws"},
	{Code: "ap-southeast-3", Partition: "aws", OptIn: true},
	{Code: "ap-southeast-4", Partition: "aws", OptIn: true},
	{Code: "ap-southeast-5", Partition: "aws", OptIn: true},
	{Code: "ap-southeast-6", Partition: "aws", OptIn: true},
	{Code: "ap-southeast-7", Partition: "aws", OptIn: true},
	{Code: "ca-central-1", Partition: "aws"},
	{Code: "ca-west-1", Partition: "aws", OptIn: true},
	{Code: "eu-central-1", Partition: "aws"},
	{Code: "eu-central-2", Partition: "aws", OptIn: true},
	{Code: "eu-north-1", Partition: "aws"},
	{Code: "eu-south-1", Partition: "aws", OptIn: true},
	{Code: "eu-south-2", Partition: "aws", OptIn: true},
	{Code: "eu-west-1", Partition: "aws"},
	{Code: "eu-west-2", Partition: "aws"},
	{Code: "eu-west-3", Partition: "aws"},
	{Code: "il-central-1", Partition: "aws", OptIn: true},
	{Code: "me-central-1", Partition: "aws", OptIn: true},
	{Code: "me-south-1", Partition: "aws", OptIn: true},
	{Code: "me-west-1", Partition: "aws", OptIn: true},
	{Code: "mx-central-1", Partition: "aws", OptIn: true},
	{Code: "sa-east-1", Partition: "aws"},
	{Code: "sa-west-1", Partition: "aws", OptIn: true},
	{Code: "cn-north-1", Partition: "aws-cn"},
	{Code: "cn-northwest-1", Partition: "aws-cn"},
	{Code: "us-gov-east-1", Partition: "aws-us-gov"},
	{Code: "us-gov-west-1", Partition: "aws-us-gov"},
	{Code: "eusc-de-east-1", Partition: "aws-eusc"},
	{Code: "us-iso-east-1", Partition: "aws-iso"},
	{Code: "us-iso-west-1", Partition: "aws-iso"},
	{Code: "us-isob-east-1", Partition: "aws-iso-b"},
	{Code: "us-isob-west-1", Partition: "aws-iso-b"},
	{Code: "eu-isoe-west-1", Partition: "aws-iso-e"},
	{Code: "us-isof-east-1", Partition: "aws-iso-f"},
	{Code: "us-isof-south-1", Partition: "aws-iso-f"},
}

// LookupRegion finds a Region by its code.
func LookupRegion(code string) (Region, bool) {
	for _, r := range Regions {
		if r.Code == code {
			return r, true
		}
	}
	return Region{}, false
}

// RegionCodes lists the codes of Regions, in the table's order.
func RegionCodes() []string {
	out := make([]string, len(Regions))
	for i, r := range Regions {
		out[i] = r.Code
	}
	return out
}
