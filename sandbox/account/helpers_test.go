package account

import (
	"errors"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/account"
	"github.com/aws/aws-sdk-go-v2/service/account/types"

	"github.com/orgctl/orgctl/sandbox"
	"github.com/orgctl/orgctl/sandbox/internal/sandboxtest"
	"github.com/orgctl/orgctl/sandbox/internal/sandboxtest/expect"
	_ "github.com/orgctl/orgctl/sandbox/sts" // the member accounts' roles
)

// settle is the test sandboxes' enable and disable delay, passed by
// advancing their clock.
const settle = time.Minute

func newEnv(t *testing.T, opts ...sandbox.Option) *sandboxtest.Env {
	t.Helper()
	return sandboxtest.New(t, append([]sandbox.Option{WithSettleDelays(settle, settle)}, opts...)...)
}

// acct is an Account Management client of creds, signed in us-east-1 as
// the SDK signs the global endpoint.
func acct(e *sandboxtest.Env, creds aws.CredentialsProvider) *account.Client {
	return account.NewFromConfig(e.Config("us-east-1", creds))
}

// status is region's status in the account the client's credentials
// (or id, when not "") name.
func status(t *testing.T, e *sandboxtest.Env, c *account.Client, id, region string) types.RegionOptStatus {
	t.Helper()
	in := &account.GetRegionOptStatusInput{RegionName: aws.String(region)}
	if id != "" {
		in.AccountId = aws.String(id)
	}
	out, err := c.GetRegionOptStatus(e.Ctx, in)
	if err != nil {
		t.Fatalf("GetRegionOptStatus %s %s: %v", id, region, err)
	}
	if aws.ToString(out.RegionName) != region {
		t.Errorf("GetRegionOptStatus answered for %q, want %s", aws.ToString(out.RegionName), region)
	}
	return out.RegionOptStatus
}

func enable(e *sandboxtest.Env, c *account.Client, id, region string) error {
	in := &account.EnableRegionInput{RegionName: aws.String(region)}
	if id != "" {
		in.AccountId = aws.String(id)
	}
	_, err := c.EnableRegion(e.Ctx, in)
	return err
}

func disable(e *sandboxtest.Env, c *account.Client, id, region string) error {
	in := &account.DisableRegionInput{RegionName: aws.String(region)}
	if id != "" {
		in.AccountId = aws.String(id)
	}
	_, err := c.DisableRegion(e.Ctx, in)
	return err
}

// isValidation expects a ValidationException with the reason and message.
func isValidation(reason types.ValidationExceptionReason, msg string) func(error) string {
	return func(err error) string {
		var ve *types.ValidationException
		if !errors.As(err, &ve) || ve.Reason != reason || (msg != "" && ve.ErrorMessage() != msg) {
			return "error " + expect.ErrString(err) + ", want ValidationException (" + string(reason) + "): " + msg
		}
		return ""
	}
}

// isDenied expects an AccessDeniedException with the message.
func isDenied(msg string) func(error) string {
	return func(err error) string {
		var ad *types.AccessDeniedException
		if !errors.As(err, &ad) || ad.ErrorMessage() != msg {
			return "error " + expect.ErrString(err) + ", want AccessDeniedException: " + msg
		}
		return ""
	}
}

func isConflict(err error) string {
	var ce *types.ConflictException
	if !errors.As(err, &ce) {
		return "error " + expect.ErrString(err) + ", want ConflictException"
	}
	return ""
}
