package auditmanager

import "github.com/orgctl/orgctl/services/regional"

// Availability is where AWS offers Audit Manager: the Regions of
// auditmanager's endpoints in AWS's endpoint metadata (botocore
// data/endpoints.json, service "auditmanager", as of 1.43), the same as
// "AWS Audit Manager endpoints and quotas" in the AWS General Reference.
// Peers learn it halfway through a deployment (Landing Zone Accelerator
// #416: eu-west-3 times out).
var Availability = regional.Availability{
	Service: "AWS Audit Manager",
	Only: []string{
		"us-east-1", "us-east-2", "us-west-1", "us-west-2",
		"ap-south-1", "ap-southeast-1", "ap-southeast-2", "ap-northeast-1",
		"ca-central-1", "eu-central-1", "eu-west-1", "eu-west-2",
	},
}
