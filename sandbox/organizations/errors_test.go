package organizations

import (
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	"github.com/aws/aws-sdk-go-v2/service/organizations/types"
)

// TestWireErrorsAreModelled: every error of the table is one of the
// model's, and AWS's status for it is 400 but for its server fault.
func TestWireErrorsAreModelled(t *testing.T) {
	t.Parallel()
	for code, w := range wireErrors {
		if _, ok := organizations.TypeRegistry.Entries["com.amazonaws.organizations#"+code]; !ok {
			t.Errorf("%s is not an Organizations error", code)
		}
		want := 400
		if code == "ServiceException" {
			want = 500
		}
		if w.status != want {
			t.Errorf("%s: status %d, AWS sends %d", code, w.status, want)
		}
	}
}

// TestWireErrors: errors as AWS sends them, over HTTP: HTTP 400 where the
// model says 403, 404 or 409, and the words of real responses.
func TestWireErrors(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	member, creds := e.NewMember("member", time.Hour)
	memberOrg, _ := e.Clients(creds)
	root := e.RootID()
	e.enablePolicyType("SERVICE_CONTROL_POLICY")
	doc := `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"s3:*","Resource":"*"}]}`
	e.createPolicy("dup", "SERVICE_CONTROL_POLICY", doc)
	tests := []struct {
		name, code, message string
		call                func() error
	}{
		{"unknown account", "AccountNotFoundException", "You specified an account that doesn't exist.", func() error {
			_, err := e.Org.DescribeAccount(e.Ctx, &organizations.DescribeAccountInput{AccountId: aws.String("123456789012")})
			return err
		}},
		{"member writes", "AccessDeniedException", "You don't have permissions to access this resource.", func() error {
			_, err := memberOrg.CreateOrganizationalUnit(e.Ctx, &organizations.CreateOrganizationalUnitInput{ParentId: aws.String(root), Name: aws.String("x")})
			return err
		}},
		{"type enabled twice", "PolicyTypeAlreadyEnabledException", "The specified policy type is already enabled.", func() error {
			_, err := e.Org.EnablePolicyType(e.Ctx, &organizations.EnablePolicyTypeInput{RootId: aws.String(root), PolicyType: types.PolicyTypeServiceControlPolicy})
			return err
		}},
		{"duplicate policy", "DuplicatePolicyException", "A policy with the specified name and type already exists.", func() error {
			_, err := e.Org.CreatePolicy(e.Ctx, &organizations.CreatePolicyInput{Name: aws.String("dup"), Description: aws.String(""),
				Type: types.PolicyTypeServiceControlPolicy, Content: aws.String(doc)})
			return err
		}},
		{"closed twice", "AccountAlreadyClosedException", "You attempted to close an account that is already closed.", func() error {
			if _, err := e.Org.CloseAccount(e.Ctx, &organizations.CloseAccountInput{AccountId: aws.String(member)}); err != nil {
				return err
			}
			_, err := e.Org.CloseAccount(e.Ctx, &organizations.CloseAccountInput{AccountId: aws.String(member)})
			return err
		}},
	}
	for _, tt := range tests {
		err := tt.call()
		if err == nil {
			t.Errorf("%s: no error", tt.name)
			continue
		}
		code, status, msg := wireOf(t, err)
		if code != tt.code || status != 400 || msg != tt.message {
			t.Errorf("%s: %s %d %q, want %s 400 %q", tt.name, code, status, msg, tt.code, tt.message)
		}
	}
}
