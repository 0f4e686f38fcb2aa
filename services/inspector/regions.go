package inspector

import "github.com/orgctl/orgctl/services/regional"

// Availability is where AWS offers Amazon Inspector: the Regions of
// inspector2's endpoints in AWS's endpoint metadata (botocore
// data/endpoints.json, service "inspector2", as of 1.43), which match
// "Amazon Inspector endpoints and quotas" in the AWS General Reference.
// Of the commercial Regions only ap-southeast-6 lacks it.
var Availability = regional.Availability{
	Service: "Amazon Inspector",
	Only: []string{
		"us-east-1", "us-east-2", "us-west-1", "us-west-2",
		"af-south-1", "ap-east-1", "ap-east-2", "ap-northeast-1", "ap-northeast-2", "ap-northeast-3",
		"ap-south-1", "ap-south-2", "ap-southeast-1", "ap-southeast-2", "ap-southeast-3", "ap-southeast-4",
		"ap-southeast-5", "ap-southeast-7", "ca-central-1", "ca-west-1", "eu-central-1", "eu-central-2",
		"eu-north-1", "eu-south-1", "eu-south-2", "eu-west-1", "eu-west-2", "eu-west-3", "il-central-1",
		"me-central-1", "me-south-1", "mx-central-1", "sa-east-1",
		"cn-north-1", "cn-northwest-1", "us-gov-east-1", "us-gov-west-1",
	},
}

// ScanAvailability says where a scan type is offered, for those AWS does
// not offer wherever Inspector is.
//
// Lambda code scanning: the Regions of "Regional feature availability" in
// the Amazon Inspector User Guide (Regions and endpoints), as AWS Config's
// managed rule inspector-lambda-code-scan-enabled lists them ("Only
// available in" these ten Regions). A spec that asks for it elsewhere
// would fail halfway through an apply, after other Regions changed.
var ScanAvailability = map[string]regional.Availability{
	"LAMBDA_CODE": {
		Service: "Amazon Inspector Lambda code scanning",
		Only: []string{
			"us-east-1", "us-east-2", "us-west-2", "eu-west-1", "eu-west-2", "eu-central-1",
			"eu-north-1", "ap-northeast-1", "ap-southeast-1", "ap-southeast-2",
		},
	},
}
