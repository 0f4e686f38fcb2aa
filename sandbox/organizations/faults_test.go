package organizations

import (
	"bytes"
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	"github.com/aws/aws-sdk-go-v2/service/organizations/types"
	"github.com/aws/smithy-go"
	smithyhttp "github.com/aws/smithy-go/transport/http"
	"github.com/google/go-cmp/cmp"

	"github.com/orgctl/orgctl/sandbox"
	"github.com/orgctl/orgctl/sandbox/internal/sandboxtest/coretest"
	"github.com/orgctl/orgctl/sandbox/internal/sandboxtest/expect"
)

func TestInjectedFaultsAreAWSErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		faults sandbox.Faults
		read   func(error) string // ListRoots
		write  func(error) string // CreateOrganizationalUnit
		status int
		kind   string
	}{
		{"throttle", sandbox.Faults{Throttle: 1}, as[*types.TooManyRequestsException](nil), as[*types.TooManyRequestsException](nil), 400, "throttle"},
		{"5xx", sandbox.Faults{Error5xx: 1}, as[*types.ServiceException](nil), as[*types.ServiceException](nil), 500, "error5xx"},
		{"concurrent", sandbox.Faults{Concurrent: 1}, expect.OK, as[*types.ConcurrentModificationException](nil), 400, "concurrent"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			e := newEnv(t)
			root := e.RootID()
			before, err := os.ReadFile(e.Path)
			if err != nil {
				t.Fatal(err)
			}
			e.Reopen(sandbox.WithFaults(tt.faults))
			_, rerr := e.Org.ListRoots(e.Ctx, nil)
			expect.Check(t, "ListRoots", rerr, tt.read)
			_, werr := e.Org.CreateOrganizationalUnit(e.Ctx, &organizations.CreateOrganizationalUnitInput{
				ParentId: aws.String(root), Name: aws.String("Faulted")})
			expect.Check(t, "CreateOrganizationalUnit", werr, tt.write)
			var re *smithyhttp.ResponseError
			if !errors.As(werr, &re) || re.HTTPStatusCode() != tt.status {
				t.Errorf("HTTP status of %v, want %d", werr, tt.status)
			}
			if !retry.NewStandard(func(o *retry.StandardOptions) {
				o.Retryables = append(o.Retryables, retry.RetryableErrorCode{Codes: map[string]struct{}{"ConcurrentModificationException": {}}})
			}).IsErrorRetryable(werr) {
				t.Errorf("%v is not retryable", werr)
			}
			// A faulted write changes nothing.
			after, err := os.ReadFile(e.Path)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(before, after) {
				t.Error("a faulted write changed the state file")
			}
			if got := e.SB.Faults()[tt.kind]; got < 1 {
				t.Errorf("Faults()[%s] = %d, want at least 1", tt.kind, got)
			}
		})
	}
}

// outcomes runs n ListRoots calls and returns which failed.
func outcomes(e *env, n int) string {
	var b strings.Builder
	for range n {
		_, err := e.Org.ListRoots(e.Ctx, nil)
		var ae smithy.APIError
		switch {
		case err == nil:
			b.WriteByte('.')
		case errors.As(err, &ae) && ae.ErrorCode() == "TooManyRequestsException":
			b.WriteByte('T')
		case errors.As(err, &ae) && ae.ErrorCode() == "ServiceException":
			b.WriteByte('5')
		default:
			b.WriteString("?" + err.Error())
		}
	}
	return b.String()
}

func TestFaultsAreSeeded(t *testing.T) {
	t.Parallel()
	coretest.Seeded(t, func(seed int64) string {
		e := newEnv(t, sandbox.WithFaults(sandbox.Faults{Throttle: 0.3, Error5xx: 0.2, Seed: seed}))
		return outcomes(e, 60)
	})
}

func TestEventualConsistency(t *testing.T) {
	t.Parallel()
	e := newEnv(t, sandbox.WithFaults(sandbox.Faults{Consistency: 2 * time.Second}))
	root := e.RootID()
	e.enablePolicyType("SERVICE_CONTROL_POLICY")
	ou := e.createOU(root, "Young")
	pol := e.createPolicy("young", "SERVICE_CONTROL_POLICY", denyDoc("s3:*"))
	req, err := e.Org.CreateAccount(e.Ctx, &organizations.CreateAccountInput{AccountName: aws.String("young"), Email: aws.String("young@example.org")})
	if err != nil {
		t.Fatal(err)
	}
	e.Clock.Advance(defaultCreateAccountDelay) // the account joins now
	status := e.CreateStatus(req.CreateAccountStatus.Id)
	if status.State != types.CreateAccountStateSucceeded {
		t.Fatalf("create: %s", status.State)
	}
	acct := *status.AccountId

	listed := func() (ous, policies []string, accounts int) {
		o, err := e.Org.ListOrganizationalUnitsForParent(e.Ctx, &organizations.ListOrganizationalUnitsForParentInput{ParentId: aws.String(root)})
		if err != nil {
			t.Fatal(err)
		}
		for _, x := range o.OrganizationalUnits {
			ous = append(ous, *x.Id)
		}
		p, err := e.Org.ListPolicies(e.Ctx, &organizations.ListPoliciesInput{Filter: types.PolicyTypeServiceControlPolicy})
		if err != nil {
			t.Fatal(err)
		}
		for _, x := range p.Policies {
			if !x.AwsManaged {
				policies = append(policies, *x.Id)
			}
		}
		a, err := e.Org.ListAccounts(e.Ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		return ous, policies, len(a.Accounts)
	}
	// The OU and policy are 2s old: visible. The account joined just now.
	ous, policies, accounts := listed()
	if !cmp.Equal(ous, []string{ou}) || !cmp.Equal(policies, []string{pol}) || accounts != 1 {
		t.Errorf("listed %v %v and %d accounts, want the OU, the policy and the management account only", ous, policies, accounts)
	}
	_, err = e.Org.DescribeAccount(e.Ctx, &organizations.DescribeAccountInput{AccountId: aws.String(acct)})
	expect.Check(t, "describe a young account", err, as[*types.AccountNotFoundException](nil))

	// A fresh OU and policy.
	ou2 := e.createOU(root, "Younger")
	pol2 := e.createPolicy("younger", "SERVICE_CONTROL_POLICY", denyDoc("s3:*"))
	if ous, policies, _ := listed(); len(ous) != 1 || len(policies) != 1 {
		t.Errorf("new OU or policy listed at once: %v %v", ous, policies)
	}
	tests := []struct {
		name string
		call func() error
		want func(error) string
	}{
		{"attach a new policy", func() error {
			_, err := e.Org.AttachPolicy(e.Ctx, &organizations.AttachPolicyInput{PolicyId: aws.String(pol2), TargetId: aws.String(root)})
			return err
		}, as[*types.PolicyNotFoundException](nil)},
		{"attach to a new OU", func() error {
			_, err := e.Org.AttachPolicy(e.Ctx, &organizations.AttachPolicyInput{PolicyId: aws.String("p-FullAWSAccess"), TargetId: aws.String(ou2)})
			return err
		}, as[*types.TargetNotFoundException](nil)},
		{"OU under a new OU", func() error {
			_, err := e.Org.CreateOrganizationalUnit(e.Ctx, &organizations.CreateOrganizationalUnitInput{ParentId: aws.String(ou2), Name: aws.String("child")})
			return err
		}, as[*types.ParentNotFoundException](nil)},
		{"tag a new OU", func() error {
			_, err := e.Org.TagResource(e.Ctx, &organizations.TagResourceInput{ResourceId: aws.String(ou2), Tags: []types.Tag{{Key: aws.String("k"), Value: aws.String("v")}}})
			return err
		}, as[*types.TargetNotFoundException](nil)},
		{"describe a new OU", func() error {
			_, err := e.Org.DescribeOrganizationalUnit(e.Ctx, &organizations.DescribeOrganizationalUnitInput{OrganizationalUnitId: aws.String(ou2)})
			return err
		}, as[*types.OrganizationalUnitNotFoundException](nil)},
		{"move a new account", func() error {
			_, err := e.Org.MoveAccount(e.Ctx, &organizations.MoveAccountInput{AccountId: aws.String(acct), SourceParentId: aws.String(root), DestinationParentId: aws.String(ou)})
			return err
		}, as[*types.AccountNotFoundException](nil)},
	}
	for _, tt := range tests {
		expect.Check(t, tt.name, tt.call(), tt.want)
	}
	if got := e.SB.Faults()["consistency"]; got != len(tests)+1 {
		t.Errorf("Faults()[consistency] = %d, want %d", got, len(tests)+1)
	}

	// After the window, everything is there and usable.
	e.Clock.Advance(2 * time.Second)
	ous, policies, accounts = listed()
	if len(ous) != 2 || len(policies) != 2 || accounts != 2 {
		t.Errorf("after the window: %v %v and %d accounts, want 2 of each", ous, policies, accounts)
	}
	if _, err := e.Org.AttachPolicy(e.Ctx, &organizations.AttachPolicyInput{PolicyId: aws.String(pol2), TargetId: aws.String(ou2)}); err != nil {
		t.Errorf("attach after the window: %v", err)
	}
	if _, err := e.Org.MoveAccount(e.Ctx, &organizations.MoveAccountInput{AccountId: aws.String(acct), SourceParentId: aws.String(root), DestinationParentId: aws.String(ou2)}); err != nil {
		t.Errorf("move after the window: %v", err)
	}
}

func TestFaultsOffByDefault(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	if got := outcomes(e, 30); got != strings.Repeat(".", 30) {
		t.Errorf("a sandbox without faults failed calls: %s", got)
	}
	if f := e.SB.Faults(); len(f) != 0 {
		t.Errorf("Faults() = %v, want none", f)
	}
}
