package cloudtrail

import (
	"testing"
)

// TestAWSCLI drives CloudTrail with Debian's AWS CLI, which addresses the
// service by its fully qualified target prefix.
func TestAWSCLI(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	creds := e.SB.Credentials()
	aws := e.CLI(creds.AccessKeyID, creds.SecretAccessKey, "")
	run := func(args ...string) map[string]any {
		t.Helper()
		out, err := aws(args...)
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
	if status := run("cloudtrail", "get-trail-status", "--name", "org-audit"); status["IsLogging"] != false {
		t.Errorf("get-trail-status of a new trail: %v", status)
	}
	run("cloudtrail", "start-logging", "--name", arn)
	if status := run("cloudtrail", "get-trail-status", "--name", "org-audit"); status["IsLogging"] != true || status["StartLoggingTime"] == nil {
		t.Errorf("get-trail-status after start-logging: %v", status)
	}
}
