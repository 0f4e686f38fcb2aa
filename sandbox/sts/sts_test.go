package sts

import (
	"encoding/xml"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	"github.com/aws/aws-sdk-go-v2/service/sts"

	"github.com/orgctl/orgctl/sandbox"
	"github.com/orgctl/orgctl/sandbox/internal/sandboxtest"
	"github.com/orgctl/orgctl/sandbox/internal/sandboxtest/expect"
	_ "github.com/orgctl/orgctl/sandbox/organizations" // accounts and the roles CreateAccount makes
)

func TestGetCallerIdentity(t *testing.T) {
	t.Parallel()
	e := sandboxtest.New(t)
	mgmt := e.SB.ManagementAccountID()
	id, err := e.STS.GetCallerIdentity(e.Ctx, &sts.GetCallerIdentityInput{})
	if err != nil {
		t.Fatal(err)
	}
	if *id.Account != mgmt || *id.Arn != "arn:aws:iam::"+mgmt+":user/sandbox-admin" || !strings.HasPrefix(*id.UserId, "AIDA") {
		t.Errorf("management identity = %s %s %s", *id.Account, *id.Arn, *id.UserId)
	}
	if k := e.SB.Credentials().AccessKeyID; !strings.HasPrefix(k, "AKIA") || len(k) != 20 {
		t.Errorf("access key %q", k)
	}

	acct, creds := e.NewMember("workload", time.Hour)
	member, memberSTS := e.Clients(creds)
	id, err = memberSTS.GetCallerIdentity(e.Ctx, &sts.GetCallerIdentityInput{})
	if err != nil {
		t.Fatal(err)
	}
	if *id.Account != acct || *id.Arn != "arn:aws:sts::"+acct+":assumed-role/OrganizationAccountAccessRole/orgctl" ||
		!strings.HasPrefix(*id.UserId, "AROA") || !strings.HasSuffix(*id.UserId, ":orgctl") {
		t.Errorf("assumed identity = %s %s %s", *id.Account, *id.Arn, *id.UserId)
	}
	// A write from the member account is refused.
	_, err = member.CreateOrganizationalUnit(e.Ctx, &organizations.CreateOrganizationalUnitInput{ParentId: aws.String(e.RootID()), Name: aws.String("x")})
	expect.Check(t, "member write", err, expect.Code("AccessDeniedException"))
}

func TestAssumeRole(t *testing.T) {
	t.Parallel()
	e := sandboxtest.New(t)
	mgmt := e.SB.ManagementAccountID()
	acct := e.CreateAccount("target", time.Hour)
	custom, err := e.Org.CreateAccount(e.Ctx, &organizations.CreateAccountInput{AccountName: aws.String("custom"),
		Email: aws.String("custom@example.org"), RoleName: aws.String("Admin")})
	if err != nil {
		t.Fatal(err)
	}
	e.Clock.Advance(time.Minute)
	customID := *e.CreateStatus(custom.CreateAccountStatus.Id).AccountId
	role := func(a, name string) string { return "arn:aws:iam::" + a + ":role/" + name }

	_, creds := e.NewMember("member", time.Hour)
	_, memberSTS := e.Clients(creds)
	userArn := "arn:aws:iam::" + mgmt + ":user/sandbox-admin"
	cases := []struct {
		name     string
		client   *sts.Client
		arn      string
		session  string
		duration int32
		want     func(error) string
	}{
		{"default role", e.STS, role(acct, "OrganizationAccountAccessRole"), "s1", 0, expect.OK},
		{"custom role name", e.STS, role(customID, "Admin"), "s1", 0, expect.OK},
		{"default name where the role is custom", e.STS, role(customID, "OrganizationAccountAccessRole"), "s1", 0, expect.Code("AccessDenied")},
		{"wrong role name", e.STS, role(acct, "Other"), "s1", 0, func(err error) string {
			want := "User: " + userArn + " is not authorized to perform: sts:AssumeRole on resource: " + role(acct, "Other")
			if msg := expect.Code("AccessDenied")(err); msg != "" || !strings.Contains(err.Error(), want) {
				return "error " + expect.ErrString(err) + ", want " + want
			}
			return ""
		}},
		{"management account", e.STS, role(mgmt, "OrganizationAccountAccessRole"), "s1", 0, expect.Code("AccessDenied")},
		{"unknown account", e.STS, role("123456789012", "OrganizationAccountAccessRole"), "s1", 0, expect.Code("AccessDenied")},
		{"from a member account", memberSTS, role(acct, "OrganizationAccountAccessRole"), "s1", 0, expect.Code("AccessDenied")},
		{"session name too short", e.STS, role(acct, "OrganizationAccountAccessRole"), "s", 0, expect.Code("ValidationError")},
		{"duration too short", e.STS, role(acct, "OrganizationAccountAccessRole"), "s1", 899, expect.Code("ValidationError")},
		{"duration over the role's one hour", e.STS, role(acct, "OrganizationAccountAccessRole"), "s1", 7200, expect.Code("ValidationError")},
		{"duration one hour", e.STS, role(acct, "OrganizationAccountAccessRole"), "s1", 3600, expect.OK},
		{"not an ARN", e.STS, "arn:aws:s3:::bucket-name-here", "s1", 0, expect.Code("ValidationError")},
	}
	for _, c := range cases {
		in := &sts.AssumeRoleInput{RoleArn: aws.String(c.arn), RoleSessionName: aws.String(c.session)}
		if c.duration != 0 {
			in.DurationSeconds = aws.Int32(c.duration)
		}
		_, err := c.client.AssumeRole(e.Ctx, in)
		expect.Check(t, c.name, err, c.want)
	}
}

func TestCredentialErrors(t *testing.T) {
	t.Parallel()
	e := sandboxtest.New(t)
	acct := e.CreateAccount("target", time.Hour)
	out, err := e.STS.AssumeRole(e.Ctx, &sts.AssumeRoleInput{
		RoleArn: aws.String("arn:aws:iam::" + acct + ":role/OrganizationAccountAccessRole"), RoleSessionName: aws.String("short"),
		DurationSeconds: aws.Int32(900)})
	if err != nil {
		t.Fatal(err)
	}
	c := out.Credentials
	if !strings.HasPrefix(*c.AccessKeyId, "ASIA") || !c.Expiration.Equal(e.Clock.Now().Add(15*time.Minute)) {
		t.Errorf("credentials = %s expiring %v", *c.AccessKeyId, c.Expiration)
	}
	temp, tempSTS := e.Clients(credentials.NewStaticCredentialsProvider(*c.AccessKeyId, *c.SecretAccessKey, *c.SessionToken))
	badToken, badTokenSTS := e.Clients(credentials.NewStaticCredentialsProvider(*c.AccessKeyId, *c.SecretAccessKey, "forged"))
	unknown, unknownSTS := e.Clients(credentials.NewStaticCredentialsProvider("AKIAUNKNOWNUNKNOWN00", "secret", ""))

	_, err = badToken.DescribeOrganization(e.Ctx, nil)
	expect.Check(t, "forged session token", err, expect.Code("UnrecognizedClientException"))
	_, err = badTokenSTS.GetCallerIdentity(e.Ctx, nil)
	expect.Check(t, "forged session token (STS)", err, expect.Code("InvalidClientTokenId"))
	_, err = unknown.DescribeOrganization(e.Ctx, nil)
	expect.Check(t, "unknown key", err, expect.Code("UnrecognizedClientException"))
	_, err = unknownSTS.GetCallerIdentity(e.Ctx, nil)
	expect.Check(t, "unknown key (STS)", err, expect.Code("InvalidClientTokenId"))

	_, err = temp.DescribeOrganization(e.Ctx, nil)
	expect.Check(t, "fresh credentials", err, expect.OK)
	e.Clock.Advance(15 * time.Minute)
	_, err = temp.DescribeOrganization(e.Ctx, nil)
	expect.Check(t, "expired credentials", err, expect.Code("ExpiredTokenException"))
	_, err = tempSTS.GetCallerIdentity(e.Ctx, nil)
	expect.Check(t, "expired credentials (STS)", err, expect.Code("ExpiredToken"))

	// Temporary credentials are part of the state: they survive a restart.
	e.Clock.Advance(-time.Minute)
	e.Reopen()
	temp, _ = e.Clients(credentials.NewStaticCredentialsProvider(*c.AccessKeyId, *c.SecretAccessKey, *c.SessionToken))
	_, err = temp.DescribeOrganization(e.Ctx, nil)
	expect.Check(t, "credentials after reopen", err, expect.OK)
}

func TestAWSQueryProtocol(t *testing.T) {
	t.Parallel()
	e := sandboxtest.New(t)
	form := "application/x-www-form-urlencoded"
	status, _, body := e.Raw("POST", "/", map[string]string{"Content-Type": form}, "Action=GetCallerIdentity&Version=2011-06-15")
	var errResp struct {
		XMLName xml.Name `xml:"ErrorResponse"`
		Error   struct{ Type, Code, Message string }
		ID      string `xml:"RequestId"`
	}
	if err := xml.Unmarshal([]byte(body), &errResp); err != nil || status != 403 ||
		errResp.Error.Code != "MissingAuthenticationToken" || errResp.Error.Type != "Sender" || errResp.ID == "" {
		t.Errorf("missing auth: %d %s", status, body)
	}
	status, _, body = e.Raw("POST", "/", map[string]string{"Authorization": e.Auth("sts"), "Content-Type": form}, "Action=Frobnicate&Version=2011-06-15")
	if status != 400 || !strings.Contains(body, "<Code>InvalidAction</Code>") {
		t.Errorf("unknown action: %d %s", status, body)
	}
	status, _, body = e.Raw("POST", "/", map[string]string{"Authorization": e.Auth("sts"), "Content-Type": form}, "Action=GetCallerIdentity&Version=2011-06-15")
	var ok struct {
		XMLName xml.Name                              `xml:"https://sts.amazonaws.com/doc/2011-06-15/ GetCallerIdentityResponse"`
		Result  struct{ Account, Arn, UserId string } `xml:"GetCallerIdentityResult"`
		Meta    struct{ RequestId string }            `xml:"ResponseMetadata"`
	}
	if err := xml.Unmarshal([]byte(body), &ok); err != nil || status != 200 ||
		ok.Result.Account != e.SB.ManagementAccountID() || ok.Meta.RequestId == "" {
		t.Errorf("GetCallerIdentity: %d %s (%v)", status, body, err)
	}
}

func TestExternalID(t *testing.T) {
	t.Parallel()
	e := sandboxtest.New(t)
	acct := e.CreateAccount("vendor", time.Hour)
	// A role whose trust policy requires an external ID, as a third party's
	// role does.
	if err := e.SB.Update(func(c *sandbox.Call) error {
		c.State.PutRole(acct, sandbox.Role{Name: "Vendor", ID: sandbox.NewRoleID(), Trusts: []string{c.State.AdminAccount()},
			ExternalID: "tenant-42", MaxSession: sandbox.Duration(time.Hour)})
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	role := func(name string) *string { return aws.String("arn:aws:iam::" + acct + ":role/" + name) }
	cases := []struct {
		name, role string
		externalID *string
		want       func(error) string
	}{
		{"no external ID where none is required", "OrganizationAccountAccessRole", nil, expect.OK},
		{"an external ID where none is required", "OrganizationAccountAccessRole", aws.String("anything:/=,.@-"), expect.OK},
		{"too short", "OrganizationAccountAccessRole", aws.String("x"), expect.Code("ValidationError")},
		{"too long", "OrganizationAccountAccessRole", aws.String(strings.Repeat("x", 1225)), expect.Code("ValidationError")},
		{"longest", "OrganizationAccountAccessRole", aws.String(strings.Repeat("x", 1224)), expect.OK},
		{"bad character", "OrganizationAccountAccessRole", aws.String("tenant 42"), expect.Code("ValidationError")},
		{"required and given", "Vendor", aws.String("tenant-42"), expect.OK},
		{"required and missing", "Vendor", nil, expect.Code("AccessDenied")},
		{"required and wrong", "Vendor", aws.String("tenant-43"), expect.Code("AccessDenied")},
	}
	for _, c := range cases {
		_, err := e.STS.AssumeRole(e.Ctx, &sts.AssumeRoleInput{RoleArn: role(c.role), RoleSessionName: aws.String("s1"), ExternalId: c.externalID})
		expect.Check(t, c.name, err, c.want)
	}
}

func TestNoRoleIntoClosedAccount(t *testing.T) {
	t.Parallel()
	e := sandboxtest.New(t)
	acct := e.CreateAccount("leaving", time.Hour)
	if _, err := e.Org.CloseAccount(e.Ctx, &organizations.CloseAccountInput{AccountId: aws.String(acct)}); err != nil {
		t.Fatal(err)
	}
	_, err := e.STS.AssumeRole(e.Ctx, &sts.AssumeRoleInput{
		RoleArn: aws.String("arn:aws:iam::" + acct + ":role/OrganizationAccountAccessRole"), RoleSessionName: aws.String("s1")})
	expect.Check(t, "assume a role in a closing account", err, expect.Code("AccessDenied"))
}
