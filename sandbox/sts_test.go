package sandbox

import (
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	"github.com/aws/aws-sdk-go-v2/service/sts"
)

func TestGetCallerIdentity(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	mgmt := e.sb.ManagementAccountID()
	id, err := e.sts.GetCallerIdentity(e.ctx, &sts.GetCallerIdentityInput{})
	if err != nil {
		t.Fatal(err)
	}
	if *id.Account != mgmt || *id.Arn != "arn:aws:iam::"+mgmt+":user/sandbox-admin" || !strings.HasPrefix(*id.UserId, "AIDA") {
		t.Errorf("management identity = %s %s %s", *id.Account, *id.Arn, *id.UserId)
	}
	if k := e.sb.Credentials().AccessKeyID; !strings.HasPrefix(k, "AKIA") || len(k) != 20 {
		t.Errorf("access key %q", k)
	}

	acct, member, memberSTS := e.assumeMember("workload")
	id, err = memberSTS.GetCallerIdentity(e.ctx, &sts.GetCallerIdentityInput{})
	if err != nil {
		t.Fatal(err)
	}
	if *id.Account != acct || *id.Arn != "arn:aws:sts::"+acct+":assumed-role/OrganizationAccountAccessRole/orgctl" ||
		!strings.HasPrefix(*id.UserId, "AROA") || !strings.HasSuffix(*id.UserId, ":orgctl") {
		t.Errorf("assumed identity = %s %s %s", *id.Account, *id.Arn, *id.UserId)
	}
	// A write from the member account is refused.
	_, err = member.CreateOrganizationalUnit(e.ctx, &organizations.CreateOrganizationalUnitInput{ParentId: aws.String(e.rootID()), Name: aws.String("x")})
	check(t, "member write", err, isCode("AccessDeniedException"))
}

func TestAssumeRole(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	mgmt := e.sb.ManagementAccountID()
	acct := e.createAccount("target")
	custom, err := e.org.CreateAccount(e.ctx, &organizations.CreateAccountInput{AccountName: aws.String("custom"),
		Email: aws.String("custom@example.org"), RoleName: aws.String("Admin")})
	if err != nil {
		t.Fatal(err)
	}
	e.clock.Advance(time.Minute)
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
		_, err := c.client.AssumeRole(e.ctx, in)
		check(t, c.name, err, c.want)
	}
}

func TestCredentialErrors(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	acct := e.createAccount("target")
	out, err := e.sts.AssumeRole(e.ctx, &sts.AssumeRoleInput{
		RoleArn: aws.String("arn:aws:iam::" + acct + ":role/OrganizationAccountAccessRole"), RoleSessionName: aws.String("short"),
		DurationSeconds: aws.Int32(900)})
	if err != nil {
		t.Fatal(err)
	}
	c := out.Credentials
	if !strings.HasPrefix(*c.AccessKeyId, "ASIA") || !c.Expiration.Equal(e.clock.Now().Add(15*time.Minute)) {
		t.Errorf("credentials = %s expiring %v", *c.AccessKeyId, c.Expiration)
	}
	temp, tempSTS := e.clients(credentials.NewStaticCredentialsProvider(*c.AccessKeyId, *c.SecretAccessKey, *c.SessionToken))
	badToken, badTokenSTS := e.clients(credentials.NewStaticCredentialsProvider(*c.AccessKeyId, *c.SecretAccessKey, "forged"))
	unknown, unknownSTS := e.clients(credentials.NewStaticCredentialsProvider("AKIAUNKNOWNUNKNOWN00", "secret", ""))

	_, err = badToken.DescribeOrganization(e.ctx, nil)
	check(t, "forged session token", err, isCode("UnrecognizedClientException"))
	_, err = badTokenSTS.GetCallerIdentity(e.ctx, nil)
	check(t, "forged session token (STS)", err, isCode("InvalidClientTokenId"))
	_, err = unknown.DescribeOrganization(e.ctx, nil)
	check(t, "unknown key", err, isCode("UnrecognizedClientException"))
	_, err = unknownSTS.GetCallerIdentity(e.ctx, nil)
	check(t, "unknown key (STS)", err, isCode("InvalidClientTokenId"))

	_, err = temp.DescribeOrganization(e.ctx, nil)
	check(t, "fresh credentials", err, ok)
	e.clock.Advance(15 * time.Minute)
	_, err = temp.DescribeOrganization(e.ctx, nil)
	check(t, "expired credentials", err, isCode("ExpiredTokenException"))
	_, err = tempSTS.GetCallerIdentity(e.ctx, nil)
	check(t, "expired credentials (STS)", err, isCode("ExpiredToken"))

	// Temporary credentials are part of the state: they survive a restart.
	e.clock.Advance(-time.Minute)
	e.reopen()
	temp, _ = e.clients(credentials.NewStaticCredentialsProvider(*c.AccessKeyId, *c.SecretAccessKey, *c.SessionToken))
	_, err = temp.DescribeOrganization(e.ctx, nil)
	check(t, "credentials after reopen", err, ok)
}
