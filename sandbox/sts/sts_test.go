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
)

func TestGetCallerIdentity(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	mgmt := e.SB.ManagementAccountID()
	id, err := e.sts.GetCallerIdentity(e.Ctx, &sts.GetCallerIdentityInput{})
	if err != nil {
		t.Fatal(err)
	}
	if *id.Account != mgmt || *id.Arn != "arn:aws:iam::"+mgmt+":user/sandbox-admin" || !strings.HasPrefix(*id.UserId, "AIDA") {
		t.Errorf("management identity = %s %s %s", *id.Account, *id.Arn, *id.UserId)
	}
	if k := e.SB.Credentials().AccessKeyID; !strings.HasPrefix(k, "AKIA") || len(k) != 20 {
		t.Errorf("access key %q", k)
	}

	acct, member, memberSTS := e.assumeMember("workload")
	id, err = memberSTS.GetCallerIdentity(e.Ctx, &sts.GetCallerIdentityInput{})
	if err != nil {
		t.Fatal(err)
	}
	if *id.Account != acct || *id.Arn != "arn:aws:sts::"+acct+":assumed-role/OrganizationAccountAccessRole/orgctl" ||
		!strings.HasPrefix(*id.UserId, "AROA") || !strings.HasSuffix(*id.UserId, ":orgctl") {
		t.Errorf("assumed identity = %s %s %s", *id.Account, *id.Arn, *id.UserId)
	}
	// A write from the member account is refused.
	_, err = member.CreateOrganizationalUnit(e.Ctx, &organizations.CreateOrganizationalUnitInput{ParentId: aws.String(e.rootID()), Name: aws.String("x")})
	check(t, "member write", err, isCode("AccessDeniedException"))
}

func TestAssumeRole(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	mgmt := e.SB.ManagementAccountID()
	acct := e.createAccount("target")
	custom, err := e.org.CreateAccount(e.Ctx, &organizations.CreateAccountInput{AccountName: aws.String("custom"),
		Email: aws.String("custom@example.org"), RoleName: aws.String("Admin")})
	if err != nil {
		t.Fatal(err)
	}
	e.Clock.Advance(time.Minute)
	customID := *e.createStatus(custom.CreateAccountStatus.Id).AccountId
	role := func(a, name string) string { return "arn:aws:iam::" + a + ":role/" + name }

	_, _, memberSTS := e.assumeMember("member")
	userArn := "arn:aws:iam::" + mgmt + ":user/sandbox-admin"
	cases := []struct {
		name     string
		client   *sts.Client
		arn      string
		session  string
		duration int32
		want     func(error) string
	}{
		{"default role", e.sts, role(acct, "OrganizationAccountAccessRole"), "s1", 0, ok},
		{"custom role name", e.sts, role(customID, "Admin"), "s1", 0, ok},
		{"default name where the role is custom", e.sts, role(customID, "OrganizationAccountAccessRole"), "s1", 0, isCode("AccessDenied")},
		{"wrong role name", e.sts, role(acct, "Other"), "s1", 0, func(err error) string {
			want := "User: " + userArn + " is not authorized to perform: sts:AssumeRole on resource: " + role(acct, "Other")
			if msg := isCode("AccessDenied")(err); msg != "" || !strings.Contains(err.Error(), want) {
				return "error " + errString(err) + ", want " + want
			}
			return ""
		}},
		{"management account", e.sts, role(mgmt, "OrganizationAccountAccessRole"), "s1", 0, isCode("AccessDenied")},
		{"unknown account", e.sts, role("123456789012", "OrganizationAccountAccessRole"), "s1", 0, isCode("AccessDenied")},
		{"from a member account", memberSTS, role(acct, "OrganizationAccountAccessRole"), "s1", 0, isCode("AccessDenied")},
		{"session name too short", e.sts, role(acct, "OrganizationAccountAccessRole"), "s", 0, isCode("ValidationError")},
		{"duration too short", e.sts, role(acct, "OrganizationAccountAccessRole"), "s1", 899, isCode("ValidationError")},
		{"duration over the role's one hour", e.sts, role(acct, "OrganizationAccountAccessRole"), "s1", 7200, isCode("ValidationError")},
		{"duration one hour", e.sts, role(acct, "OrganizationAccountAccessRole"), "s1", 3600, ok},
		{"not an ARN", e.sts, "arn:aws:s3:::bucket-name-here", "s1", 0, isCode("ValidationError")},
	}
	for _, c := range cases {
		in := &sts.AssumeRoleInput{RoleArn: aws.String(c.arn), RoleSessionName: aws.String(c.session)}
		if c.duration != 0 {
			in.DurationSeconds = aws.Int32(c.duration)
		}
		_, err := c.client.AssumeRole(e.Ctx, in)
		check(t, c.name, err, c.want)
	}
}

func TestCredentialErrors(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	acct := e.createAccount("target")
	out, err := e.sts.AssumeRole(e.Ctx, &sts.AssumeRoleInput{
		RoleArn: aws.String("arn:aws:iam::" + acct + ":role/OrganizationAccountAccessRole"), RoleSessionName: aws.String("short"),
		DurationSeconds: aws.Int32(900)})
	if err != nil {
		t.Fatal(err)
	}
	c := out.Credentials
	if !strings.HasPrefix(*c.AccessKeyId, "ASIA") || !c.Expiration.Equal(e.Clock.Now().Add(15*time.Minute)) {
		t.Errorf("credentials = %s expiring %v", *c.AccessKeyId, c.Expiration)
	}
	temp, tempSTS := e.clients(credentials.NewStaticCredentialsProvider(*c.AccessKeyId, *c.SecretAccessKey, *c.SessionToken))
	badToken, badTokenSTS := e.clients(credentials.NewStaticCredentialsProvider(*c.AccessKeyId, *c.SecretAccessKey, "forged"))
	unknown, unknownSTS := e.clients(credentials.NewStaticCredentialsProvider("AKIAUNKNOWNUNKNOWN00", "secret", ""))

	_, err = badToken.DescribeOrganization(e.Ctx, nil)
	check(t, "forged session token", err, isCode("UnrecognizedClientException"))
	_, err = badTokenSTS.GetCallerIdentity(e.Ctx, nil)
	check(t, "forged session token (STS)", err, isCode("InvalidClientTokenId"))
	_, err = unknown.DescribeOrganization(e.Ctx, nil)
	check(t, "unknown key", err, isCode("UnrecognizedClientException"))
	_, err = unknownSTS.GetCallerIdentity(e.Ctx, nil)
	check(t, "unknown key (STS)", err, isCode("InvalidClientTokenId"))

	_, err = temp.DescribeOrganization(e.Ctx, nil)
	check(t, "fresh credentials", err, ok)
	e.Clock.Advance(15 * time.Minute)
	_, err = temp.DescribeOrganization(e.Ctx, nil)
	check(t, "expired credentials", err, isCode("ExpiredTokenException"))
	_, err = tempSTS.GetCallerIdentity(e.Ctx, nil)
	check(t, "expired credentials (STS)", err, isCode("ExpiredToken"))

	// Temporary credentials are part of the state: they survive a restart.
	e.Clock.Advance(-time.Minute)
	e.reopen()
	temp, _ = e.clients(credentials.NewStaticCredentialsProvider(*c.AccessKeyId, *c.SecretAccessKey, *c.SessionToken))
	_, err = temp.DescribeOrganization(e.Ctx, nil)
	check(t, "credentials after reopen", err, ok)
}

func TestAWSQueryProtocol(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
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
	e := newEnv(t)
	acct := e.createAccount("vendor")
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
		{"no external ID where none is required", "OrganizationAccountAccessRole", nil, ok},
		{"an external ID where none is required", "OrganizationAccountAccessRole", aws.String("anything:/=,.@-"), ok},
		{"too short", "OrganizationAccountAccessRole", aws.String("x"), isCode("ValidationError")},
		{"too long", "OrganizationAccountAccessRole", aws.String(strings.Repeat("x", 1225)), isCode("ValidationError")},
		{"longest", "OrganizationAccountAccessRole", aws.String(strings.Repeat("x", 1224)), ok},
		{"bad character", "OrganizationAccountAccessRole", aws.String("tenant 42"), isCode("ValidationError")},
		{"required and given", "Vendor", aws.String("tenant-42"), ok},
		{"required and missing", "Vendor", nil, isCode("AccessDenied")},
		{"required and wrong", "Vendor", aws.String("tenant-43"), isCode("AccessDenied")},
	}
	for _, c := range cases {
		_, err := e.sts.AssumeRole(e.Ctx, &sts.AssumeRoleInput{RoleArn: role(c.role), RoleSessionName: aws.String("s1"), ExternalId: c.externalID})
		check(t, c.name, err, c.want)
	}
}

func TestNoRoleIntoClosedAccount(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	acct := e.createAccount("leaving")
	if _, err := e.org.CloseAccount(e.Ctx, &organizations.CloseAccountInput{AccountId: aws.String(acct)}); err != nil {
		t.Fatal(err)
	}
	_, err := e.sts.AssumeRole(e.Ctx, &sts.AssumeRoleInput{
		RoleArn: aws.String("arn:aws:iam::" + acct + ":role/OrganizationAccountAccessRole"), RoleSessionName: aws.String("s1")})
	check(t, "assume a role in a closing account", err, isCode("AccessDenied"))
}
