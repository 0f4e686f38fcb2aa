package guardduty

import (
	"net/http"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/guardduty"
	"github.com/aws/aws-sdk-go-v2/service/guardduty/types"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	"github.com/google/go-cmp/cmp"

	"github.com/orgctl/orgctl/sandbox/internal/sandboxtest"
	"github.com/orgctl/orgctl/sandbox/internal/sandboxtest/expect"
)

func TestDesignateAdministrator(t *testing.T) {
	t.Parallel()
	e := sandboxtest.New(t)
	mgmt := e.SB.ManagementAccountID()
	secID, security := e.NewMember("security", time.Minute)
	auditID, audit := e.NewMember("audit", time.Minute)
	closedID, _ := e.NewMember("closed", time.Minute)
	if _, err := e.Org.CloseAccount(e.Ctx, &organizations.CloseAccountInput{AccountId: aws.String(closedID)}); err != nil {
		t.Fatal(err)
	}
	invalid := isBadRequest(msgInvalid)
	notMaster := isBadRequest(msgNotMaster)
	cases := []struct {
		name string
		call func() error
		want func(error) string
	}{
		{"without trusted access", func() error { return designate(e, secID, "us-east-1") }, invalid},
		{"enable trusted access", func() error { e.TrustedAccess(principal); return nil }, expect.OK},
		{"from a member account", func() error {
			_, err := gd(e, audit, "us-east-1").EnableOrganizationAdminAccount(e.Ctx, &guardduty.EnableOrganizationAdminAccountInput{AdminAccountId: aws.String(auditID)})
			return err
		}, notMaster},
		{"the management account", func() error { return designate(e, mgmt, "us-east-1") }, invalid},
		{"an account not in the organization", func() error { return designate(e, "123456789012", "us-east-1") }, invalid},
		{"a closed account", func() error { return designate(e, closedID, "us-east-1") }, invalid},
		{"not an account ID", func() error { return designate(e, "12345", "us-east-1") }, invalid},
		{"designate", func() error { return designate(e, secID, "us-east-1") }, expect.OK},
		{"designate again", func() error { return designate(e, secID, "us-east-1") }, expect.OK},
		{"a second administrator in the region", func() error { return designate(e, auditID, "us-east-1") }, invalid},
		{"another administrator in another region", func() error { return designate(e, auditID, "eu-west-1") }, invalid},
		{"the same administrator in another region", func() error { return designate(e, secID, "eu-west-1") }, expect.OK},
		{"list from a member account", func() error {
			_, err := gd(e, security, "us-east-1").ListOrganizationAdminAccounts(e.Ctx, &guardduty.ListOrganizationAdminAccountsInput{})
			return err
		}, notMaster},
		{"disable from a member account", func() error {
			_, err := gd(e, security, "us-east-1").DisableOrganizationAdminAccount(e.Ctx, &guardduty.DisableOrganizationAdminAccountInput{AdminAccountId: aws.String(secID)})
			return err
		}, notMaster},
		{"disable an account that is not the administrator", func() error {
			_, err := gd(e, e.Admin(), "us-east-1").DisableOrganizationAdminAccount(e.Ctx, &guardduty.DisableOrganizationAdminAccountInput{AdminAccountId: aws.String(auditID)})
			return err
		}, invalid},
	}
	for _, c := range cases {
		expect.Check(t, c.name, c.call(), c.want)
	}
	for _, region := range []string{"us-east-1", "eu-west-1"} {
		if got := admins(e, region); !cmp.Equal(got, []string{secID}) {
			t.Errorf("administrators in %s: %v", region, got)
		}
		// Designation gave the administrator a detector in the region.
		ds, err := gd(e, security, region).ListDetectors(e.Ctx, &guardduty.ListDetectorsInput{})
		if err != nil || len(ds.DetectorIds) != 1 {
			t.Errorf("the administrator's detectors in %s: %+v, %v", region, ds, err)
		}
	}
	if got := admins(e, "ap-south-1"); len(got) != 0 {
		t.Errorf("administrators where none was designated: %v", got)
	}
	// Organizations knows it as the delegated administrator for GuardDuty.
	if got := delegatedAdmins(e); !cmp.Equal(got, []string{secID}) {
		t.Errorf("ListDelegatedAdministrators = %v", got)
	}
	svcs, err := e.Org.ListDelegatedServicesForAccount(e.Ctx, &organizations.ListDelegatedServicesForAccountInput{AccountId: aws.String(secID)})
	if err != nil || len(svcs.DelegatedServices) != 1 || *svcs.DelegatedServices[0].ServicePrincipal != principal {
		t.Errorf("ListDelegatedServicesForAccount = %+v, %v", svcs, err)
	}
	// Removing it in one region leaves the other region and, as on AWS,
	// the registration in Organizations, which is deregistered apart.
	if _, err := gd(e, e.Admin(), "eu-west-1").DisableOrganizationAdminAccount(e.Ctx, &guardduty.DisableOrganizationAdminAccountInput{AdminAccountId: aws.String(secID)}); err != nil {
		t.Fatal(err)
	}
	if got := admins(e, "eu-west-1"); len(got) != 0 {
		t.Errorf("after disabling, administrators in eu-west-1: %v", got)
	}
	if got := admins(e, "us-east-1"); !cmp.Equal(got, []string{secID}) {
		t.Errorf("after disabling eu-west-1, us-east-1: %v", got)
	}
	if got := delegatedAdmins(e); !cmp.Equal(got, []string{secID}) {
		t.Errorf("after disabling, ListDelegatedAdministrators = %v", got)
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
	admin := gd(e, security, "us-east-1")
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
	expect.Check(t, "describe while settling", err, isBadRequest(msgInvalid))
	err = update(&guardduty.UpdateOrganizationConfigurationInput{AutoEnableOrganizationMembers: types.AutoEnableMembersAll})
	expect.Check(t, "update while settling", err, isBadRequest(msgInvalid))
	e.Clock.Advance(30 * time.Second)

	// Only the administrator, on its own detector.
	mgmtGD := gd(e, e.Admin(), "us-east-1")
	mgmtDet, err := mgmtGD.CreateDetector(e.Ctx, &guardduty.CreateDetectorInput{Enable: aws.Bool(true)})
	if err != nil {
		t.Fatal(err)
	}
	_, err = describe(mgmtGD, *mgmtDet.DetectorId)
	expect.Check(t, "describe from the management account", err, isBadRequest(msgNoPermission))
	memberGD := gd(e, member, "us-east-1")
	memberDet, err := memberGD.CreateDetector(e.Ctx, &guardduty.CreateDetectorInput{Enable: aws.Bool(true)})
	if err != nil {
		t.Fatal(err)
	}
	_, err = describe(memberGD, *memberDet.DetectorId)
	expect.Check(t, "describe from a member", err, isBadRequest(msgNoPermission))
	_, err = describe(admin, *memberDet.DetectorId)
	expect.Check(t, "describe with another account's detector", err, isBadRequest(msgNotOwned))
	_, err = describe(gd(e, security, "eu-west-1"), det)
	expect.Check(t, "describe where it is not the administrator", err, isBadRequest(msgNoPermission))

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
				feature("RUNTIME_MONITORING", "ALL", "EKS_ADDON_MANAGEMENT", "EC2_AGENT_MANAGEMENT")}}, expect.OK},
	}
	for _, c := range cases {
		expect.Check(t, c.name, update(c.in), c.want)
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
	expect.Check(t, "describe after removal", err, isBadRequest(msgNoPermission))
}

func TestDetectors(t *testing.T) {
	t.Parallel()
	e := sandboxtest.New(t)
	_, member := e.NewMember("member", time.Minute)
	mgmt := gd(e, e.Admin(), "us-east-1")
	out, err := mgmt.CreateDetector(e.Ctx, &guardduty.CreateDetectorInput{Enable: aws.Bool(true),
		FindingPublishingFrequency: types.FindingPublishingFrequencyFifteenMinutes, Tags: map[string]string{"team": "secops"}})
	if err != nil {
		t.Fatal(err)
	}
	_, err = mgmt.CreateDetector(e.Ctx, &guardduty.CreateDetectorInput{Enable: aws.Bool(true)})
	expect.Check(t, "a second detector", err, isBadRequest(msgDetectorExist))
	_, err = mgmt.CreateDetector(e.Ctx, &guardduty.CreateDetectorInput{Enable: aws.Bool(true), FindingPublishingFrequency: "HOURLY"})
	expect.Check(t, "an unknown frequency", err, isBadRequest(msgInvalid))
	if _, err := gd(e, e.Admin(), "eu-west-1").CreateDetector(e.Ctx, &guardduty.CreateDetectorInput{Enable: aws.Bool(false)}); err != nil {
		t.Errorf("a detector in another region: %v", err)
	}
	got, err := mgmt.GetDetector(e.Ctx, &guardduty.GetDetectorInput{DetectorId: out.DetectorId})
	if err != nil || got.Status != types.DetectorStatusEnabled || got.FindingPublishingFrequency != types.FindingPublishingFrequencyFifteenMinutes ||
		got.Tags["team"] != "secops" || *got.CreatedAt != "2026-01-01T12:01:00.000Z" || got.DataSources.CloudTrail.Status != types.DataSourceStatusEnabled {
		t.Errorf("GetDetector = %+v, %v", got, err)
	}
	_, err = gd(e, member, "us-east-1").GetDetector(e.Ctx, &guardduty.GetDetectorInput{DetectorId: out.DetectorId})
	expect.Check(t, "another account's detector", err, isBadRequest(msgNotOwned))
	_, err = gd(e, e.Admin(), "eu-west-1").GetDetector(e.Ctx, &guardduty.GetDetectorInput{DetectorId: out.DetectorId})
	expect.Check(t, "the detector of another region", err, isBadRequest(msgNotOwned))
	if _, err := mgmt.DeleteDetector(e.Ctx, &guardduty.DeleteDetectorInput{DetectorId: out.DetectorId}); err != nil {
		t.Fatal(err)
	}
	_, err = mgmt.GetDetector(e.Ctx, &guardduty.GetDetectorInput{DetectorId: out.DetectorId})
	expect.Check(t, "a deleted detector", err, isBadRequest(msgNotOwned))
	list, err := mgmt.ListDetectors(e.Ctx, &guardduty.ListDetectorsInput{MaxResults: aws.Int32(5)})
	if err != nil || len(list.DetectorIds) != 0 {
		t.Errorf("ListDetectors after delete = %+v, %v", list, err)
	}
	_, err = mgmt.ListDetectors(e.Ctx, &guardduty.ListDetectorsInput{MaxResults: aws.Int32(51)})
	expect.Check(t, "maxResults over 50", err, isBadRequest(msgInvalid))
}

// Faults and throttling come through the core's hooks with GuardDuty's
// errors; a faulted write changes nothing.
func TestFaultsAndThrottling(t *testing.T) {
	t.Parallel()
	mgmtGD := func(e *sandboxtest.Env) *guardduty.Client { return gd(e, e.Admin(), "us-east-1") }
	faults := sandboxtest.CommonFaults("guardduty", "TooManyRequestsException", 429, "InternalServerErrorException")
	sandboxtest.CheckFaults(t, faults, sandboxtest.Probe{
		Read: func(e *sandboxtest.Env) { _, _ = mgmtGD(e).ListDetectors(e.Ctx, &guardduty.ListDetectorsInput{}) },
		Write: func(e *sandboxtest.Env) error {
			_, err := mgmtGD(e).CreateDetector(e.Ctx, &guardduty.CreateDetectorInput{Enable: aws.Bool(true)})
			return err
		},
		Count: func(e *sandboxtest.Env) int {
			out, _ := mgmtGD(e).ListDetectors(e.Ctx, &guardduty.ListDetectorsInput{})
			return len(out.DetectorIds)
		},
	})
}

func TestPersistence(t *testing.T) {
	t.Parallel()
	e, secID, security, det := administered(t)
	e.Reopen()
	if got := admins(e, "us-east-1"); !cmp.Equal(got, []string{secID}) {
		t.Errorf("administrators after reopen: %v", got)
	}
	got, err := gd(e, security, "us-east-1").DescribeOrganizationConfiguration(e.Ctx, &guardduty.DescribeOrganizationConfigurationInput{DetectorId: aws.String(det)})
	if err != nil || got.AutoEnableOrganizationMembers != types.AutoEnableMembersNew {
		t.Errorf("configuration after reopen: %+v, %v", got, err)
	}
}

// GuardDuty sits behind API Gateway: a path it does not serve is answered
// as a request without credentials.
func TestUnknownRoute(t *testing.T) {
	t.Parallel()
	e := sandboxtest.New(t)
	status, header, body := e.Raw(http.MethodGet, "/detector/x/nothing", map[string]string{"Authorization": e.Auth("guardduty")}, "")
	if status != http.StatusForbidden || header.Get("X-Amzn-ErrorType") != "MissingAuthenticationTokenException" {
		t.Errorf("%d %v %s", status, header, body)
	}
	status, header, body = e.Raw(http.MethodPost, "/admin/enable", map[string]string{"Authorization": e.Auth("guardduty")}, "[")
	if status != http.StatusBadRequest || header.Get("X-Amzn-ErrorType") != "BadRequestException" {
		t.Errorf("a body that is not JSON: %d %v %s", status, header, body)
	}
}
