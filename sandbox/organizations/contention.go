package organizations

import (
	"encoding/json"
	"net/http"

	"github.com/orgctl/orgctl/sandbox"
)

// entityMembers are, for the writes that AWS serialises per entity, the
// input member naming the entity: attachments of one target (parallel
// AttachPolicy calls on one root fail with ConcurrentModificationException,
// pepperize/cdk-organizations#447), OUs created under one parent
// (awslabs/aws-deployment-framework#180), a policy's content
// (aws-solutions/aws-control-tower-customizations#175), an account being
// moved or registered as a delegated administrator
// (awslabs/landing-zone-accelerator-on-aws#370), a resource being tagged.
var entityMembers = map[string]string{
	"AttachPolicy":                     "TargetId",
	"DetachPolicy":                     "TargetId",
	"CreateOrganizationalUnit":         "ParentId",
	"UpdatePolicy":                     "PolicyId",
	"DeletePolicy":                     "PolicyId",
	"MoveAccount":                      "AccountId",
	"RegisterDelegatedAdministrator":   "AccountId",
	"DeregisterDelegatedAdministrator": "AccountId",
	"TagResource":                      "ResourceId",
	"UntagResource":                    "ResourceId",
}

// entities names the entity a write changes (sandbox.Service.Entities);
// malformed input names none, and is the operation's to report.
func entities(op string, body []byte) []string {
	m, ok := entityMembers[op]
	if !ok {
		return nil
	}
	var in map[string]any
	_ = json.Unmarshal(body, &in)
	if id, _ := in[m].(string); id != "" {
		return []string{id}
	}
	return nil
}

// busy is what AWS answers a request made while the caller has too many in
// progress: TooManyRequestsException, with HTTP 400 as for the rate.
func busy() *sandbox.Error {
	return &sandbox.Error{Status: http.StatusBadRequest, Code: "TooManyRequestsException",
		Message: "AWS Organizations can't complete your request because another request is already in progress. Try again later."}
}

// maxInFlight is how many requests one caller may have in progress at
// once under --rate aws. AWS publishes no number; it answers "another
// request is already in progress" to clients running a few in parallel
// (aws/aws-sdk-js#2135, org-formation/org-formation-cli#280), so a small
// one is assumed.
const maxInFlight = 4
