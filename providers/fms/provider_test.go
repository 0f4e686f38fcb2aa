package fms_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/fms"
	"github.com/aws/smithy-go"

	"github.com/orgctl/orgctl/engine"
	"github.com/orgctl/orgctl/providers"
	fmsp "github.com/orgctl/orgctl/providers/fms"
	orgp "github.com/orgctl/orgctl/providers/organizations"
	"github.com/orgctl/orgctl/providers/providertest"
	sbfms "github.com/orgctl/orgctl/sandbox/fms"
	fm "github.com/orgctl/orgctl/services/fms"
)

func newProviders(sb *providertest.Sandbox) func() []engine.Provider {
	return func() []engine.Provider {
		// The home region is not us-east-1: the association is made there
		// all the same.
		env := providertest.Env(sb.Cfg, providers.Settings{HomeRegion: "eu-west-1", Regions: []string{"eu-west-1"}})
		return []engine.Provider{orgp.New(env), fmsp.New(env)}
	}
}

// spec is an organization with two candidate security accounts and the
// administrator named.
func spec(admin string) map[string]string {
	return map[string]string{"org.yaml": `version: 1
settings: {homeRegion: eu-west-1, regions: [eu-west-1]}
accounts:
  - {name: security, email: aws+security@example.com}
  - {name: security-2, email: aws+security-2@example.com}
  - {name: management, email: management@sandbox.example}
security:
  admin: ` + admin + `
  firewallManager: {}
`}
}

func TestConformance(t *testing.T) {
	t.Parallel()
	// The role takes a while to be ready, and to go, as on AWS.
	sb := providertest.NewSandbox(t, sbfms.WithAdminSettleDelay(200*time.Millisecond))
	providertest.Conformance{
		Service:      fm.Name,
		NewProviders: newProviders(sb),
		Exempt:       map[string]string{"update fms-admin": "the administrator's account is its key: moving it is a delete and a create"},
	}.Run(t,
		providertest.Step{Name: "associate", Files: spec("security")},
		providertest.Step{Name: "move the administrator", AllowDestroy: true, Files: spec("security-2")},
	)
}

// The administrator leaving out of band is drift; apply waits out the
// offboarding and associates it again.
func TestDriftWhenTheAdministratorLeaves(t *testing.T) {
	t.Parallel()
	sb := providertest.NewSandbox(t, sbfms.WithAdminSettleDelay(200*time.Millisecond))
	run := providertest.Runner{T: t, NewProviders: newProviders(sb)}
	files := spec("security")
	run.Apply(files, false)
	security, _ := providertest.LiveIDs(t, newProviders(sb)()).ID(engine.Ref{Kind: "account", Key: "aws+security@example.com"})
	admin := fms.NewFromConfig(sb.As(t, security, "OrganizationAccountAccessRole", "us-east-1"))
	if _, err := admin.DisassociateAdminAccount(context.Background(), &fms.DisassociateAdminAccountInput{}); err != nil {
		t.Fatal(err)
	}
	p := run.Plan(files)
	if got := providertest.Brief(p); got != "create delegated-admin:fms.amazonaws.com/aws+security@example.com, create fms-admin:aws+security@example.com" || p.Summary.Destructive != 0 {
		t.Fatalf("want the administrator again, not destructive; got %s", got)
	}
	run.Apply(files, false)
	out, err := fms.NewFromConfig(sb.Cfg).GetAdminAccount(context.Background(), &fms.GetAdminAccountInput{})
	if err != nil || aws.ToString(out.AdminAccount) != security || out.RoleStatus != "READY" {
		t.Errorf("after apply: %+v, %v", out, err)
	}
}

// Firewall Manager's refusals, as AWS words them: no association without
// trusted access, no disassociation but by the administrator.
func TestRefusals(t *testing.T) {
	t.Parallel()
	sb := providertest.NewSandbox(t, sbfms.WithAdminSettleDelay(0))
	run := providertest.Runner{T: t, NewProviders: newProviders(sb)}
	run.Apply(spec("security"), false)
	security, _ := providertest.LiveIDs(t, newProviders(sb)()).ID(engine.Ref{Kind: "account", Key: "aws+security@example.com"})
	mgmt := fms.NewFromConfig(sb.Cfg)
	_, err := mgmt.DisassociateAdminAccount(context.Background(), &fms.DisassociateAdminAccountInput{})
	if code, msg := apiErr(err); code != "AccessDeniedException" || msg != "Operation: DisassociateAdminAccount is only available to Administration account in AWS Firewall Manager." {
		t.Errorf("DisassociateAdminAccount from the management account: %v", err)
	}
	admin := fms.NewFromConfig(sb.As(t, security, "OrganizationAccountAccessRole", "us-east-1"))
	_, err = admin.AssociateAdminAccount(context.Background(), &fms.AssociateAdminAccountInput{AdminAccount: aws.String(security)})
	if code, msg := apiErr(err); code != "InvalidOperationException" || !strings.Contains(msg, security+" is not the management account of the Organization but trying to AssociateAdmin") {
		t.Errorf("AssociateAdminAccount from a member account: %v", err)
	}
}

// Without trusted access for fms.amazonaws.com (disabled out of band),
// the association is refused; the plan restores trusted access first.
func TestWithoutTrustedAccess(t *testing.T) {
	t.Parallel()
	sb := providertest.NewSandbox(t, sbfms.WithAdminSettleDelay(0))
	run := providertest.Runner{T: t, NewProviders: newProviders(sb)}
	security := ""
	{
		// An organization with the account, and no trusted access for fms.
		files := spec("security")
		files["org.yaml"] = strings.Replace(files["org.yaml"], "  firewallManager: {}\n", "", 1)
		run.Apply(files, false)
		security, _ = providertest.LiveIDs(t, newProviders(sb)()).ID(engine.Ref{Kind: "account", Key: "aws+security@example.com"})
	}
	_, err := fms.NewFromConfig(sb.Cfg).AssociateAdminAccount(context.Background(), &fms.AssociateAdminAccountInput{AdminAccount: aws.String(security)})
	if code, _ := apiErr(err); code != "InvalidOperationException" {
		t.Errorf("AssociateAdminAccount without trusted access: %v", err)
	}
	p := run.Plan(spec("security"))
	if got := providertest.Brief(p); !strings.HasPrefix(got, "create trusted-access:fms.amazonaws.com") {
		t.Errorf("the plan does not enable trusted access first: %s", got)
	}
	run.Apply(spec("security"), false)
}

// The management account cannot administer Firewall Manager: the plan
// says so at security.admin's line, and nothing is changed.
func TestManagementAccountAsAdministratorIsRefused(t *testing.T) {
	t.Parallel()
	sb := providertest.NewSandbox(t)
	_, err := engine.MakePlan(context.Background(), providertest.Load(t, spec("management")), newProviders(sb)())
	if err == nil || !strings.Contains(err.Error(), "org.yaml:8:10") || !strings.Contains(err.Error(), "the management account cannot be Firewall Manager's administrator") {
		t.Fatalf("want the refusal at org.yaml:8:10, got %v", err)
	}
}

// A no-change plan costs one call, from the management account.
func TestNoChangePlanCalls(t *testing.T) {
	t.Parallel()
	sb := providertest.NewSandbox(t, sbfms.WithAdminSettleDelay(0))
	run := providertest.Runner{T: t, NewProviders: newProviders(sb)}
	files := spec("security")
	run.Apply(files, false)
	before := sb.SB.Calls()
	if p := run.Plan(files); !p.Empty() {
		t.Fatalf("not converged: %s", providertest.Brief(p))
	}
	got := map[string]int{}
	for op, n := range sb.SB.Calls() {
		if (strings.HasPrefix(op, "fms:") || op == "sts:AssumeRole") && n > before[op] {
			got[op] = n - before[op]
		}
	}
	if len(got) != 1 || got["fms:GetAdminAccount"] != 1 {
		t.Errorf("calls %v, want one GetAdminAccount", got)
	}
}

func apiErr(err error) (code, msg string) {
	var ae smithy.APIError
	if errors.As(err, &ae) {
		return ae.ErrorCode(), ae.ErrorMessage()
	}
	return "", ""
}
