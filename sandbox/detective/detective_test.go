package detective

import (
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/detective"
	"github.com/aws/aws-sdk-go-v2/service/detective/types"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	awshttp "github.com/aws/smithy-go/transport/http"

	"github.com/orgctl/orgctl/sandbox/internal/sandboxtest"
	"github.com/orgctl/orgctl/sandbox/internal/sandboxtest/expect"
	_ "github.com/orgctl/orgctl/sandbox/sts" // the member accounts' roles
)

func dt(e *sandboxtest.Env, creds aws.CredentialsProvider, region string) *detective.Client {
	return detective.NewFromConfig(e.Config(region, creds))
}

func designate(e *sandboxtest.Env, account, region string) error {
	_, err := dt(e, e.Admin(), region).EnableOrganizationAdminAccount(e.Ctx, &detective.EnableOrganizationAdminAccountInput{AccountId: aws.String(account)})
	return err
}

// is expects Detective's error code, with its HTTP status.
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

func graphOf(t *testing.T, e *sandboxtest.Env, c *detective.Client) string {
	t.Helper()
	out, err := c.ListGraphs(e.Ctx, &detective.ListGraphsInput{})
	if err != nil || len(out.GraphList) != 1 {
		t.Fatalf("ListGraphs: %+v, %v", out, err)
	}
	return *out.GraphList[0].Arn
}

func TestDesignateAdministrator(t *testing.T) {
	t.Parallel()
	e := sandboxtest.New(t, WithAdminSettleDelay(0))
	secID, security := e.NewMember("security", time.Minute)
	auditID, audit := e.NewMember("audit", time.Minute)
	for _, c := range []struct {
		name string
		call func() error
		want func(error) string
	}{
		{"without trusted access", func() error { return designate(e, secID, "us-east-1") }, is("ValidationException", 400)},
		{"enable trusted access", func() error { e.TrustedAccess(principal); return nil }, expect.OK},
		{"from a member account", func() error {
			_, err := dt(e, audit, "us-east-1").EnableOrganizationAdminAccount(e.Ctx, &detective.EnableOrganizationAdminAccountInput{AccountId: aws.String(auditID)})
			return err
		}, is("AccessDeniedException", 403)},
		{"an account not in the organization", func() error { return designate(e, "123456789012", "us-east-1") }, is("ValidationException", 400)},
		{"designate", func() error { return designate(e, secID, "us-east-1") }, expect.OK},
		{"designate again", func() error { return designate(e, secID, "us-east-1") }, expect.OK},
		{"another administrator in the region", func() error { return designate(e, auditID, "us-east-1") }, is("ConflictException", 409)},
		{"another account while one is delegated", func() error { return designate(e, auditID, "eu-west-1") }, is("ConflictException", 409)},
		{"the same administrator in another region", func() error { return designate(e, secID, "eu-west-1") }, expect.OK},
		{"configuration from the management account", func() error {
			_, err := dt(e, e.Admin(), "us-east-1").DescribeOrganizationConfiguration(e.Ctx, &detective.DescribeOrganizationConfigurationInput{
				GraphArn: aws.String(graphOf(t, e, dt(e, security, "us-east-1")))})
			return err
		}, is("AccessDeniedException", 403)},
		{"a malformed graph ARN", func() error {
			_, err := dt(e, security, "us-east-1").DescribeOrganizationConfiguration(e.Ctx, &detective.DescribeOrganizationConfigurationInput{GraphArn: aws.String("graph")})
			return err
		}, is("ValidationException", 400)},
		{"remove in eu-west-1", func() error {
			_, err := dt(e, e.Admin(), "eu-west-1").DisableOrganizationAdminAccount(e.Ctx, &detective.DisableOrganizationAdminAccountInput{})
			return err
		}, expect.OK},
		{"remove again", func() error {
			_, err := dt(e, e.Admin(), "eu-west-1").DisableOrganizationAdminAccount(e.Ctx, &detective.DisableOrganizationAdminAccountInput{})
			return err
		}, is("ResourceNotFoundException", 404)},
	} {
		expect.Check(t, c.name, c.call(), c.want)
	}
	out, err := dt(e, e.Admin(), "us-east-1").ListOrganizationAdminAccounts(e.Ctx, &detective.ListOrganizationAdminAccountsInput{})
	if err != nil || len(out.Administrators) != 1 || *out.Administrators[0].AccountId != secID || *out.Administrators[0].GraphArn != graphOf(t, e, dt(e, security, "us-east-1")) {
		t.Errorf("administrators: %+v, %v", out, err)
	}
	// Removing the administrator deleted its graph in eu-west-1.
	if gs, err := dt(e, security, "eu-west-1").ListGraphs(e.Ctx, &detective.ListGraphsInput{}); err != nil || len(gs.GraphList) != 0 {
		t.Errorf("graphs after removal: %+v, %v", gs, err)
	}
	d, err := e.Org.ListDelegatedAdministrators(e.Ctx, &organizations.ListDelegatedAdministratorsInput{ServicePrincipal: aws.String(principal)})
	if err != nil || len(d.DelegatedAdministrators) != 1 || *d.DelegatedAdministrators[0].Id != secID {
		t.Errorf("delegated administrators for Detective: %+v, %v", d, err)
	}
}

// CreateMembers takes up to 50 accounts and says which it did not
// process; auto-enable covers only accounts that join afterwards.
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
	admin := dt(e, security, "us-east-1")
	graph := aws.String(graphOf(t, e, admin))
	create := func(ids ...string) (*detective.CreateMembersOutput, error) {
		in := &detective.CreateMembersInput{GraphArn: graph}
		for _, id := range ids {
			in.Accounts = append(in.Accounts, types.Account{AccountId: aws.String(id), EmailAddress: aws.String("x@example.com")})
		}
		return admin.CreateMembers(e.Ctx, in)
	}
	_, err := create(oldID)
	expect.Check(t, "before designation settles", err, is("AccessDeniedException", 403))
	clock.Advance(time.Minute)
	if _, err := e.Org.CloseAccount(e.Ctx, &organizations.CloseAccountInput{AccountId: aws.String(closedID)}); err != nil {
		t.Fatal(err)
	}
	out, err := create(oldID, e.SB.ManagementAccountID(), secID, closedID, fullID, oldID)
	if err != nil {
		t.Fatal(err)
	}
	reasons := map[string]string{}
	for _, u := range out.UnprocessedAccounts {
		reasons[*u.AccountId] = *u.Reason
	}
	want := map[string]string{secID: msgSelf, closedID: msgSuspended, fullID: msgQuota, oldID: msgMember}
	if len(out.Members) != 2 || len(reasons) != len(want) {
		t.Errorf("members %d, unprocessed %v", len(out.Members), reasons)
	}
	for id, r := range want {
		if reasons[id] != r {
			t.Errorf("%s: reason %q, want %q", id, reasons[id], r)
		}
	}
	many := make([]string, 51)
	for i := range many {
		many[i] = oldID
	}
	_, err = create(many...)
	expect.Check(t, "51 accounts", err, is("ValidationException", 400))
	// Remove one; then auto-enable enrols an account that joins, not it.
	if _, err := admin.DeleteMembers(e.Ctx, &detective.DeleteMembersInput{GraphArn: graph, AccountIds: []string{oldID}}); err != nil {
		t.Fatal(err)
	}
	if _, err := admin.UpdateOrganizationConfiguration(e.Ctx, &detective.UpdateOrganizationConfigurationInput{GraphArn: graph, AutoEnable: true}); err != nil {
		t.Fatal(err)
	}
	clock.Advance(time.Second)
	newID, _ := e.NewMember("new", time.Minute)
	got := map[string]types.MemberStatus{}
	for pg := detective.NewListMembersPaginator(admin, &detective.ListMembersInput{GraphArn: graph, MaxResults: aws.Int32(1)}); pg.HasMorePages(); {
		page, err := pg.NextPage(e.Ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range page.MemberDetails {
			got[*m.AccountId] = m.Status
			if m.InvitationType != types.InvitationTypeOrganization {
				t.Errorf("member %s: invitation type %s", *m.AccountId, m.InvitationType)
			}
		}
	}
	if len(got) != 2 || got[newID] != types.MemberStatusEnabled || got[e.SB.ManagementAccountID()] != types.MemberStatusEnabled {
		t.Errorf("members after auto-enable: %v (new %s)", got, newID)
	}
	cfg, err := admin.DescribeOrganizationConfiguration(e.Ctx, &detective.DescribeOrganizationConfigurationInput{GraphArn: graph})
	if err != nil || !cfg.AutoEnable {
		t.Errorf("organization configuration %+v, %v", cfg, err)
	}
}
