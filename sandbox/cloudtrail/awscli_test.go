package cloudtrail

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudtrail"
)

// TestAWSCLI drives CloudTrail with Debian's AWS CLI, which addresses the
// service by its fully qualified target prefix.
func TestAWSCLI(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	creds := e.SB.Credentials()
	cli := e.CLI(creds.AccessKeyID, creds.SecretAccessKey, "")
	run := func(args ...string) map[string]any {
		t.Helper()
		out, err := cli(args...)
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	created := run("cloudtrail", "create-trail", "--name", "org-audit", "--s3-bucket-name", "audit-logs-bucket",
		"--is-multi-region-trail", "--enable-log-file-validation")
	arn := "arn:aws:cloudtrail:us-east-1:" + e.SB.ManagementAccountID() + ":trail/org-audit"
	if created["TrailARN"] != arn || created["IsMultiRegionTrail"] != true || created["LogFileValidationEnabled"] != true {
		t.Errorf("create-trail: %v", created)
	}
	trails := run("cloudtrail", "describe-trails")["trailList"].([]any)
	if len(trails) != 1 || trails[0].(map[string]any)["TrailARN"] != arn || trails[0].(map[string]any)["HomeRegion"] != "us-east-1" {
		t.Errorf("describe-trails: %v", trails)
	}
	if _, err := e.trails(e.Admin(), "us-east-1").StartLogging(e.Ctx, &cloudtrail.StartLoggingInput{Name: aws.String(arn)}); err != nil {
		t.Fatal(err)
	}
	if status := run("cloudtrail", "get-trail-status", "--name", "org-audit"); status["IsLogging"] != true || status["StartLoggingTime"] == nil {
		t.Errorf("get-trail-status after start-logging: %v", status)
	}
}
