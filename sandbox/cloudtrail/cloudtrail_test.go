package cloudtrail

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudtrail"
	"github.com/aws/aws-sdk-go-v2/service/cloudtrail/types"
	"github.com/google/go-cmp/cmp"

	"github.com/orgctl/orgctl/sandbox"
	"github.com/orgctl/orgctl/sandbox/internal/sandboxtest"
	"github.com/orgctl/orgctl/sandbox/internal/sandboxtest/expect"
	_ "github.com/orgctl/orgctl/sandbox/sts" // the member accounts' roles
)

// trails is a CloudTrail client of the given credentials in region.
func trails(e *sandboxtest.Env, creds aws.CredentialsProvider, region string) *cloudtrail.Client {
	return cloudtrail.NewFromConfig(e.Config(region, creds))
}

func create(ct *cloudtrail.Client, e *sandboxtest.Env, name string, mod func(*cloudtrail.CreateTrailInput)) (*cloudtrail.CreateTrailOutput, error) {
	in := &cloudtrail.CreateTrailInput{Name: aws.String(name), S3BucketName: aws.String("org-trail-logs")}
	if mod != nil {
		mod(in)
	}
	return ct.CreateTrail(e.Ctx, in)
}

func TestTrailLifecycle(t *testing.T) {
	t.Parallel()
	e := sandboxtest.New(t)
	ct := trails(e, e.Admin(), "eu-west-1")
	mgmt := e.SB.ManagementAccountID()
	out, err := create(ct, e, "main", func(in *cloudtrail.CreateTrailInput) {
		in.EnableLogFileValidation = aws.Bool(true)
		in.KmsKeyId = aws.String("alias/trail")
		in.TagsList = []types.Tag{{Key: aws.String("team"), Value: aws.String("secops")}}
	})
	if err != nil {
		t.Fatal(err)
	}
	arn := "arn:aws:cloudtrail:eu-west-1:" + mgmt + ":trail/main"
	if *out.TrailARN != arn || !*out.LogFileValidationEnabled || !*out.IncludeGlobalServiceEvents || *out.IsMultiRegionTrail ||
		*out.KmsKeyId != "arn:aws:kms:eu-west-1:"+mgmt+":alias/trail" {
		t.Errorf("CreateTrail = %+v", out)
	}
	status, err := ct.GetTrailStatus(e.Ctx, &cloudtrail.GetTrailStatusInput{Name: aws.String("main")})
	if err != nil || *status.IsLogging || status.StartLoggingTime != nil {
		t.Fatalf("a new trail logs already: %+v %v", status, err)
	}
	if _, err := ct.StartLogging(e.Ctx, &cloudtrail.StartLoggingInput{Name: aws.String(arn)}); err != nil {
		t.Fatal(err)
	}
	status, _ = ct.GetTrailStatus(e.Ctx, &cloudtrail.GetTrailStatusInput{Name: aws.String("main")})
	if !*status.IsLogging || !status.StartLoggingTime.Equal(e.Clock.Now()) || *status.TimeLoggingStarted != "2026-01-01T12:00:00Z" {
		t.Errorf("after StartLogging: %+v", status)
	}
	e.Clock.Advance(time.Minute)
	if _, err := ct.StopLogging(e.Ctx, &cloudtrail.StopLoggingInput{Name: aws.String("main")}); err != nil {
		t.Fatal(err)
	}
	status, _ = ct.GetTrailStatus(e.Ctx, &cloudtrail.GetTrailStatusInput{Name: aws.String("main")})
	if *status.IsLogging || !status.StopLoggingTime.Equal(e.Clock.Now()) {
		t.Errorf("after StopLogging: %+v", status)
	}
	up, err := ct.UpdateTrail(e.Ctx, &cloudtrail.UpdateTrailInput{Name: aws.String("main"), IsMultiRegionTrail: aws.Bool(true), S3KeyPrefix: aws.String("p")})
	if err != nil || !*up.IsMultiRegionTrail || *up.S3KeyPrefix != "p" {
		t.Fatalf("UpdateTrail = %+v, %v", up, err)
	}
	got, err := ct.GetTrail(e.Ctx, &cloudtrail.GetTrailInput{Name: aws.String("main")})
	if err != nil || *got.Trail.HomeRegion != "eu-west-1" || !*got.Trail.IsMultiRegionTrail || *got.Trail.HasCustomEventSelectors {
		t.Errorf("GetTrail = %+v, %v", got, err)
	}
	tags, err := ct.ListTags(e.Ctx, &cloudtrail.ListTagsInput{ResourceIdList: []string{arn}})
	if err != nil || len(tags.ResourceTagList) != 1 || len(tags.ResourceTagList[0].TagsList) != 1 {
		t.Errorf("tags from CreateTrail: %+v, %v", tags, err)
	}
	if _, err := ct.DeleteTrail(e.Ctx, &cloudtrail.DeleteTrailInput{Name: aws.String("main")}); err != nil {
		t.Fatal(err)
	}
	_, err = ct.GetTrail(e.Ctx, &cloudtrail.GetTrailInput{Name: aws.String("main")})
	expect.Check(t, "get a deleted trail", err, func(err error) string {
		var nf *types.TrailNotFoundException
		if !errors.As(err, &nf) || nf.ErrorMessage() != "Unknown trail: "+arn+" for the user: "+mgmt {
			return "error " + expect.ErrString(err)
		}
		return ""
	})
}

func TestTrailRefusals(t *testing.T) {
	t.Parallel()
	e := sandboxtest.New(t)
	ct := trails(e, e.Admin(), "us-east-1")
	other := trails(e, e.Admin(), "eu-west-1")
	if _, err := create(ct, e, "taken", nil); err != nil {
		t.Fatal(err)
	}
	name := func(n string) func(*cloudtrail.CreateTrailInput) {
		return func(in *cloudtrail.CreateTrailInput) { in.Name = aws.String(n) }
	}
	bucket := func(b string) func(*cloudtrail.CreateTrailInput) {
		return func(in *cloudtrail.CreateTrailInput) { in.S3BucketName = aws.String(b) }
	}
	cases := []struct {
		name string
		mod  func(*cloudtrail.CreateTrailInput)
		want func(error) string
	}{
		{"name too short", name("ab"), expect.Code("InvalidTrailNameException")},
		{"name too long", name(strings.Repeat("a", 129)), expect.Code("InvalidTrailNameException")},
		{"name with a space", name("my trail"), expect.Code("InvalidTrailNameException")},
		{"name starting with a dash", name("-trail"), expect.Code("InvalidTrailNameException")},
		{"name ending with a period", name("trail."), expect.Code("InvalidTrailNameException")},
		{"adjacent punctuation", name("my-_trail"), expect.Code("InvalidTrailNameException")},
		{"an IP address", name("192.168.5.4"), expect.Code("InvalidTrailNameException")},
		{"the longest name", name(strings.Repeat("a", 128)), expect.OK},
		{"upper-case bucket", bucket("Logs"), expect.Code("InvalidS3BucketNameException")},
		{"short bucket", bucket("ab"), expect.Code("InvalidS3BucketNameException")},
		{"bucket with adjacent periods", bucket("my..logs"), expect.Code("InvalidS3BucketNameException")},
		{"bucket as an IP", bucket("10.0.0.1"), expect.Code("InvalidS3BucketNameException")},
		{"a bucket that does not exist is fine (no S3 here)", func(in *cloudtrail.CreateTrailInput) {
			in.Name = aws.String("bucket2")
			in.S3BucketName = aws.String("no.such-bucket-42")
		}, expect.OK},
		{"bad KMS key", func(in *cloudtrail.CreateTrailInput) { in.KmsKeyId = aws.String("not-a-key") }, expect.Code("InvalidKmsKeyIdException")},
		{"multi-region without global events", func(in *cloudtrail.CreateTrailInput) {
			in.Name, in.IsMultiRegionTrail, in.IncludeGlobalServiceEvents = aws.String("multi"), aws.Bool(true), aws.Bool(false)
		}, expect.Code("InvalidParameterCombinationException")},
		{"role without log group", func(in *cloudtrail.CreateTrailInput) {
			in.CloudWatchLogsRoleArn = aws.String("arn:aws:iam::123456789012:role/ct")
		}, expect.Code("InvalidCloudWatchLogsLogGroupArnException")},
		{"prefix too long", func(in *cloudtrail.CreateTrailInput) { in.S3KeyPrefix = aws.String(strings.Repeat("p", 201)) }, expect.Code("InvalidS3PrefixException")},
		{"the same name again", name("taken"), expect.Code("TrailAlreadyExistsException")},
		{"aws: tag", func(in *cloudtrail.CreateTrailInput) {
			in.Name = aws.String("tagged")
			in.TagsList = []types.Tag{{Key: aws.String("aws:x"), Value: aws.String("y")}}
		}, expect.Code("InvalidTagParameterException")},
	}
	for _, c := range cases {
		_, err := create(ct, e, "fresh", c.mod)
		expect.Check(t, c.name, err, c.want)
		if err == nil {
			_, _ = ct.DeleteTrail(e.Ctx, &cloudtrail.DeleteTrailInput{Name: aws.String(func() string {
				in := &cloudtrail.CreateTrailInput{Name: aws.String("fresh")}
				c.mod(in)
				return *in.Name
			}())})
		}
	}
	// Five trails a region at most.
	for i := 2; i <= 5; i++ {
		if _, err := create(ct, e, fmt.Sprintf("trail%d", i), nil); err != nil {
			t.Fatal(err)
		}
	}
	_, err := create(ct, e, "sixth", nil)
	expect.Check(t, "a sixth trail", err, expect.Code("MaximumNumberOfTrailsExceededException"))
	// A single-region trail is elsewhere unknown.
	for name, call := range map[string]func() error{
		"get": func() error {
			_, err := other.GetTrail(e.Ctx, &cloudtrail.GetTrailInput{Name: aws.String("taken")})
			return err
		},
		"start": func() error {
			_, err := other.StartLogging(e.Ctx, &cloudtrail.StartLoggingInput{Name: aws.String("taken")})
			return err
		},
		"status of a trail never made": func() error {
			_, err := ct.GetTrailStatus(e.Ctx, &cloudtrail.GetTrailStatusInput{Name: aws.String("never")})
			return err
		},
	} {
		expect.Check(t, name, call(), expect.Code("TrailNotFoundException"))
	}
	_, err = ct.GetTrail(e.Ctx, &cloudtrail.GetTrailInput{Name: aws.String("bad name!")})
	expect.Check(t, "get with a bad name", err, expect.Code("InvalidTrailNameException"))
}

func TestShadowTrails(t *testing.T) {
	t.Parallel()
	e := sandboxtest.New(t)
	home := trails(e, e.Admin(), "us-east-1")
	away := trails(e, e.Admin(), "eu-west-1")
	if _, err := create(home, e, "everywhere", func(in *cloudtrail.CreateTrailInput) { in.IsMultiRegionTrail = aws.Bool(true) }); err != nil {
		t.Fatal(err)
	}
	if _, err := create(away, e, "local", nil); err != nil {
		t.Fatal(err)
	}
	names := func(ct *cloudtrail.Client, shadows *bool) []string {
		out, err := ct.DescribeTrails(e.Ctx, &cloudtrail.DescribeTrailsInput{IncludeShadowTrails: shadows})
		if err != nil {
			t.Fatal(err)
		}
		var n []string
		for _, tr := range out.TrailList {
			n = append(n, *tr.Name+"@"+*tr.HomeRegion)
		}
		return n
	}
	if got := names(away, nil); !cmp.Equal(got, []string{"everywhere@us-east-1", "local@eu-west-1"}) {
		t.Errorf("DescribeTrails in eu-west-1 = %v", got)
	}
	if got := names(away, aws.Bool(false)); !cmp.Equal(got, []string{"local@eu-west-1"}) {
		t.Errorf("without shadow trails = %v", got)
	}
	if got := names(home, nil); !cmp.Equal(got, []string{"everywhere@us-east-1"}) {
		t.Errorf("DescribeTrails in us-east-1 = %v", got)
	}
	if _, err := away.GetTrailStatus(e.Ctx, &cloudtrail.GetTrailStatusInput{Name: aws.String("everywhere")}); err != nil {
		t.Errorf("status of a shadow trail: %v", err)
	}
	for name, call := range map[string]func() error{
		"start": func() error {
			_, err := away.StartLogging(e.Ctx, &cloudtrail.StartLoggingInput{Name: aws.String("everywhere")})
			return err
		},
		"update": func() error {
			_, err := away.UpdateTrail(e.Ctx, &cloudtrail.UpdateTrailInput{Name: aws.String("everywhere"), S3KeyPrefix: aws.String("x")})
			return err
		},
		"delete": func() error {
			_, err := away.DeleteTrail(e.Ctx, &cloudtrail.DeleteTrailInput{Name: aws.String("everywhere")})
			return err
		},
		"put selectors": func() error {
			_, err := away.PutEventSelectors(e.Ctx, &cloudtrail.PutEventSelectorsInput{TrailName: aws.String("everywhere"),
				EventSelectors: []types.EventSelector{{ReadWriteType: types.ReadWriteTypeAll}}})
			return err
		},
	} {
		expect.Check(t, name+" outside the home region", call(), expect.Code("InvalidHomeRegionException"))
	}
	_, err := create(away, e, "everywhere", nil)
	expect.Check(t, "a trail named as a shadow", err, expect.Code("TrailAlreadyExistsException"))
	// The shadow counts against eu-west-1's five.
	for i := range 3 {
		if _, err := create(away, e, fmt.Sprintf("eu%d", i), nil); err != nil {
			t.Fatal(err)
		}
	}
	_, err = create(away, e, "eu-full", nil)
	expect.Check(t, "the fifth trail beside a shadow", err, expect.Code("MaximumNumberOfTrailsExceededException"))
}

func TestOrganizationTrail(t *testing.T) {
	t.Parallel()
	e := sandboxtest.New(t)
	mgmt := e.SB.ManagementAccountID()
	// A minute passes the create-account delay.
	secID, security := e.NewMember("security", time.Minute)
	_, member := e.NewMember("workload", time.Minute)
	orgTrail := func(in *cloudtrail.CreateTrailInput) {
		in.IsOrganizationTrail, in.IsMultiRegionTrail = aws.Bool(true), aws.Bool(true)
	}
	mgmtCT := trails(e, e.Admin(), "us-east-1")
	_, err := create(mgmtCT, e, "org", orgTrail)
	expect.Check(t, "without trusted access", err, expect.Code("CloudTrailAccessNotEnabledException"))
	e.TrustedAccess(principal)
	_, err = create(trails(e, member, "us-east-1"), e, "org", orgTrail)
	expect.Check(t, "from a member", err, expect.Code("NotOrganizationMasterAccountException"))
	_, err = create(trails(e, security, "us-east-1"), e, "org", orgTrail)
	expect.Check(t, "from a member before it is delegated", err, expect.Code("NotOrganizationMasterAccountException"))

	e.Delegate(secID, principal)
	da := trails(e, security, "us-east-1")
	out, err := create(da, e, "org", orgTrail)
	if err != nil {
		t.Fatal(err)
	}
	arn := "arn:aws:cloudtrail:us-east-1:" + mgmt + ":trail/org"
	if *out.TrailARN != arn || !*out.IsOrganizationTrail {
		t.Errorf("a trail the delegated administrator creates belongs to the management account: %+v", out)
	}
	_, err = create(mgmtCT, e, "org", orgTrail)
	expect.Check(t, "the same organization trail again", err, func(err error) string {
		if msg := expect.Code("TrailAlreadyExistsException")(err); msg != "" || !strings.Contains(err.Error(), "already exists for customer: "+mgmt) {
			return "error " + expect.ErrString(err)
		}
		return ""
	})
	// The administrator manages it by ARN; a member sees it as a shadow
	// and cannot touch it.
	if _, err := da.StartLogging(e.Ctx, &cloudtrail.StartLoggingInput{Name: aws.String(arn)}); err != nil {
		t.Errorf("the delegated administrator starts logging: %v", err)
	}
	memberCT := trails(e, member, "eu-west-1")
	desc, err := memberCT.DescribeTrails(e.Ctx, &cloudtrail.DescribeTrailsInput{})
	if err != nil || len(desc.TrailList) != 1 || *desc.TrailList[0].TrailARN != arn || !*desc.TrailList[0].IsOrganizationTrail {
		t.Errorf("a member's DescribeTrails = %+v, %v", desc, err)
	}
	_, err = trails(e, member, "us-east-1").StopLogging(e.Ctx, &cloudtrail.StopLoggingInput{Name: aws.String(arn)})
	expect.Check(t, "a member stops the organization trail", err, expect.Code("NotOrganizationMasterAccountException"))
	status, err := mgmtCT.GetTrailStatus(e.Ctx, &cloudtrail.GetTrailStatusInput{Name: aws.String("org")})
	if err != nil || !*status.IsLogging {
		t.Errorf("the management account's status of its trail: %+v, %v", status, err)
	}
}

func TestTagsAndSelectors(t *testing.T) {
	t.Parallel()
	e := sandboxtest.New(t)
	ct := trails(e, e.Admin(), "us-east-1")
	out, err := create(ct, e, "tagged", nil)
	if err != nil {
		t.Fatal(err)
	}
	arn := out.TrailARN
	tag := func(k, v string) types.Tag { return types.Tag{Key: aws.String(k), Value: aws.String(v)} }
	if _, err := ct.AddTags(e.Ctx, &cloudtrail.AddTagsInput{ResourceId: arn, TagsList: []types.Tag{tag("a", "1"), tag("b", "2")}}); err != nil {
		t.Fatal(err)
	}
	if _, err := ct.AddTags(e.Ctx, &cloudtrail.AddTagsInput{ResourceId: arn, TagsList: []types.Tag{tag("a", "3")}}); err != nil {
		t.Fatal(err)
	}
	if _, err := ct.RemoveTags(e.Ctx, &cloudtrail.RemoveTagsInput{ResourceId: arn, TagsList: []types.Tag{{Key: aws.String("b")}}}); err != nil {
		t.Fatal(err)
	}
	list, err := ct.ListTags(e.Ctx, &cloudtrail.ListTagsInput{ResourceIdList: []string{*arn}})
	if err != nil || len(list.ResourceTagList[0].TagsList) != 1 || *list.ResourceTagList[0].TagsList[0].Value != "3" {
		t.Errorf("ListTags = %+v, %v", list, err)
	}
	many := make([]types.Tag, 50)
	for i := range many {
		many[i] = tag(fmt.Sprintf("k%d", i), "v")
	}
	_, err = ct.AddTags(e.Ctx, &cloudtrail.AddTagsInput{ResourceId: arn, TagsList: many})
	expect.Check(t, "51 tags", err, expect.Code("TagsLimitExceededException"))
	_, err = ct.AddTags(e.Ctx, &cloudtrail.AddTagsInput{ResourceId: aws.String("tagged"), TagsList: []types.Tag{tag("a", "1")}})
	expect.Check(t, "tags by name", err, expect.Code("CloudTrailARNInvalidException"))
	_, err = ct.ListTags(e.Ctx, &cloudtrail.ListTagsInput{ResourceIdList: []string{strings.Replace(*arn, "tagged", "gone", 1)}})
	expect.Check(t, "tags of no trail", err, expect.Code("ResourceNotFoundException"))

	sel, err := ct.GetEventSelectors(e.Ctx, &cloudtrail.GetEventSelectorsInput{TrailName: aws.String("tagged")})
	if err != nil || len(sel.EventSelectors) != 1 || sel.EventSelectors[0].ReadWriteType != types.ReadWriteTypeAll ||
		!*sel.EventSelectors[0].IncludeManagementEvents {
		t.Errorf("default selectors = %+v, %v", sel, err)
	}
	put, err := ct.PutEventSelectors(e.Ctx, &cloudtrail.PutEventSelectorsInput{TrailName: aws.String("tagged"), EventSelectors: []types.EventSelector{{
		ReadWriteType: types.ReadWriteTypeWriteOnly, IncludeManagementEvents: aws.Bool(true),
		DataResources: []types.DataResource{{Type: aws.String("AWS::S3::Object"), Values: []string{"arn:aws:s3:::bucket/"}}},
	}}})
	if err != nil || put.EventSelectors[0].ReadWriteType != types.ReadWriteTypeWriteOnly {
		t.Fatalf("PutEventSelectors = %+v, %v", put, err)
	}
	got, _ := ct.GetTrail(e.Ctx, &cloudtrail.GetTrailInput{Name: aws.String("tagged")})
	if !*got.Trail.HasCustomEventSelectors {
		t.Error("HasCustomEventSelectors is false after PutEventSelectors")
	}
	for name, in := range map[string]*cloudtrail.PutEventSelectorsInput{
		"both kinds": {TrailName: aws.String("tagged"), EventSelectors: []types.EventSelector{{}},
			AdvancedEventSelectors: []types.AdvancedEventSelector{{FieldSelectors: []types.AdvancedFieldSelector{{Field: aws.String("eventCategory"), Equals: []string{"Management"}}}}}},
		"neither": {TrailName: aws.String("tagged")},
	} {
		_, err := ct.PutEventSelectors(e.Ctx, in)
		expect.Check(t, name, err, expect.Code("InvalidParameterCombinationException"))
	}
	_, err = ct.PutEventSelectors(e.Ctx, &cloudtrail.PutEventSelectorsInput{TrailName: aws.String("tagged"),
		EventSelectors: []types.EventSelector{{DataResources: []types.DataResource{{Type: aws.String("AWS::EC2::Instance")}}}}})
	expect.Check(t, "an unknown data resource type", err, expect.Code("InvalidEventSelectorsException"))
}

// Faults and throttling come through the core's hooks with CloudTrail's
// own errors; a faulted write changes nothing.
func TestFaultsAndThrottling(t *testing.T) {
	t.Parallel()
	mgmtTrails := func(e *sandboxtest.Env) *cloudtrail.Client { return trails(e, e.Admin(), "us-east-1") }
	faults := append(sandboxtest.CommonFaults("cloudtrail", "ThrottlingException", 400, "InternalFailure"),
		sandboxtest.Fault{Name: "no concurrent-modification fault", Opt: sandbox.WithFaults(sandbox.Faults{Concurrent: 1})})
	sandboxtest.CheckFaults(t, faults, sandboxtest.Probe{
		Read: func(e *sandboxtest.Env) {
			_, _ = mgmtTrails(e).DescribeTrails(e.Ctx, &cloudtrail.DescribeTrailsInput{})
		},
		Write: func(e *sandboxtest.Env) error {
			_, err := create(mgmtTrails(e), e, "faulted", nil)
			return err
		},
		Count: func(e *sandboxtest.Env) int {
			out, _ := mgmtTrails(e).DescribeTrails(e.Ctx, &cloudtrail.DescribeTrailsInput{})
			return len(out.TrailList)
		},
	})
}

func TestPersistence(t *testing.T) {
	t.Parallel()
	e := sandboxtest.New(t)
	ct := trails(e, e.Admin(), "ap-south-1")
	if _, err := create(ct, e, "kept", func(in *cloudtrail.CreateTrailInput) { in.IsMultiRegionTrail = aws.Bool(true) }); err != nil {
		t.Fatal(err)
	}
	if _, err := ct.StartLogging(e.Ctx, &cloudtrail.StartLoggingInput{Name: aws.String("kept")}); err != nil {
		t.Fatal(err)
	}
	before, _ := ct.DescribeTrails(e.Ctx, &cloudtrail.DescribeTrailsInput{})
	e.Reopen()
	ct = trails(e, e.Admin(), "ap-south-1")
	after, err := ct.DescribeTrails(e.Ctx, &cloudtrail.DescribeTrailsInput{})
	if err != nil || !cmp.Equal(before.TrailList, after.TrailList, cmp.AllowUnexported(types.Trail{})) {
		t.Errorf("after reopen: %+v, %v", after, err)
	}
	status, err := ct.GetTrailStatus(e.Ctx, &cloudtrail.GetTrailStatusInput{Name: aws.String("kept")})
	if err != nil || !*status.IsLogging {
		t.Errorf("logging after reopen: %+v, %v", status, err)
	}
	_ = http.StatusOK
}
