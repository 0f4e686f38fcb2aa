package fms

import (
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/fms"
)

// TestAWSCLIPolicies lists and reads a policy with Debian's AWS CLI, as
// Firewall Manager's administrator.
func TestAWSCLIPolicies(t *testing.T) {
	t.Parallel()
	e, _, security, _, _ := withAdmin(t)
	e.Clock.Advance(time.Minute)
	if _, err := client(e, security, homeRegion).PutPolicy(e.Ctx, &fms.PutPolicyInput{Policy: wafPolicy("waf")}); err != nil {
		t.Fatal(err)
	}
	creds, err := security.Retrieve(e.Ctx)
	if err != nil {
		t.Fatal(err)
	}
	cli := e.CLI(creds.AccessKeyID, creds.SecretAccessKey, creds.SessionToken)
	list, _ := cli.Must("fms", "list-policies")["PolicyList"].([]any)
	if len(list) != 1 {
		t.Fatalf("fms list-policies: %v", list)
	}
	p := list[0].(map[string]any)
	if p["PolicyName"] != "waf" || p["SecurityServiceType"] != "WAFV2" {
		t.Errorf("fms list-policies: %v", p)
	}
	got, _ := cli.Must("fms", "get-policy", "--policy-id", p["PolicyId"].(string))["Policy"].(map[string]any)
	if got["PolicyUpdateToken"] == nil || got["RemediationEnabled"] != false {
		t.Errorf("fms get-policy: %v", got)
	}
	if _, err := e.AdminCLI().Run("fms", "list-policies"); err == nil {
		t.Error("fms list-policies as the management account succeeded")
	}
}
