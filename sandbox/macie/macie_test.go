package macie

import (
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/macie2"
	"github.com/aws/aws-sdk-go-v2/service/macie2/types"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	awshttp "github.com/aws/smithy-go/transport/http"

	"github.com/orgctl/orgctl/sandbox/internal/sandboxtest"
	"github.com/orgctl/orgctl/sandbox/internal/sandboxtest/expect"
	_ "github.com/orgctl/orgctl/sandbox/sts" // the member accounts' roles
)

func mc(e *sandboxtest.Env, creds aws.CredentialsProvider, region string) *macie2.Client {
	return macie2.NewFromConfig(e.Config(region, creds))
}

func designate(e *sandboxtest.Env, account, region string) error {
	_, err := mc(e, e.Admin(), region).EnableOrganizationAdminAccount(e.Ctx, &macie2.EnableOrganizationAdminAccountInput{AdminAccountId: aws.String(account)})
	return err
}

// is expects Macie's error code, with its HTTP status.
func is(code string, status int) func(error) string {
	return func(err error) string {
		var re *awshttp.ResponseError
		if msg := expect.Code(code)(err); msg != "" {
			return msg
		}
		if !errors.As(err, &re) || re.HTTPStatusCode() != status {
			return "error " + expect.ErrString(err) + ", want HTTP " + http.StatusText(status)
		}
		return ""
	}
}

func members(t *testing.T, e *sandboxtest.Env, c *macie2.Client, only string) map[string]types.RelationshipStatus {
	t.Helper()
	out := map[string]types.RelationshipStatus{}
	in := &macie2.ListMembersInput{MaxResults: aws.Int32(2)}
	if only != "" {
		in.OnlyAssociated = aws.String(only)
	}
	for pg := macie2.NewListMembersPaginator(c, in); pg.HasMorePages(); {
		page, err := pg.NextPage(e.Ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range page.Members {
			if m.Email != nil && m.RelationshipStatus == types.RelationshipStatusEnabled {
				t.Errorf("member %s through Organizations has an email", *m.AccountId)
			}
			out[*m.AccountId] = m.RelationshipStatus
		}
	}
	return out
}

func TestDesignateAdministrator(t *testing.T) {
	t.Parallel()
	e := sandboxtest.New(t, WithAdminSettleDelay(0))
	secID, security := e.NewMember("security", time.Minute)
	auditID, audit := e.NewMember("audit", time.Minute)
	cases := []struct {
		name string
		call func() error
		want func(error) string
	}{
		{"without trusted access", func() error { return designate(e, secID, "us-east-1") }, is("ValidationException", 400)},
		{"enable trusted access", func() error { e.TrustedAccess(principal); return nil }, expect.OK},
		{"from a member account", func() error {
			_, err := mc(e, audit, "us-east-1").EnableOrganizationAdminAccount(e.Ctx, &macie2.EnableOrganizationAdminAccountInput{AdminAccountId: aws.String(auditID)})
			return err
		}, is("AccessDeniedException", 403)},
		{"an account not in the organization", func() error { return designate(e, "123456789012", "us-east-1") }, is("ValidationException", 400)},
		{"not an account ID", func() error { return designate(e, "12345", "us-east-1") }, is("ValidationException", 400)},
		{"designate", func() error { return designate(e, secID, "us-east-1") }, expect.OK},
		{"designate again", func() error { return designate(e, secID, "us-east-1") }, expect.OK},
		{"another administrator in the region", func() error { return designate(e, auditID, "us-east-1") }, is("ConflictException", 409)},
		{"another administrator in another region", func() error { return designate(e, auditID, "eu-west-1") }, is("ConflictException", 409)},
		{"the same administrator in another region", func() error { return designate(e, secID, "eu-west-1") }, expect.OK},
		{"list from a member account", func() error {
			_, err := mc(e, security, "us-east-1").ListOrganizationAdminAccounts(e.Ctx, &macie2.ListOrganizationAdminAccountsInput{})
			return err
		}, is("AccessDeniedException", 403)},
		{"configuration from the management account", func() error {
			_, err := mc(e, e.Admin(), "us-east-1").UpdateOrganizationConfiguration(e.Ctx, &macie2.UpdateOrganizationConfigurationInput{AutoEnable: aws.Bool(true)})
			return err
		}, is("AccessDeniedException", 403)},
		{"members from another account", func() error {
			_, err := mc(e, audit, "us-east-1").ListMembers(e.Ctx, &macie2.ListMembersInput{})
			return err
		}, is("AccessDeniedException", 403)},
		{"disable an account that is not the administrator", func() error {
			_, err := mc(e, e.Admin(), "eu-west-1").DisableOrganizationAdminAccount(e.Ctx, &macie2.DisableOrganizationAdminAccountInput{AdminAccountId: aws.String(auditID)})
			return err
		}, is("ResourceNotFoundException", 404)},
		{"disable in eu-west-1", func() error {
			_, err := mc(e, e.Admin(), "eu-west-1").DisableOrganizationAdminAccount(e.Ctx, &macie2.DisableOrganizationAdminAccountInput{AdminAccountId: aws.String(secID)})
			return err
		}, expect.OK},
	}
	for _, c := range cases {
		expect.Check(t, c.name, c.call(), c.want)
	}
	// Designation enabled Macie for the administrator and registered it.
	if s, err := mc(e, security, "us-east-1").GetMacieSession(e.Ctx, &macie2.GetMacieSessionInput{}); err != nil || s.Status != types.MacieStatusEnabled {
		t.Errorf("the administrator's Macie: %+v, %v", s, err)
	}
	if _, err := mc(e, audit, "us-east-1").GetMacieSession(e.Ctx, &macie2.GetMacieSessionInput{}); expect.Code("AccessDeniedException")(err) != "" {
		t.Errorf("an account without Macie: %v", err)
	}
	out, err := e.Org.ListDelegatedAdministrators(e.Ctx, &organizations.ListDelegatedAdministratorsInput{ServicePrincipal: aws.String(principal)})
	if err != nil || len(out.DelegatedAdministrators) != 1 || *out.DelegatedAdministrators[0].Id != secID {
		t.Errorf("delegated administrators for Macie: %+v, %v", out, err)
	}
	for region, want := range map[string]int{"us-east-1": 1, "eu-west-1": 0} {
		got, err := mc(e, e.Admin(), region).ListOrganizationAdminAccounts(e.Ctx, &macie2.ListOrganizationAdminAccountsInput{})
		if err != nil || len(got.AdminAccounts) != want {
			t.Errorf("%s: administrators %+v, %v; want %d", region, got, err, want)
		}
	}
}

// A new administrator is refused until designation settles; members are
// added one a call, with Macie's rules; auto-enable covers only accounts
// that join afterwards.
func TestMembers(t *testing.T) {
	t.Parallel()
	clock := sandboxtest.NewClock()
	e := sandboxtest.Open(t, t.TempDir()+"/sandbox.json", clock, WithAdminSettleDelay(time.Minute), WithMemberLimit(2))
	secID, security := e.NewMember("security", time.Minute)
	oldID, _ := e.NewMember("old", time.Minute)
	closedID, _ := e.NewMember("closed", time.Minute)
	fullID, _ := e.NewMember("full", time.Minute)
	e.TrustedAccess(principal)
	if err := designate(e, secID, "us-east-1"); err != nil {
		t.Fatal(err)
	}
	admin := mc(e, security, "us-east-1")
	create := func(id string) error {
		_, err := admin.CreateMember(e.Ctx, &macie2.CreateMemberInput{Account: &types.AccountDetail{AccountId: aws.String(id), Email: aws.String("x@example.com")}})
		return err
	}
	expect.Check(t, "before designation settles", create(oldID), is("AccessDeniedException", 403))
	clock.Advance(time.Minute)
	if _, err := e.Org.CloseAccount(e.Ctx, &organizations.CloseAccountInput{AccountId: aws.String(closedID)}); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name string
		err  error
		want func(error) string
	}{
		{"an existing account", create(oldID), expect.OK},
		{"again", create(oldID), expect.OK},
		{"the management account", create(e.SB.ManagementAccountID()), expect.OK},
		{"the administrator itself", create(secID), is("ValidationException", 400)},
		{"a closed account", create(closedID), is("ValidationException", 400)},
		{"an account outside the organization", create("123456789012"), expect.OK},
		{"past the quota", create(fullID), is("ServiceQuotaExceededException", 402)},
		{"without an email", func() error {
			_, err := admin.CreateMember(e.Ctx, &macie2.CreateMemberInput{Account: &types.AccountDetail{AccountId: aws.String(fullID), Email: aws.String("nope")}})
			return err
		}(), is("ValidationException", 400)},
	} {
		expect.Check(t, c.name, c.err, c.want)
	}
	got := members(t, e, admin, "")
	if len(got) != 2 || got[oldID] != types.RelationshipStatusEnabled || got[e.SB.ManagementAccountID()] != types.RelationshipStatusEnabled {
		t.Errorf("associated members: %v", got)
	}
	if all := members(t, e, admin, "false"); all["123456789012"] != types.RelationshipStatusCreated {
		t.Errorf("all members: %v", all)
	}
	if _, err := admin.DisassociateMember(e.Ctx, &macie2.DisassociateMemberInput{Id: aws.String(oldID)}); err != nil {
		t.Fatal(err)
	}
	if all := members(t, e, admin, "false"); all[oldID] != types.RelationshipStatusRemoved {
		t.Errorf("after DisassociateMember: %v", all)
	}
	// Auto-enable: the account that joins is enrolled, old ones are not.
	if _, err := admin.UpdateOrganizationConfiguration(e.Ctx, &macie2.UpdateOrganizationConfigurationInput{AutoEnable: aws.Bool(true)}); err != nil {
		t.Fatal(err)
	}
	clock.Advance(time.Second)
	newID, _ := e.NewMember("new", time.Minute)
	got = members(t, e, admin, "")
	if got[newID] != types.RelationshipStatusEnabled || got[oldID] != "" {
		t.Errorf("after auto-enable, members %v: want new %s, not old %s", got, newID, oldID)
	}
	cfg, err := admin.DescribeOrganizationConfiguration(e.Ctx, &macie2.DescribeOrganizationConfigurationInput{})
	if err != nil || !aws.ToBool(cfg.AutoEnable) || !aws.ToBool(cfg.MaxAccountLimitReached) {
		t.Errorf("organization configuration %+v, %v", cfg, err)
	}
}
