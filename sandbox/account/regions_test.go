package account

import (
	"slices"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/account"
	"github.com/aws/aws-sdk-go-v2/service/account/types"

	"github.com/orgctl/orgctl/facts"
	"github.com/orgctl/orgctl/sandbox"
	"github.com/orgctl/orgctl/sandbox/internal/sandboxtest/expect"
)

// An account's own Regions: those of before 2019 cannot change, an
// opt-in Region goes DISABLED, ENABLING, ENABLED, DISABLING, DISABLED,
// and refuses the opposite change while in transition.
func TestOwnRegions(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	mgmt := acct(e, e.Admin())
	byDefault := isValidation(types.ValidationExceptionReasonInvalidRegionOptTarget, "us-east-1 is enabled by default and cannot be enabled or disabled.")
	steps := []struct {
		name string
		call func() error
		want func(error) string
		then types.RegionOptStatus // ap-east-2's status after the step
	}{
		{"enable a Region enabled by default", func() error { return enable(e, mgmt, "", "us-east-1") }, byDefault, types.RegionOptStatusDisabled},
		{"disable a Region enabled by default", func() error { return disable(e, mgmt, "", "us-east-1") }, byDefault, types.RegionOptStatusDisabled},
		{"a Region AWS does not have", func() error { return enable(e, mgmt, "", "eu-east-9") },
			isValidation(types.ValidationExceptionReasonInvalidRegionOptTarget, "eu-east-9 is not a valid Region."), types.RegionOptStatusDisabled},
		{"a Region of another partition", func() error { return enable(e, mgmt, "", "cn-north-1") },
			isValidation(types.ValidationExceptionReasonInvalidRegionOptTarget, ""), types.RegionOptStatusDisabled},
		{"disable a disabled Region", func() error { return disable(e, mgmt, "", "ap-east-2") }, expect.OK, types.RegionOptStatusDisabled},
		{"enable", func() error { return enable(e, mgmt, "", "ap-east-2") }, expect.OK, types.RegionOptStatusEnabling},
		{"enable while enabling", func() error { return enable(e, mgmt, "", "ap-east-2") }, expect.OK, types.RegionOptStatusEnabling},
		{"disable while enabling", func() error { return disable(e, mgmt, "", "ap-east-2") }, isConflict, types.RegionOptStatusEnabling},
		{"enabling settles", func() error { e.Clock.Advance(settle); return nil }, expect.OK, types.RegionOptStatusEnabled},
		{"enable an enabled Region", func() error { return enable(e, mgmt, "", "ap-east-2") }, expect.OK, types.RegionOptStatusEnabled},
		{"disable", func() error { return disable(e, mgmt, "", "ap-east-2") }, expect.OK, types.RegionOptStatusDisabling},
		{"enable while disabling", func() error { return enable(e, mgmt, "", "ap-east-2") }, isConflict, types.RegionOptStatusDisabling},
		{"disabling settles", func() error { e.Clock.Advance(settle); return nil }, expect.OK, types.RegionOptStatusDisabled},
	}
	for _, s := range steps {
		expect.Check(t, s.name, s.call(), s.want)
		if got := status(t, e, mgmt, "", "ap-east-2"); got != s.then {
			t.Errorf("%s: ap-east-2 is %s, want %s", s.name, got, s.then)
		}
	}
	if got := status(t, e, mgmt, "", "eu-west-1"); got != types.RegionOptStatusEnabledByDefault {
		t.Errorf("eu-west-1 is %s, want ENABLED_BY_DEFAULT", got)
	}
	// A member's own call is about its own account, not the caller's org.
	_, member := e.NewMember("member", time.Minute)
	if err := enable(e, acct(e, member), "", "me-central-1"); err != nil {
		t.Fatal(err)
	}
	if got := status(t, e, mgmt, "", "me-central-1"); got != types.RegionOptStatusDisabled {
		t.Errorf("the member's EnableRegion changed the management account: %s", got)
	}
}

// AccountId names another account only from the management account or
// Account Management's delegated administrator, with trusted access, and
// never the management account itself.
func TestAccountID(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	mgmtID := e.SB.ManagementAccountID()
	mgmt := acct(e, e.Admin())
	memberID, member := e.NewMember("member", time.Minute)
	adminID, admin := e.NewMember("admin", time.Minute)
	arn := func(account string) string {
		return "arn:aws:sts::" + account + ":assumed-role/OrganizationAccountAccessRole/orgctl"
	}
	denied := func(caller, op string) func(error) string {
		who := "arn:aws:iam::" + mgmtID + ":user/sandbox-admin"
		if caller != mgmtID {
			who = arn(caller)
		}
		return isDenied("User: " + who + " is not authorized to perform: account:" + op)
	}
	noTrust := isDenied("User: arn:aws:iam::" + mgmtID + ":user/sandbox-admin is not authorized to perform: account:GetRegionOptStatus (Your organization must first enable trusted access with AWS Account Management.)")
	get := func(c *account.Client, id string) func() error {
		return func() error {
			_, err := c.GetRegionOptStatus(e.Ctx, &account.GetRegionOptStatusInput{AccountId: aws.String(id), RegionName: aws.String("ap-east-2")})
			return err
		}
	}
	cases := []struct {
		name string
		call func() error
		want func(error) string
	}{
		{"not an account ID", get(mgmt, "12345"), isValidation(types.ValidationExceptionReasonFieldValidationFailed, "")},
		{"the management account names itself", get(mgmt, mgmtID), isValidation(types.ValidationExceptionReasonFieldValidationFailed, msgOwnID)},
		{"without trusted access", get(mgmt, memberID), noTrust},
		{"a member names another account", get(acct(e, member), adminID), denied(memberID, "GetRegionOptStatus")},
		{"a member names itself", get(acct(e, member), memberID), denied(memberID, "GetRegionOptStatus")},
		{"enable trusted access", func() error { e.TrustedAccess(principal); return nil }, expect.OK},
		{"the management account names a member", get(mgmt, memberID), expect.OK},
		{"an account outside the organization", get(mgmt, "123456789012"), denied(mgmtID, "GetRegionOptStatus")},
		{"enable a member's Region", func() error { return enable(e, mgmt, memberID, "ap-east-2") }, expect.OK},
		{"register the delegated administrator", func() error { e.Delegate(adminID, principal); return nil }, expect.OK},
		{"the delegated administrator names a member", get(acct(e, admin), memberID), expect.OK},
		{"the delegated administrator names the management account", get(acct(e, admin), mgmtID), denied(adminID, "GetRegionOptStatus")},
		{"a member still may not", func() error { return enable(e, acct(e, member), adminID, "ap-east-2") }, denied(memberID, "EnableRegion")},
	}
	for _, c := range cases {
		expect.Check(t, c.name, c.call(), c.want)
	}
	if got := status(t, e, acct(e, member), "", "ap-east-2"); got != types.RegionOptStatusEnabling {
		t.Errorf("the member's ap-east-2 after the management account enabled it: %s, want ENABLING", got)
	}
}

// ListRegions lists the partition's Regions with their statuses, filtered
// and in pages.
func TestListRegions(t *testing.T) {
	t.Parallel()
	e := newEnv(t, WithEnabledRegions("af-south-1"))
	mgmt := acct(e, e.Admin())
	if err := enable(e, mgmt, "", "ap-east-2"); err != nil {
		t.Fatal(err)
	}
	list := func(max int32, filter ...types.RegionOptStatus) []string {
		t.Helper()
		var out []string
		p := account.NewListRegionsPaginator(mgmt, &account.ListRegionsInput{MaxResults: aws.Int32(max), RegionOptStatusContains: filter})
		for p.HasMorePages() {
			page, err := p.NextPage(e.Ctx)
			if err != nil {
				t.Fatal(err)
			}
			if int32(len(page.Regions)) > max {
				t.Errorf("a page of %d, asked for %d", len(page.Regions), max)
			}
			for _, r := range page.Regions {
				out = append(out, aws.ToString(r.RegionName)+"="+string(r.RegionOptStatus))
			}
		}
		return out
	}
	all := list(7)
	var want []string
	for _, r := range facts.Regions {
		if r.Partition == "aws" {
			want = append(want, r.Code)
		}
	}
	if len(all) != len(want) {
		t.Errorf("listed %d Regions, want the %d of the aws partition: %v", len(all), len(want), all)
	}
	for _, s := range []string{"us-east-1=ENABLED_BY_DEFAULT", "af-south-1=ENABLED", "ap-east-2=ENABLING", "me-central-1=DISABLED"} {
		if !slices.Contains(all, s) {
			t.Errorf("%s not in %v", s, all)
		}
	}
	if got := list(50, types.RegionOptStatusEnabled, types.RegionOptStatusEnabling); !slices.Equal(got, []string{"af-south-1=ENABLED", "ap-east-2=ENABLING"}) {
		t.Errorf("ENABLED or ENABLING: %v", got)
	}
	field := isValidation(types.ValidationExceptionReasonFieldValidationFailed, "")
	for name, in := range map[string]*account.ListRegionsInput{
		"MaxResults above 50":  {MaxResults: aws.Int32(51)},
		"a status AWS lacks":   {RegionOptStatusContains: []types.RegionOptStatus{"ON"}},
		"a token of elsewhere": {NextToken: aws.String("bm90IGEgdG9rZW4")},
	} {
		_, err := mgmt.ListRegions(e.Ctx, in)
		expect.Check(t, name, err, field)
	}
}

// The setting enables opt-in Regions in every account, which may still
// disable them; it takes only opt-in Regions, as a list or a string.
func TestEnabledRegionsSetting(t *testing.T) {
	t.Parallel()
	e := newEnv(t, sandbox.WithSetting("account.enabledRegions", "ap-east-2, me-central-1"))
	_, member := e.NewMember("member", time.Minute)
	for _, region := range []string{"ap-east-2", "me-central-1"} {
		if got := status(t, e, acct(e, member), "", region); got != types.RegionOptStatusEnabled {
			t.Errorf("%s in a new member: %s, want ENABLED", region, got)
		}
	}
	if err := disable(e, acct(e, member), "", "ap-east-2"); err != nil {
		t.Fatal(err)
	}
	e.Clock.Advance(settle)
	if got := status(t, e, acct(e, member), "", "ap-east-2"); got != types.RegionOptStatusDisabled {
		t.Errorf("disabled by the member: %s", got)
	}
	if got := status(t, e, acct(e, e.Admin()), "", "ap-east-2"); got != types.RegionOptStatusEnabled {
		t.Errorf("the management account's: %s", got)
	}
	_, err := sandbox.Init(t.TempDir()+"/s.json", sandbox.WithSetting("account.enabledRegions", "eu-west-1"))
	if err == nil || err.Error() != "sandbox: account.enabledRegions: eu-west-1 is not an opt-in Region; they are "+joinOptIn() {
		t.Errorf("a Region enabled by default as a setting: %v", err)
	}
}

func joinOptIn() string {
	s := ""
	for i, r := range optInRegions() {
		if i > 0 {
			s += ", "
		}
		s += r
	}
	return s
}
