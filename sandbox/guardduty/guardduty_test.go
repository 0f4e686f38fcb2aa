package guardduty

import (
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/service/guardduty"
	"github.com/aws/aws-sdk-go-v2/service/guardduty/types"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	smithyhttp "github.com/aws/smithy-go/transport/http"
	"github.com/google/go-cmp/cmp"

	"github.com/orgctl/orgctl/sandbox"
)

// designate designates account as the administrator in region.
func (e *env) designate(account, region string) error {
	_, err := e.gd(e.Admin(), region).EnableOrganizationAdminAccount(e.Ctx, &guardduty.EnableOrganizationAdminAccountInput{AdminAccountId: aws.String(account)})
	return err
}

func (e *env) admins(region string) []string {
	e.T.Helper()
	out, err := e.gd(e.Admin(), region).ListOrganizationAdminAccounts(e.Ctx, &guardduty.ListOrganizationAdminAccountsInput{})
	if err != nil {
		e.T.Fatal(err)
	}
	var ids []string
	for _, a := range out.AdminAccounts {
		if a.AdminStatus != types.AdminStatusEnabled {
			e.T.Errorf("admin %s is %s", *a.AdminAccountId, a.AdminStatus)
		}
		ids = append(ids, *a.AdminAccountId)
	}
	return ids
}

func (e *env) delegatedAdmins() []string {
	e.T.Helper()
	out, err := e.org.ListDelegatedAdministrators(e.Ctx, &organizations.ListDelegatedAdministratorsInput{ServicePrincipal: aws.String(principal)})
	if err != nil {
		e.T.Fatal(err)
	}
	var ids []string
	for _, a := range out.DelegatedAdministrators {
		ids = append(ids, *a.Id)
	}
	return ids
}

func TestDesignateAdministrator(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	mgmt := e.SB.ManagementAccountID()
	secID, security := e.createAccount("security")
	auditID, audit := e.createAccount("audit")
	closedID, _ := e.createAccount("closed")
	if _, err := e.org.CloseAccount(e.Ctx, &organizations.CloseAccountInput{AccountId: aws.String(closedID)}); err != nil {
		t.Fatal(err)
	}
	invalid := isBadRequest(msgInvalid)
	notMaster := isBadRequest(msgNotMaster)
	cases := []struct {
		name string
		call func() error
		want func(error) string
	}{
		{"without trusted access", func() error { return e.designate(secID, "us-east-1") }, invalid},
		{"enable trusted access", func() error { e.trustedAccess(principal); return nil }, ok},
		{"from a member account", func() error {
			_, err := e.gd(audit, "us-east-1").EnableOrganizationAdminAccount(e.Ctx, &guardduty.EnableOrganizationAdminAccountInput{AdminAccountId: aws.String(auditID)})
			return err
		}, notMaster},
		{"the management account", func() error { return e.designate(mgmt, "us-east-1") }, invalid},
		{"an account not in the organization", func() error { return e.designate("123456789012", "us-east-1") }, invalid},
		{"a closed account", func() error { return e.designate(closedID, "us-east-1") }, invalid},
		{"not an account ID", func() error { return e.designate("12345", "us-east-1") }, invalid},
		{"designate", func() error { return e.designate(secID, "us-east-1") }, ok},
		{"designate again", func() error { return e.designate(secID, "us-east-1") }, ok},
		{"a second administrator in the region", func() error { return e.designate(auditID, "us-east-1") }, invalid},
		{"another administrator in another region", func() error { return e.designate(auditID, "eu-west-1") }, invalid},
		{"the same administrator in another region", func() error { return e.designate(secID, "eu-west-1") }, ok},
		{"list from a member account", func() error {
			_, err := e.gd(security, "us-east-1").ListOrganizationAdminAccounts(e.Ctx, &guardduty.ListOrganizationAdminAccountsInput{})
			return err
		}, notMaster},
		{"disable from a member account", func() error {
			_, err := e.gd(security, "us-east-1").DisableOrganizationAdminAccount(e.Ctx, &guardduty.DisableOrganizationAdminAccountInput{AdminAccountId: aws.String(secID)})
			return err
		}, notMaster},
		{"disable an account that is not the administrator", func() error {
			_, err := e.gd(e.Admin(), "us-east-1").DisableOrganizationAdminAccount(e.Ctx, &guardduty.DisableOrganizationAdminAccountInput{AdminAccountId: aws.String(auditID)})
			return err
		}, invalid},
	}
	for _, c := range cases {
		check(t, c.name, c.call(), c.want)
	}
	for _, region := range []string{"us-east-1", "eu-west-1"} {
		if got := e.admins(region); !cmp.Equal(got, []string{secID}) {
			t.Errorf("administrators in %s: %v", region, got)
		}
		// Designation gave the administrator a detector in the region.
		ds, err := e.gd(security, region).ListDetectors(e.Ctx, &guardduty.ListDetectorsInput{})
		if err != nil || len(ds.DetectorIds) != 1 {
			t.Errorf("the administrator's detectors in %s: %+v, %v", region, ds, err)
		}
	}
	if got := e.admins("ap-south-1"); len(got) != 0 {
		t.Errorf("administrators where none was designated: %v", got)
	}
	// Organizations knows it as the delegated administrator for GuardDuty.
	if got := e.delegatedAdmins(); !cmp.Equal(got, []string{secID}) {
		t.Errorf("ListDelegatedAdministrators = %v", got)
	}
	svcs, err := e.org.ListDelegatedServicesForAccount(e.Ctx, &organizations.ListDelegatedServicesForAccountInput{AccountId: aws.String(secID)})
	if err != nil || len(svcs.DelegatedServices) != 1 || *svcs.DelegatedServices[0].ServicePrincipal != principal {
		t.Errorf("ListDelegatedServicesForAccount = %+v, %v", svcs, err)
	}
	// Removing it in one region leaves the other region and, as on AWS,
	// the registration in Organizations, which is deregistered apart.
	if _, err := e.gd(e.Admin(), "eu-west-1").DisableOrganizationAdminAccount(e.Ctx, &guardduty.DisableOrganizationAdminAccountInput{AdminAccountId: aws.String(secID)}); err != nil {
		t.Fatal(err)
	}
	if got := e.admins("eu-west-1"); len(got) != 0 {
		t.Errorf("after disabling, administrators in eu-west-1: %v", got)
	}
	if got := e.admins("us-east-1"); !cmp.Equal(got, []string{secID}) {
		t.Errorf("after disabling eu-west-1, us-east-1: %v", got)
	}
	if got := e.delegatedAdmins(); !cmp.Equal(got, []string{secID}) {
		t.Errorf("after disabling, ListDelegatedAdministrators = %v", got)
	}
}

// detectorOf returns the caller's only detector in the client's region.
func detectorOf(t *testing.T, e *env, c *guardduty.Client) string {
	t.Helper()
	out, err := c.ListDetectors(e.Ctx, &guardduty.ListDetectorsInput{})
	if err != nil || len(out.DetectorIds) != 1 {
		t.Fatalf("ListDetectors = %+v, %v", out, err)
	}
	return out.DetectorIds[0]
}

func TestOrganizationConfiguration(t *testing.T) {
	t.Parallel()
	e := newEnv(t, WithAdminSettleDelay(30*time.Second))
	secID, security := e.createAccount("security")
	_, member := e.createAccount("member")
	e.trustedAccess(principal)
	if err := e.designate(secID, "us-east-1"); err != nil {
		t.Fatal(err)
	}
	admin := e.gd(security, "us-east-1")
	det := detectorOf(t, e, admin)
	describe := func(c *guardduty.Client, id string) (*guardduty.DescribeOrganizationConfigurationOutput, error) {
		return c.DescribeOrganizationConfiguration(e.Ctx, &guardduty.DescribeOrganizationConfigurationInput{DetectorId: aws.String(id)})
	}
	update := func(in *guardduty.UpdateOrganizationConfigurationInput) error {
		if in.DetectorId == nil {
			in.DetectorId = aws.String(det)
		}
		_, err := admin.UpdateOrganizationConfiguration(e.Ctx, in)
		return err
	}
	// Settling: the new administrator's calls fail as AWS's do at first.
	_, err := describe(admin, det)
	check(t, "describe while settling", err, isBadRequest(msgInvalid))
	err = update(&guardduty.UpdateOrganizationConfigurationInput{AutoEnableOrganizationMembers: types.AutoEnableMembersAll})
	check(t, "update while settling", err, isBadRequest(msgInvalid))
	e.Clock.Advance(30 * time.Second)

	// Only the administrator, on its own detector.
	mgmtGD := e.gd(e.Admin(), "us-east-1")
	mgmtDet, err := mgmtGD.CreateDetector(e.Ctx, &guardduty.CreateDetectorInput{Enable: aws.Bool(true)})
	if err != nil {
		t.Fatal(err)
	}
	_, err = describe(mgmtGD, *mgmtDet.DetectorId)
	check(t, "describe from the management account", err, isBadRequest(msgNoPermission))
	memberGD := e.gd(member, "us-east-1")
	memberDet, err := memberGD.CreateDetector(e.Ctx, &guardduty.CreateDetectorInput{Enable: aws.Bool(true)})
	if err != nil {
		t.Fatal(err)
	}
	_, err = describe(memberGD, *memberDet.DetectorId)
	check(t, "describe from a member", err, isBadRequest(msgNoPermission))
	_, err = describe(admin, *memberDet.DetectorId)
	check(t, "describe with another account's detector", err, isBadRequest(msgNotOwned))
	_, err = describe(e.gd(security, "eu-west-1"), det)
	check(t, "describe where it is not the administrator", err, isBadRequest(msgNoPermission))

	got, err := describe(admin, det)
	if err != nil {
		t.Fatal(err)
	}
	if got.AutoEnableOrganizationMembers != types.AutoEnableMembersNone || *got.AutoEnable || *got.MemberAccountLimitReached {
		t.Errorf("a new administrator's configuration: %+v", got)
	}

	feature := func(name types.OrgFeature, auto types.OrgFeatureStatus, extra ...types.OrgFeatureAdditionalConfiguration) types.OrganizationFeatureConfiguration {
		f := types.OrganizationFeatureConfiguration{Name: name, AutoEnable: auto}
		for _, x := range extra {
			f.AdditionalConfiguration = append(f.AdditionalConfiguration, types.OrganizationAdditionalConfiguration{Name: x, AutoEnable: types.OrgFeatureStatusAll})
		}
		return f
	}
	bad := isBadRequest(msgInvalid)
	cases := []struct {
		name string
		in   *guardduty.UpdateOrganizationConfigurationInput
		want func(error) string
	}{
		{"both AutoEnable and AutoEnableOrganizationMembers", &guardduty.UpdateOrganizationConfigurationInput{
			AutoEnable: aws.Bool(true), AutoEnableOrganizationMembers: types.AutoEnableMembersNew}, bad},
		{"neither", &guardduty.UpdateOrganizationConfigurationInput{}, bad},
		{"members not NEW, ALL or NONE", &guardduty.UpdateOrganizationConfigurationInput{AutoEnableOrganizationMembers: "SOME"}, bad},
		{"both runtime monitoring features", &guardduty.UpdateOrganizationConfigurationInput{AutoEnableOrganizationMembers: types.AutoEnableMembersAll,
			Features: []types.OrganizationFeatureConfiguration{feature("RUNTIME_MONITORING", "ALL"), feature("EKS_RUNTIME_MONITORING", "ALL")}}, bad},
		{"an unknown feature", &guardduty.UpdateOrganizationConfigurationInput{AutoEnableOrganizationMembers: types.AutoEnableMembersAll,
			Features: []types.OrganizationFeatureConfiguration{feature("FLOW_LOGS", "ALL")}}, bad},
		{"an unknown feature setting", &guardduty.UpdateOrganizationConfigurationInput{AutoEnableOrganizationMembers: types.AutoEnableMembersAll,
			Features: []types.OrganizationFeatureConfiguration{feature("S3_DATA_EVENTS", "SOMETIMES")}}, bad},
		{"an unknown additional configuration", &guardduty.UpdateOrganizationConfigurationInput{AutoEnableOrganizationMembers: types.AutoEnableMembersAll,
			Features: []types.OrganizationFeatureConfiguration{feature("RUNTIME_MONITORING", "ALL", "GPU_AGENT_MANAGEMENT")}}, bad},
		{"another account's detector", &guardduty.UpdateOrganizationConfigurationInput{DetectorId: memberDet.DetectorId,
			AutoEnableOrganizationMembers: types.AutoEnableMembersAll}, isBadRequest(msgNotOwned)},
		{"a valid configuration", &guardduty.UpdateOrganizationConfigurationInput{AutoEnableOrganizationMembers: types.AutoEnableMembersAll,
			Features: []types.OrganizationFeatureConfiguration{feature("S3_DATA_EVENTS", "ALL"), feature("EBS_MALWARE_PROTECTION", "NEW"),
				feature("RUNTIME_MONITORING", "ALL", "EKS_ADDON_MANAGEMENT", "EC2_AGENT_MANAGEMENT")}}, ok},
	}
	for _, c := range cases {
		check(t, c.name, update(c.in), c.want)
	}
	got, err = describe(admin, det)
	if err != nil {
		t.Fatal(err)
	}
	if got.AutoEnableOrganizationMembers != types.AutoEnableMembersAll || !*got.AutoEnable ||
		!*got.DataSources.S3Logs.AutoEnable || *got.DataSources.Kubernetes.AuditLogs.AutoEnable ||
		!*got.DataSources.MalwareProtection.ScanEc2InstanceWithFindings.EbsVolumes.AutoEnable {
		t.Errorf("after the update: %+v", got)
	}
	features := map[types.OrgFeature]types.OrganizationFeatureConfigurationResult{}
	for _, f := range got.Features {
		features[f.Name] = f
	}
	if rm := features["RUNTIME_MONITORING"]; rm.AutoEnable != "ALL" || len(rm.AdditionalConfiguration) != 2 ||
		features["EKS_AUDIT_LOGS"].AutoEnable != "NONE" || features["EBS_MALWARE_PROTECTION"].AutoEnable != "NEW" {
		t.Errorf("features: %+v", got.Features)
	}
	// The older boolean still sets who is auto-enabled.
	if err := update(&guardduty.UpdateOrganizationConfigurationInput{AutoEnable: aws.Bool(false)}); err != nil {
		t.Fatal(err)
	}
	if got, _ := describe(admin, det); got.AutoEnableOrganizationMembers != types.AutoEnableMembersNone || *got.AutoEnable {
		t.Errorf("after AutoEnable=false: %+v", got)
	}
	// Once removed, the account is no administrator here.
	if _, err := mgmtGD.DisableOrganizationAdminAccount(e.Ctx, &guardduty.DisableOrganizationAdminAccountInput{AdminAccountId: aws.String(secID)}); err != nil {
		t.Fatal(err)
	}
	_, err = describe(admin, det)
	check(t, "describe after removal", err, isBadRequest(msgNoPermission))
}

func TestDetectors(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	_, member := e.createAccount("member")
	gd := e.gd(e.Admin(), "us-east-1")
	out, err := gd.CreateDetector(e.Ctx, &guardduty.CreateDetectorInput{Enable: aws.Bool(true),
		FindingPublishingFrequency: types.FindingPublishingFrequencyFifteenMinutes, Tags: map[string]string{"team": "secops"}})
	if err != nil {
		t.Fatal(err)
	}
	_, err = gd.CreateDetector(e.Ctx, &guardduty.CreateDetectorInput{Enable: aws.Bool(true)})
	check(t, "a second detector", err, isBadRequest(msgDetectorExist))
	_, err = gd.CreateDetector(e.Ctx, &guardduty.CreateDetectorInput{Enable: aws.Bool(true), FindingPublishingFrequency: "HOURLY"})
	check(t, "an unknown frequency", err, isBadRequest(msgInvalid))
	if _, err := e.gd(e.Admin(), "eu-west-1").CreateDetector(e.Ctx, &guardduty.CreateDetectorInput{Enable: aws.Bool(false)}); err != nil {
		t.Errorf("a detector in another region: %v", err)
	}
	got, err := gd.GetDetector(e.Ctx, &guardduty.GetDetectorInput{DetectorId: out.DetectorId})
	if err != nil || got.Status != types.DetectorStatusEnabled || got.FindingPublishingFrequency != types.FindingPublishingFrequencyFifteenMinutes ||
		got.Tags["team"] != "secops" || *got.CreatedAt != "2026-01-01T12:01:00.000Z" || got.DataSources.CloudTrail.Status != types.DataSourceStatusEnabled {
		t.Errorf("GetDetector = %+v, %v", got, err)
	}
	_, err = e.gd(member, "us-east-1").GetDetector(e.Ctx, &guardduty.GetDetectorInput{DetectorId: out.DetectorId})
	check(t, "another account's detector", err, isBadRequest(msgNotOwned))
	_, err = e.gd(e.Admin(), "eu-west-1").GetDetector(e.Ctx, &guardduty.GetDetectorInput{DetectorId: out.DetectorId})
	check(t, "the detector of another region", err, isBadRequest(msgNotOwned))
	if _, err := gd.DeleteDetector(e.Ctx, &guardduty.DeleteDetectorInput{DetectorId: out.DetectorId}); err != nil {
		t.Fatal(err)
	}
	_, err = gd.GetDetector(e.Ctx, &guardduty.GetDetectorInput{DetectorId: out.DetectorId})
	check(t, "a deleted detector", err, isBadRequest(msgNotOwned))
	list, err := gd.ListDetectors(e.Ctx, &guardduty.ListDetectorsInput{MaxResults: aws.Int32(5)})
	if err != nil || len(list.DetectorIds) != 0 {
		t.Errorf("ListDetectors after delete = %+v, %v", list, err)
	}
	_, err = gd.ListDetectors(e.Ctx, &guardduty.ListDetectorsInput{MaxResults: aws.Int32(51)})
	check(t, "maxResults over 50", err, isBadRequest(msgInvalid))
}

// Faults and throttling come through the core's hooks with GuardDuty's
// errors; a faulted write changes nothing.
func TestFaultsAndThrottling(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		opt    sandbox.Option
		code   string
		status int
	}{
		{"throttle fault", sandbox.WithFaults(sandbox.Faults{Throttle: 1}), "TooManyRequestsException", 429},
		{"server fault", sandbox.WithFaults(sandbox.Faults{Error5xx: 1}), "InternalServerErrorException", 500},
		{"rate limit", sandbox.WithRateLimits(sandbox.RateLimits{"guardduty": {RPS: 1, Burst: 1}}), "TooManyRequestsException", 429},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			e := newEnv(t)
			e.Reopen(tt.opt)
			gd := e.gd(e.Admin(), "us-east-1")
			_, _ = gd.ListDetectors(e.Ctx, &guardduty.ListDetectorsInput{}) // takes the one token
			_, err := gd.CreateDetector(e.Ctx, &guardduty.CreateDetectorInput{Enable: aws.Bool(true)})
			check(t, "write", err, isCode(tt.code))
			var re *smithyhttp.ResponseError
			if !errors.As(err, &re) || re.HTTPStatusCode() != tt.status {
				t.Errorf("status of %v, want %d", err, tt.status)
			}
			if !retry.NewStandard().IsErrorRetryable(err) {
				t.Errorf("the SDK does not retry %v", err)
			}
			e.Reopen()
			out, _ := e.gd(e.Admin(), "us-east-1").ListDetectors(e.Ctx, &guardduty.ListDetectorsInput{})
			if len(out.DetectorIds) != 0 {
				t.Error("a faulted CreateDetector made a detector")
			}
		})
	}
}

func TestPersistence(t *testing.T) {
	t.Parallel()
	e := newEnv(t, WithAdminSettleDelay(0))
	secID, security := e.createAccount("security")
	e.trustedAccess(principal)
	if err := e.designate(secID, "us-east-1"); err != nil {
		t.Fatal(err)
	}
	det := detectorOf(t, e, e.gd(security, "us-east-1"))
	if _, err := e.gd(security, "us-east-1").UpdateOrganizationConfiguration(e.Ctx, &guardduty.UpdateOrganizationConfigurationInput{
		DetectorId: aws.String(det), AutoEnableOrganizationMembers: types.AutoEnableMembersNew}); err != nil {
		t.Fatal(err)
	}
	e.Reopen()
	if got := e.admins("us-east-1"); !cmp.Equal(got, []string{secID}) {
		t.Errorf("administrators after reopen: %v", got)
	}
	got, err := e.gd(security, "us-east-1").DescribeOrganizationConfiguration(e.Ctx, &guardduty.DescribeOrganizationConfigurationInput{DetectorId: aws.String(det)})
	if err != nil || got.AutoEnableOrganizationMembers != types.AutoEnableMembersNew {
		t.Errorf("configuration after reopen: %+v, %v", got, err)
	}
}

// GuardDuty sits behind API Gateway: a path it does not serve is answered
// as a request without credentials.
func TestUnknownRoute(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	status, header, body := e.Raw(http.MethodGet, "/detector/x/nothing", map[string]string{"Authorization": e.Auth("guardduty")}, "")
	if status != http.StatusForbidden || header.Get("X-Amzn-ErrorType") != "MissingAuthenticationTokenException" {
		t.Errorf("%d %v %s", status, header, body)
	}
	status, header, body = e.Raw(http.MethodPost, "/admin/enable", map[string]string{"Authorization": e.Auth("guardduty")}, "[")
	if status != http.StatusBadRequest || header.Get("X-Amzn-ErrorType") != "BadRequestException" {
		t.Errorf("a body that is not JSON: %d %v %s", status, header, body)
	}
}
