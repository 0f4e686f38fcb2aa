package cloudtrail

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudtrail"

	"github.com/orgctl/orgctl/sandbox/internal/sandboxtest"
)

// TestAWSCLI drives CloudTrail with Debian's AWS CLI, which addresses the
// service by its fully qualified target prefix.
func TestAWSCLI(t *testing.T) {
	t.Parallel()
	e := sandboxtest.New(t)
	run := e.AdminCLI().Must
	created := run("cloudtrail", "create-trail", "--name", "org-audit", "--s3-bucket-name", "audit-logs-bucket",
		"--is-multi-region-trail", "--enable-log-file-validation")
	arn := "arn:aws:cloudtrail:us-east-1:" + e.SB.ManagementAccountID() + ":trail/org-audit"
	if created["TrailARN"] != arn || created["IsMultiRegionTrail"] != true || created["LogFileValidationEnabled"] != true {
		t.Errorf("create-trail: %v", created)
	}
	list := run("cloudtrail", "describe-trails")["trailList"].([]any)
	if len(list) != 1 || list[0].(map[string]any)["TrailARN"] != arn || list[0].(map[string]any)["HomeRegion"] != "us-east-1" {
		t.Errorf("describe-trails: %v", list)
	}
	if _, err := trails(e, e.Admin(), "us-east-1").StartLogging(e.Ctx, &cloudtrail.StartLoggingInput{Name: aws.String(arn)}); err != nil {
		t.Fatal(err)
	}
	if status := run("cloudtrail", "get-trail-status", "--name", "org-audit"); status["IsLogging"] != true || status["StartLoggingTime"] == nil {
		t.Errorf("get-trail-status after start-logging: %v", status)
	}
}
