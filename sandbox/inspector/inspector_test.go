package inspector

import (
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/inspector2"
	"github.com/aws/aws-sdk-go-v2/service/inspector2/types"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	"github.com/google/go-cmp/cmp"

	"github.com/orgctl/orgctl/sandbox/internal/sandboxtest"
	"github.com/orgctl/orgctl/sandbox/internal/sandboxtest/expect"
)

func TestDesignateAdministrator(t *testing.T) {
	t.Parallel()
	e := sandboxtest.New(t, WithAdminSettleDelay(10*time.Second))
	mgmt := e.SB.ManagementAccountID()
	secID, security := e.NewMember("security", time.Minute)
	auditID, _ := e.NewMember("audit", time.Minute)
	closedID, _ := e.NewMember("closed", time.Minute)
	if _, err := e.Org.CloseAccount(e.Ctx, &organizations.CloseAccountInput{AccountId: aws.String(closedID)}); err != nil {
		t.Fatal(err)
	}
	disable := func(creds aws.CredentialsProvider, account, region string) error {
		_, err := in2(e, creds, region).DisableDelegatedAdminAccount(e.Ctx, &inspector2.DisableDelegatedAdminAccountInput{DelegatedAdminAccountId: aws.String(account)})
		return err
	}
	cases := []struct {
		name string
		call func() error
		want func(error) string
	}{
		{"without trusted access", func() error { return designate(e, secID, "us-east-1") }, is("ValidationException", msgNoTrustedAccess)},
		{"enable trusted access", func() error { e.TrustedAccess(principal); return nil }, expect.OK},
		{"from a member account", func() error {
			_, err := in2(e, security, "us-east-1").EnableDelegatedAdminAccount(e.Ctx, &inspector2.EnableDelegatedAdminAccountInput{DelegatedAdminAccountId: aws.String(secID)})
			return err
		}, is("AccessDeniedException", msgNotManagement)},
		{"the management account", func() error { return designate(e, mgmt, "us-east-1") }, is("ValidationException", msgManagement)},
		{"an account not in the organization", func() error { return designate(e, "123456789012", "us-east-1") }, is("ValidationException", msgNotInOrg)},
		{"a closed account", func() error { return designate(e, closedID, "us-east-1") }, is("ValidationException", msgNotActive)},
		{"not an account ID", func() error { return designate(e, "12345", "us-east-1") }, expect.Code("ValidationException")},
		{"designate", func() error { return designate(e, secID, "us-east-1") }, expect.OK},
		{"designate again", func() error { return designate(e, secID, "us-east-1") }, expect.OK},
		{"a second administrator in the region", func() error { return designate(e, auditID, "us-east-1") }, is("ConflictException", msgOtherAdmin)},
		{"another administrator in another region", func() error { return designate(e, auditID, "eu-west-1") }, is("ConflictException", msgOtherAdmin)},
		{"the same administrator in another region", func() error { return designate(e, secID, "eu-west-1") }, expect.OK},
		{"list from a member account", func() error {
			_, err := in2(e, security, "us-east-1").ListDelegatedAdminAccounts(e.Ctx, &inspector2.ListDelegatedAdminAccountsInput{})
			return err
		}, is("AccessDeniedException", msgNotManagement)},
		{"list more than 5 a page", func() error {
			_, err := in2(e, e.Admin(), "us-east-1").ListDelegatedAdminAccounts(e.Ctx, &inspector2.ListDelegatedAdminAccountsInput{MaxResults: aws.Int32(6)})
			return err
		}, expect.Code("ValidationException")},
		{"disable from a member account", func() error { return disable(security, secID, "us-east-1") }, is("AccessDeniedException", msgNotManagement)},
		{"disable an account that is not the administrator", func() error { return disable(e.Admin(), auditID, "us-east-1") }, is("ResourceNotFoundException", msgNoAdmin)},
	}
	for _, c := range cases {
		expect.Check(t, c.name, c.call(), c.want)
	}
	for _, region := range []string{"us-east-1", "eu-west-1"} {
		if got := admins(e, region); !cmp.Equal(got, []string{secID + " ENABLED"}) {
			t.Errorf("administrators in %s: %v", region, got)
		}
	}
	got, err := in2(e, e.Admin(), "us-east-1").GetDelegatedAdminAccount(e.Ctx, &inspector2.GetDelegatedAdminAccountInput{})
	if err != nil || *got.DelegatedAdmin.AccountId != secID || got.DelegatedAdmin.RelationshipStatus != types.RelationshipStatusEnabled {
		t.Errorf("GetDelegatedAdminAccount = %+v, %v", got, err)
	}
	reg, err := e.Org.ListDelegatedAdministrators(e.Ctx, &organizations.ListDelegatedAdministratorsInput{ServicePrincipal: aws.String(principal)})
	if err != nil || len(reg.DelegatedAdministrators) != 1 || *reg.DelegatedAdministrators[0].Id != secID {
		t.Errorf("Organizations' delegated administrators for Inspector: %+v, %v", reg, err)
	}

	// Removing takes a while: DISABLE_IN_PROGRESS, during which a new
	// designation conflicts; then gone, the registration left.
	if err := disable(e.Admin(), secID, "eu-west-1"); err != nil {
		t.Fatal(err)
	}
	if got := admins(e, "eu-west-1"); !cmp.Equal(got, []string{secID + " DISABLE_IN_PROGRESS"}) {
		t.Errorf("while disabling: %v", got)
	}
	expect.Check(t, "designate while disabling", designate(e, secID, "eu-west-1"), is("ConflictException", msgDisabling))
	e.Clock.Advance(10 * time.Second)
	if got := admins(e, "eu-west-1"); len(got) != 0 {
		t.Errorf("after disabling: %v", got)
	}
	if got := admins(e, "us-east-1"); !cmp.Equal(got, []string{secID + " ENABLED"}) {
		t.Errorf("us-east-1 after disabling eu-west-1: %v", got)
	}
}

func TestOrganizationConfiguration(t *testing.T) {
	t.Parallel()
	e := sandboxtest.New(t, WithAdminSettleDelay(30*time.Second))
	secID, security := e.NewMember("security", time.Minute)
	_, member := e.NewMember("member", time.Minute)
	e.TrustedAccess(principal)
	if err := designate(e, secID, "us-east-1"); err != nil {
		t.Fatal(err)
	}
	admin := in2(e, security, "us-east-1")
	describe := func(c *inspector2.Client) (*inspector2.DescribeOrganizationConfigurationOutput, error) {
		return c.DescribeOrganizationConfiguration(e.Ctx, &inspector2.DescribeOrganizationConfigurationInput{})
	}
	update := func(c *inspector2.Client, a *types.AutoEnable) error {
		_, err := c.UpdateOrganizationConfiguration(e.Ctx, &inspector2.UpdateOrganizationConfigurationInput{AutoEnable: a})
		return err
	}
	all := &types.AutoEnable{Ec2: aws.Bool(true), Ecr: aws.Bool(true), Lambda: aws.Bool(true), LambdaCode: aws.Bool(true), CodeRepository: aws.Bool(true)}

	_, err := describe(admin)
	expect.Check(t, "describe while settling", err, is("AccessDeniedException", msgNotReady))
	e.Clock.Advance(30 * time.Second)
	expect.Check(t, "update before the administrator enabled Inspector for itself", update(admin, all), is("ValidationException", msgNotEnabled))
	if _, err := admin.Enable(e.Ctx, &inspector2.EnableInput{ResourceTypes: []types.ResourceScanType{"EC2"}}); err != nil {
		t.Fatal(err)
	}
	_, err = describe(in2(e, e.Admin(), "us-east-1"))
	expect.Check(t, "describe from the management account", err, is("AccessDeniedException", msgNotAdmin))
	expect.Check(t, "update from a member", update(in2(e, member, "us-east-1"), all), is("AccessDeniedException", msgNotAdmin))
	_, err = describe(in2(e, security, "eu-west-1"))
	expect.Check(t, "describe where it is not the administrator", err, is("AccessDeniedException", msgNotAdmin))
	expect.Check(t, "lambda code without lambda", update(admin, &types.AutoEnable{Ec2: aws.Bool(true), Ecr: aws.Bool(true), LambdaCode: aws.Bool(true)}),
		is("ValidationException", msgLambdaCode))
	expect.Check(t, "everything", update(admin, all), expect.OK)
	// Fields left out keep their value, as older clients send fewer.
	expect.Check(t, "ec2 and ecr only", update(admin, &types.AutoEnable{Ec2: aws.Bool(false), Ecr: aws.Bool(true)}), expect.OK)
	got, err := describe(admin)
	if err != nil {
		t.Fatal(err)
	}
	want := types.AutoEnable{Ec2: aws.Bool(false), Ecr: aws.Bool(true), Lambda: aws.Bool(true), LambdaCode: aws.Bool(true), CodeRepository: aws.Bool(true)}
	if diff := cmp.Diff(want, *got.AutoEnable, cmp.AllowUnexported(types.AutoEnable{})); diff != "" {
		t.Errorf("configuration (-want +got):\n%s", diff)
	}
}

func TestMembers(t *testing.T) {
	t.Parallel()
	e, secID, security := administered(t)
	mgmt := e.SB.ManagementAccountID()
	m1, m1Creds := e.NewMember("m1", time.Minute)
	m2, _ := e.NewMember("m2", time.Minute)
	closedID, _ := e.NewMember("closed", time.Minute)
	if _, err := e.Org.CloseAccount(e.Ctx, &organizations.CloseAccountInput{AccountId: aws.String(closedID)}); err != nil {
		t.Fatal(err)
	}
	admin := in2(e, security, "us-east-1")
	associate := func(c *inspector2.Client, id string) error {
		_, err := c.AssociateMember(e.Ctx, &inspector2.AssociateMemberInput{AccountId: aws.String(id)})
		return err
	}
	for _, c := range []struct {
		name string
		err  error
		want func(error) string
	}{
		{"a member", associate(admin, m1), expect.OK},
		{"again", associate(admin, m1), expect.OK},
		{"the management account", associate(admin, mgmt), expect.OK},
		{"itself", associate(admin, secID), is("ValidationException", msgSelf)},
		{"an account not in the organization", associate(admin, "123456789012"), is("ValidationException", msgNotInOrg)},
		{"a closed account", associate(admin, closedID), is("ValidationException", msgNotActive)},
		{"from a member", associate(in2(e, m1Creds, "us-east-1"), m2), is("AccessDeniedException", msgNotAdmin)},
		{"where it is not the administrator", associate(in2(e, security, "eu-west-1"), m2), is("AccessDeniedException", msgNotAdmin)},
	} {
		expect.Check(t, "associate "+c.name, c.err, c.want)
	}
	list, err := admin.ListMembers(e.Ctx, &inspector2.ListMembersInput{OnlyAssociated: aws.Bool(true), MaxResults: aws.Int32(1)})
	if err != nil || len(list.Members) != 1 || list.NextToken == nil {
		t.Fatalf("ListMembers page of 1: %+v, %v", list, err)
	}
	pg := inspector2.NewListMembersPaginator(admin, &inspector2.ListMembersInput{})
	var ids []string
	for pg.HasMorePages() {
		out, err := pg.NextPage(e.Ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range out.Members {
			if m.RelationshipStatus != types.RelationshipStatusEnabled || *m.DelegatedAdminAccountId != secID {
				t.Errorf("member %+v", m)
			}
			ids = append(ids, *m.AccountId)
		}
	}
	if len(ids) != 2 {
		t.Errorf("members %v, want m1 and the management account", ids)
	}

	// Enable for members and others: the others are failed accounts.
	out, err := admin.Enable(e.Ctx, &inspector2.EnableInput{AccountIds: []string{m1, m2}, ResourceTypes: []types.ResourceScanType{"EC2", "LAMBDA", "LAMBDA_CODE"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(out.Accounts) != 1 || *out.Accounts[0].AccountId != m1 || out.Accounts[0].ResourceStatus.LambdaCode != types.StatusEnabled ||
		len(out.FailedAccounts) != 1 || *out.FailedAccounts[0].AccountId != m2 || out.FailedAccounts[0].ErrorCode != types.ErrorCodeAccessDenied {
		t.Errorf("Enable = %+v", out)
	}
	many := make([]string, 101)
	for i := range many {
		many[i] = m1
	}
	_, err = admin.Enable(e.Ctx, &inspector2.EnableInput{AccountIds: many, ResourceTypes: []types.ResourceScanType{"EC2"}})
	expect.Check(t, "enable for 101 accounts", err, expect.Code("ValidationException"))
	status, err := admin.BatchGetAccountStatus(e.Ctx, &inspector2.BatchGetAccountStatusInput{AccountIds: []string{m1, m2}})
	if err != nil || len(status.Accounts) != 1 || status.Accounts[0].ResourceState.Ec2.Status != types.StatusEnabled ||
		status.Accounts[0].ResourceState.Ecr.Status != types.StatusDisabled || len(status.FailedAccounts) != 1 {
		t.Errorf("BatchGetAccountStatus = %+v, %v", status, err)
	}
	// Disassociating ends the membership: the administrator no longer acts for it.
	if _, err := admin.DisassociateMember(e.Ctx, &inspector2.DisassociateMemberInput{AccountId: aws.String(m1)}); err != nil {
		t.Fatal(err)
	}
	_, err = admin.GetMember(e.Ctx, &inspector2.GetMemberInput{AccountId: aws.String(m1)})
	var nf *types.ResourceNotFoundException
	if !errors.As(err, &nf) {
		t.Errorf("GetMember of a former member: %v", err)
	}
}

// A path Inspector does not serve is API Gateway's answer, and a body
// that is not JSON is a ValidationException with reason CANNOT_PARSE.
func TestProtocol(t *testing.T) {
	t.Parallel()
	e := sandboxtest.New(t)
	status, _, body := e.Raw("POST", "/nowhere", map[string]string{"Authorization": e.Auth("inspector2")}, "{}")
	if status != http.StatusForbidden || !contains(body, "Missing Authentication Token") {
		t.Errorf("unknown path: %d %s", status, body)
	}
	status, hdr, body := e.Raw("POST", "/members/list", map[string]string{"Authorization": e.Auth("inspector2"), "Content-Type": "application/json"}, "not json")
	if status != http.StatusBadRequest || hdr.Get("X-Amzn-ErrorType") != "ValidationException" || !contains(body, `"reason":"CANNOT_PARSE"`) {
		t.Errorf("bad body: %d %v %s", status, hdr, body)
	}
}

func contains(s, sub string) bool {
	return len(s) >= len(sub) && (s == sub || len(sub) == 0 || indexOf(s, sub) >= 0)
}

func indexOf(s, sub string) int {
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i:i+len(sub)] == sub {
			return i
		}
	}
	return -1
}
