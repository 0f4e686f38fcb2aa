package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/account"
	"github.com/aws/aws-sdk-go-v2/service/account/types"
	"github.com/aws/aws-sdk-go-v2/service/guardduty"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	"github.com/aws/aws-sdk-go-v2/service/sts"
)

// optInSpec governs GuardDuty in us-east-1 and the opt-in ap-east-2, from
// the security account; without security, it only makes the accounts.
func optInSpec(withSecurity bool) string {
	s := `version: 1
settings:
  homeRegion: us-east-1
  regions: [us-east-1, ap-east-2]
accounts:
  - {name: security, email: aws+security@optin.example}
`
	if withSecurity {
		s += `security:
  admin: security
  guardDuty: {members: all}
`
	}
	return s
}

// TestE2EOptInRegion: GuardDuty in an opt-in Region the security account
// has not enabled is refused at plan, naming the Region and the account
// at security.admin's line, and nothing is applied; once the account has
// enabled it (EnableRegion, then ENABLING until ENABLED), plan and apply
// go through, and the AWS CLI sees the administrator there. Account
// Management's reads, which the least-privilege scenario's Regions never
// need, are checked here against iam-policy.
func TestE2EOptInRegion(t *testing.T) {
	awsCLI(t)
	t.Parallel()
	dir := t.TempDir()
	srv := serve(t, filepath.Join(dir, "sandbox.json"), "--create-delay", "100ms",
		"--set", "guardduty.adminSettleDelay=0s", "--set", "account.enableDelay=2s")
	ep := func(args ...string) []string { return append([]string{"--endpoint-url", srv.url}, args...) }
	// Every action a plan or an apply uses must be one iam-policy grants.
	planPolicy, applyPolicy := printedActions(t, "plan"), printedActions(t, "apply")
	planUsed := map[string]bool{}
	run := func(t *testing.T, env []string, args ...string) result {
		t.Helper()
		before := srv.calls(t)
		r := run(t, env, args...)
		policy := planPolicy
		if args[2] == "apply" {
			policy = applyPolicy
		}
		for op, n := range srv.calls(t) {
			if n > before[op] {
				planUsed[op] = planUsed[op] || args[2] == "plan"
				if !policy[op] {
					t.Errorf("%s used %s, which iam-policy --for %s does not grant", args[2], op, args[2])
				}
			}
		}
		return r
	}
	write := func(withSecurity bool) string {
		f := filepath.Join(dir, "org.yaml")
		if err := os.WriteFile(f, []byte(optInSpec(withSecurity)), 0o600); err != nil {
			t.Fatal(err)
		}
		return f
	}

	r := run(t, srv.env, ep("apply", "-f", write(false), "--auto-approve")...)
	wantCode(t, r, 0, "apply of the accounts")
	ix := srv.orgIDs(t)
	security := ix["aws+security@optin.example"]
	// The management account enables ap-east-2 for itself: only the
	// security account's is missing.
	enableRegion(t, srv.cfg(t, srv.env), "ap-east-2")
	waitEnabled(t, srv.cfg(t, srv.env), "ap-east-2")

	spec := write(true)
	for _, cmd := range []string{"plan", "apply"} {
		args := ep(cmd, "-f", spec)
		if cmd == "apply" {
			args = append(args, "--auto-approve")
		}
		r = run(t, srv.env, args...)
		wantCode(t, r, 1, cmd+" with ap-east-2 not enabled in the security account")
		if !strings.Contains(r.stderr, "org.yaml:8:10") ||
			!strings.Contains(r.stderr, "ap-east-2 is an opt-in Region not enabled in aws+security@optin.example (disabled), so GuardDuty cannot be configured there") ||
			!strings.Contains(r.stderr, "settings.regions") {
			t.Errorf("%s does not name the Region and the account at security.admin:\n%s", cmd, r)
		}
		if strings.Contains(r.stdout, "Apply complete") || strings.Contains(r.stderr, "management@") {
			t.Errorf("%s went further, or blamed the management account:\n%s", cmd, r)
		}
	}
	if admins, err := guardduty.NewFromConfig(srv.cfg(t, srv.env)).ListOrganizationAdminAccounts(context.Background(),
		&guardduty.ListOrganizationAdminAccountsInput{}); err != nil || len(admins.AdminAccounts) != 0 {
		t.Fatalf("the refused apply designated GuardDuty's administrator: %v %v", admins, err)
	}

	// The security account enables it; apply waits for nothing, so the
	// test waits until it is ENABLED, as a user would.
	enableRegion(t, srv.assumedCfg(t, security), "ap-east-2")
	r = run(t, srv.env, ep("plan", "-f", spec)...)
	wantCode(t, r, 1, "plan while ap-east-2 is enabling")
	if !strings.Contains(r.stderr, "aws+security@optin.example (enabling)") {
		t.Errorf("plan while enabling:\n%s", r)
	}
	waitEnabled(t, srv.assumedCfg(t, security), "ap-east-2")
	r = run(t, srv.env, ep("apply", "-f", spec, "--auto-approve")...)
	wantCode(t, r, 0, "apply once ap-east-2 is enabled")
	if !strings.Contains(r.stdout, "guardduty-admin") || !strings.Contains(r.stdout, "ap-east-2/aws+security@optin.example") {
		t.Errorf("apply did not designate the administrator in ap-east-2:\n%s", r)
	}
	r = run(t, srv.env, ep("plan", "-f", spec, "--detailed-exitcode")...)
	wantCode(t, r, 0, "plan after apply")
	for _, a := range []string{"account:GetRegionOptStatus", "account:ListRegions"} {
		if !planUsed[a] {
			t.Errorf("no plan used %s", a)
		}
	}
	admins := list(srv.aws(t, "guardduty", "list-organization-admin-accounts", "--region", "ap-east-2"), "AdminAccounts")
	if len(admins) != 1 || str(admins[0], "AdminAccountId") != security {
		t.Errorf("GuardDuty's administrators in ap-east-2: %v, want %s", admins, security)
	}
}

// cfg is an SDK config for the sandbox with env's credentials, in us-east-1.
func (s *server) cfg(t *testing.T, env []string) aws.Config {
	t.Helper()
	v := map[string]string{}
	for _, kv := range env {
		k, val, _ := strings.Cut(kv, "=")
		v[k] = val
	}
	return aws.Config{Region: "us-east-1", BaseEndpoint: aws.String(s.url), RetryMaxAttempts: 3,
		Credentials: credentials.NewStaticCredentialsProvider(v["AWS_ACCESS_KEY_ID"], v["AWS_SECRET_ACCESS_KEY"], v["AWS_SESSION_TOKEN"])}
}

// assumedCfg is the config of account's OrganizationAccountAccessRole.
func (s *server) assumedCfg(t *testing.T, account string) aws.Config {
	t.Helper()
	out, err := sts.NewFromConfig(s.cfg(t, s.env)).AssumeRole(context.Background(), &sts.AssumeRoleInput{
		RoleArn: aws.String("arn:aws:iam::" + account + ":role/OrganizationAccountAccessRole"), RoleSessionName: aws.String("e2e")})
	if err != nil {
		t.Fatal(err)
	}
	c := out.Credentials
	return s.cfg(t, []string{"AWS_ACCESS_KEY_ID=" + *c.AccessKeyId, "AWS_SECRET_ACCESS_KEY=" + *c.SecretAccessKey, "AWS_SESSION_TOKEN=" + *c.SessionToken})
}

// orgIDs maps the organization's account emails to IDs.
func (s *server) orgIDs(t *testing.T) map[string]string {
	t.Helper()
	page, err := s.orgClient(t).ListAccounts(context.Background(), &organizations.ListAccountsInput{})
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, a := range page.Accounts {
		out[aws.ToString(a.Email)] = aws.ToString(a.Id)
	}
	return out
}

func enableRegion(t *testing.T, cfg aws.Config, region string) {
	t.Helper()
	if _, err := account.NewFromConfig(cfg).EnableRegion(context.Background(), &account.EnableRegionInput{RegionName: aws.String(region)}); err != nil {
		t.Fatal(err)
	}
}

func waitEnabled(t *testing.T, cfg aws.Config, region string) {
	t.Helper()
	api := account.NewFromConfig(cfg)
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		out, err := api.GetRegionOptStatus(context.Background(), &account.GetRegionOptStatusInput{RegionName: aws.String(region)})
		if err != nil {
			t.Fatal(err)
		}
		if out.RegionOptStatus == types.RegionOptStatusEnabled {
			return
		}
	}
	t.Fatalf("%s did not become ENABLED", region)
}
