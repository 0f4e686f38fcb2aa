package fms

import (
	"errors"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/fms"
	"github.com/aws/smithy-go"

	"github.com/orgctl/orgctl/sandbox/internal/sandboxtest"
	"github.com/orgctl/orgctl/sandbox/internal/sandboxtest/expect"
	_ "github.com/orgctl/orgctl/sandbox/sts" // the member accounts' roles
)

func client(e *sandboxtest.Env, creds aws.CredentialsProvider, region string) *fms.Client {
	return fms.NewFromConfig(e.Config(region, creds))
}

func associateIn(e *sandboxtest.Env, creds aws.CredentialsProvider, region, account string) error {
	_, err := client(e, creds, region).AssociateAdminAccount(e.Ctx, &fms.AssociateAdminAccountInput{AdminAccount: aws.String(account)})
	return err
}

func leave(e *sandboxtest.Env, creds aws.CredentialsProvider) error {
	_, err := client(e, creds, homeRegion).DisassociateAdminAccount(e.Ctx, &fms.DisassociateAdminAccountInput{})
	return err
}

// status is GetAdminAccount's answer, "account status", or the error code.
func status(e *sandboxtest.Env, creds aws.CredentialsProvider) string {
	out, err := client(e, creds, homeRegion).GetAdminAccount(e.Ctx, &fms.GetAdminAccountInput{})
	var ae smithy.APIError
	if errors.As(err, &ae) {
		return ae.ErrorCode()
	}
	if err != nil {
		return err.Error()
	}
	return aws.ToString(out.AdminAccount) + " " + string(out.RoleStatus)
}

// is expects Firewall Manager's error code with exactly the message.
func is(code, msg string) func(error) string {
	return func(err error) string {
		var ae smithy.APIError
		if !errors.As(err, &ae) || ae.ErrorCode() != code || ae.ErrorMessage() != msg {
			return "error " + expect.ErrString(err) + ", want " + code + ": " + msg
		}
		return ""
	}
}
