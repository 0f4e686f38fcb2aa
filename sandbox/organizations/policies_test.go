package organizations

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	"github.com/aws/aws-sdk-go-v2/service/organizations/types"
	"github.com/google/go-cmp/cmp"

	"github.com/orgctl/orgctl/sandbox/internal/sandboxtest/expect"
)

const (
	scp = "SERVICE_CONTROL_POLICY"
	rcp = "RESOURCE_CONTROL_POLICY"
)

func denyDoc(action string) string {
	return `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"` + action + `","Resource":"*"}]}`
}

// padded returns an SCP document of exactly n characters.
func padded(n int) string {
	doc := denyDoc("s3:*")
	return doc[:len(doc)-1] + strings.Repeat(" ", n-len(doc)) + "}"
}

func TestCreatePolicy(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	str := aws.String
	e.createPolicy("existing", scp, denyDoc("iam:*"))
	cases := []struct {
		name       string
		policyName string
		typ        string
		content    string
		want       func(error) string
	}{
		// AWS lets you create a policy of a type that is not enabled
		// (Terraform's acceptance tests do); only attaching needs it enabled.
		{"type not enabled", "deny-s3", scp, denyDoc("s3:*"), expect.OK},
		{"tag policy, type not enabled", "tags", "TAG_POLICY", `{"tags":{}}`, expect.OK},
		// 10,240 since 15 May 2026 (5,120 before).
		{"at the size limit", "big", scp, padded(10240), expect.OK},
		{"over the size limit", "too-big", scp, padded(10241), isConstraint(types.ConstraintViolationExceptionReasonPolicyContentLimitExceeded)},
		{"AI opt-out limit 2500", "ai", "AISERVICES_OPT_OUT_POLICY", `{"services":{}` + strings.Repeat(" ", 2500) + `}`, isConstraint(types.ConstraintViolationExceptionReasonPolicyContentLimitExceeded)},
		{"not JSON", "bad", scp, "not json", as[*types.MalformedPolicyDocumentException](nil)},
		{"JSON array", "bad", scp, "[]", as[*types.MalformedPolicyDocumentException](nil)},
		{"SCP without Statement", "bad", scp, `{"Version":"2012-10-17"}`, as[*types.MalformedPolicyDocumentException](nil)},
		{"duplicate name", "existing", scp, denyDoc("ec2:*"), as[*types.DuplicatePolicyException](nil)},
		{"name of an AWS-managed policy", "FullAWSAccess", scp, denyDoc("ec2:*"), as[*types.DuplicatePolicyException](nil)},
		{"same name, other type", "existing", "TAG_POLICY", `{"tags":{}}`, expect.OK},
		{"name too long", strings.Repeat("n", 129), scp, denyDoc("ec2:*"), isInvalid(types.InvalidInputExceptionReasonMaxLengthExceeded)},
		{"unknown type", "x", "NO_SUCH_POLICY", denyDoc("ec2:*"), isInvalid(types.InvalidInputExceptionReasonInvalidEnumPolicyType)},
	}
	for _, c := range cases {
		_, err := e.Org.CreatePolicy(e.Ctx, &organizations.CreatePolicyInput{Name: str(c.policyName),
			Description: str("d"), Type: types.PolicyType(c.typ), Content: str(c.content)})
		expect.Check(t, c.name, err, c.want)
	}
	_, err := e.Org.CreatePolicy(e.Ctx, &organizations.CreatePolicyInput{Name: str("long-desc"),
		Description: str(strings.Repeat("d", 513)), Type: scp, Content: str(denyDoc("a:*"))})
	expect.Check(t, "description too long", err, isInvalid(types.InvalidInputExceptionReasonMaxLengthExceeded))

	list, err := e.Org.ListPolicies(e.Ctx, &organizations.ListPoliciesInput{Filter: scp})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, p := range list.Policies {
		names = append(names, *p.Name)
	}
	if diff := cmp.Diff([]string{"FullAWSAccess", "existing", "deny-s3", "big"}, names); diff != "" {
		t.Errorf("ListPolicies (-want +got):\n%s", diff)
	}
	full := list.Policies[0]
	if !full.AwsManaged || *full.Id != "p-FullAWSAccess" ||
		*full.Arn != "arn:aws:organizations::aws:policy/service_control_policy/p-FullAWSAccess" {
		t.Errorf("FullAWSAccess = %+v", full)
	}
	mine := list.Policies[1]
	org, _ := e.Org.DescribeOrganization(e.Ctx, nil)
	if mine.AwsManaged || !rePolicyID.MatchString(*mine.Id) || *mine.Arn != "arn:aws:organizations::"+e.SB.ManagementAccountID()+
		":policy/"+*org.Organization.Id+"/service_control_policy/"+*mine.Id {
		t.Errorf("customer policy = %+v", mine)
	}
}

func TestUpdateAndDeletePolicy(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	root := e.RootID()
	id := e.createPolicy("p1", scp, denyDoc("s3:*"))
	e.createPolicy("p2", scp, denyDoc("ec2:*"))
	str := aws.String
	updates := []struct {
		name string
		in   organizations.UpdatePolicyInput
		want func(error) string
	}{
		{"rename", organizations.UpdatePolicyInput{PolicyId: str(id), Name: str("renamed")}, expect.OK},
		{"rename onto another", organizations.UpdatePolicyInput{PolicyId: str(id), Name: str("p2")}, as[*types.DuplicatePolicyException](nil)},
		{"new content", organizations.UpdatePolicyInput{PolicyId: str(id), Content: str(denyDoc("sqs:*"))}, expect.OK},
		{"malformed content", organizations.UpdatePolicyInput{PolicyId: str(id), Content: str("{")}, as[*types.MalformedPolicyDocumentException](nil)},
		{"AWS-managed", organizations.UpdatePolicyInput{PolicyId: str("p-FullAWSAccess"), Name: str("x")}, isInvalid(types.InvalidInputExceptionReasonImmutablePolicy)},
		{"not found", organizations.UpdatePolicyInput{PolicyId: str("p-abcdefgh"), Name: str("x")}, as[*types.PolicyNotFoundException](nil)},
		{"malformed ID", organizations.UpdatePolicyInput{PolicyId: str("p-1"), Name: str("x")}, isInvalid(types.InvalidInputExceptionReasonInvalidPattern)},
	}
	for _, c := range updates {
		_, err := e.Org.UpdatePolicy(e.Ctx, &c.in)
		expect.Check(t, c.name, err, c.want)
	}
	d, err := e.Org.DescribePolicy(e.Ctx, &organizations.DescribePolicyInput{PolicyId: str(id)})
	if err != nil || *d.Policy.PolicySummary.Name != "renamed" || *d.Policy.Content != denyDoc("sqs:*") {
		t.Errorf("DescribePolicy = %+v, %v", d, err)
	}

	e.enablePolicyType(scp)
	if _, err := e.Org.AttachPolicy(e.Ctx, &organizations.AttachPolicyInput{PolicyId: str(id), TargetId: str(root)}); err != nil {
		t.Fatal(err)
	}
	deletes := []struct {
		name, id string
		want     func(error) string
	}{
		{"attached", id, as[*types.PolicyInUseException](nil)},
		{"AWS-managed", "p-FullAWSAccess", isInvalid(types.InvalidInputExceptionReasonImmutablePolicy)},
		{"not found", "p-abcdefgh", as[*types.PolicyNotFoundException](nil)},
	}
	for _, c := range deletes {
		_, err := e.Org.DeletePolicy(e.Ctx, &organizations.DeletePolicyInput{PolicyId: str(c.id)})
		expect.Check(t, "delete "+c.name, err, c.want)
	}
	if _, err := e.Org.DetachPolicy(e.Ctx, &organizations.DetachPolicyInput{PolicyId: str(id), TargetId: str(root)}); err != nil {
		t.Fatal(err)
	}
	_, err = e.Org.DeletePolicy(e.Ctx, &organizations.DeletePolicyInput{PolicyId: str(id)})
	expect.Check(t, "delete detached", err, expect.OK)
}

func TestServiceControlPolicies(t *testing.T) {
	t.Parallel()
	e := newEnv(t, WithPolicyTypeDelay(500*time.Millisecond))
	root := e.RootID()
	ou := e.createOU(root, "Workloads")
	acct := e.createAccount("app")
	deny := e.createPolicy("deny-s3", scp, denyDoc("s3:*"))
	str := aws.String
	attach := func(policy, target string) error {
		_, err := e.Org.AttachPolicy(e.Ctx, &organizations.AttachPolicyInput{PolicyId: str(policy), TargetId: str(target)})
		return err
	}
	detach := func(policy, target string) error {
		_, err := e.Org.DetachPolicy(e.Ctx, &organizations.DetachPolicyInput{PolicyId: str(policy), TargetId: str(target)})
		return err
	}
	expect.Check(t, "attach before enabling", attach(deny, ou), as[*types.PolicyTypeNotEnabledException](nil))

	out, err := e.Org.EnablePolicyType(e.Ctx, &organizations.EnablePolicyTypeInput{RootId: str(root), PolicyType: scp})
	if err != nil {
		t.Fatal(err)
	}
	if pt := out.Root.PolicyTypes; len(pt) != 1 || pt[0].Status != types.PolicyTypeStatusPendingEnable {
		t.Errorf("EnablePolicyType returned %+v", pt)
	}
	expect.Check(t, "attach while PENDING_ENABLE", attach(deny, ou), as[*types.PolicyTypeNotEnabledException](nil))
	_, err = e.Org.EnablePolicyType(e.Ctx, &organizations.EnablePolicyTypeInput{RootId: str(root), PolicyType: scp})
	expect.Check(t, "enable twice", err, as[*types.PolicyTypeAlreadyEnabledException](nil))
	_, err = e.Org.EnablePolicyType(e.Ctx, &organizations.EnablePolicyTypeInput{RootId: str("r-zzzz"), PolicyType: scp})
	expect.Check(t, "unknown root", err, as[*types.RootNotFoundException](nil))

	e.Clock.Advance(500 * time.Millisecond)
	roots, _ := e.Org.ListRoots(e.Ctx, &organizations.ListRootsInput{})
	if pt := roots.Roots[0].PolicyTypes; len(pt) != 1 || pt[0].Status != types.PolicyTypeStatusEnabled {
		t.Errorf("ListRoots policy types = %+v", pt)
	}
	for _, target := range []string{root, ou, acct, e.SB.ManagementAccountID(), e.createOU(ou, "later")} {
		if got := e.policiesFor(target, scp); !cmp.Equal(got, []string{"p-FullAWSAccess"}) {
			t.Errorf("%s has %v, want FullAWSAccess", target, got)
		}
	}
	if got := e.policiesFor(e.createAccount("later"), scp); !cmp.Equal(got, []string{"p-FullAWSAccess"}) {
		t.Errorf("account created later has %v", got)
	}

	// Ten SCPs a target since 15 May 2026 (five before).
	var extra []string
	for i := range 9 {
		extra = append(extra, e.createPolicy(fmt.Sprint("extra", i), scp, denyDoc(fmt.Sprintf("svc%d:*", i))))
	}
	eleventh := e.createPolicy("eleventh", scp, denyDoc("kms:*"))
	cases := []struct {
		name string
		err  func() error
		want func(error) string
	}{
		{"detach the only SCP", func() error { return detach("p-FullAWSAccess", ou) }, isConstraint(types.ConstraintViolationExceptionReasonMinPolicyTypeAttachmentLimitExceeded)},
		{"attach", func() error { return attach(deny, ou) }, expect.OK},
		{"attach again", func() error { return attach(deny, ou) }, as[*types.DuplicatePolicyAttachmentException](nil)},
		{"detach FullAWSAccess once another SCP is attached", func() error { return detach("p-FullAWSAccess", ou) }, expect.OK},
		{"detach what is not attached", func() error { return detach("p-FullAWSAccess", ou) }, as[*types.PolicyNotAttachedException](nil)},
		{"attach up to ten", func() error {
			for _, p := range extra {
				if err := attach(p, ou); err != nil {
					return err
				}
			}
			return nil
		}, expect.OK},
		{"eleventh SCP", func() error { return attach(eleventh, ou) }, isConstraint(types.ConstraintViolationExceptionReasonMaxPolicyTypeAttachmentLimitExceeded)},
		{"unknown target", func() error { return attach(eleventh, "ou-"+root[2:]+"-zzzzzzzz") }, as[*types.TargetNotFoundException](nil)},
		{"malformed target", func() error { return attach(eleventh, "nope") }, isInvalid(types.InvalidInputExceptionReasonInvalidPatternTargetId)},
		{"unknown policy", func() error { return attach("p-abcdefgh", ou) }, as[*types.PolicyNotFoundException](nil)},
	}
	for _, c := range cases {
		expect.Check(t, c.name, c.err(), c.want)
	}

	targets, err := e.Org.ListTargetsForPolicy(e.Ctx, &organizations.ListTargetsForPolicyInput{PolicyId: str(deny)})
	if err != nil || len(targets.Targets) != 1 || *targets.Targets[0].TargetId != ou ||
		targets.Targets[0].Type != types.TargetTypeOrganizationalUnit || *targets.Targets[0].Name != "Workloads" {
		t.Errorf("ListTargetsForPolicy = %+v, %v", targets, err)
	}
	full, _ := e.Org.ListTargetsForPolicy(e.Ctx, &organizations.ListTargetsForPolicyInput{PolicyId: str("p-FullAWSAccess")})
	if len(full.Targets) != 5 || full.Targets[0].Type != types.TargetTypeRoot { // root, OU "later", three accounts
		t.Errorf("FullAWSAccess targets = %+v", full.Targets)
	}

	// Disabling detaches every SCP; the type leaves ListRoots when it settles.
	if _, err := e.Org.DisablePolicyType(e.Ctx, &organizations.DisablePolicyTypeInput{RootId: str(root), PolicyType: scp}); err != nil {
		t.Fatal(err)
	}
	_, err = e.Org.DisablePolicyType(e.Ctx, &organizations.DisablePolicyTypeInput{RootId: str(root), PolicyType: scp})
	expect.Check(t, "disable while PENDING_DISABLE", err, as[*types.PolicyTypeNotEnabledException](nil))
	e.Clock.Advance(time.Second)
	roots, _ = e.Org.ListRoots(e.Ctx, &organizations.ListRootsInput{})
	if len(roots.Roots[0].PolicyTypes) != 0 {
		t.Errorf("after disabling: %+v", roots.Roots[0].PolicyTypes)
	}
	if got := e.policiesFor(ou, scp); len(got) != 0 {
		t.Errorf("after disabling, OU has %v", got)
	}
	_, err = e.Org.DisablePolicyType(e.Ctx, &organizations.DisablePolicyTypeInput{RootId: str(root), PolicyType: scp})
	expect.Check(t, "disable when not enabled", err, as[*types.PolicyTypeNotEnabledException](nil))
}

func TestResourceControlPolicies(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	root := e.RootID()
	ou := e.createOU(root, "Data")
	e.enablePolicyType(rcp)
	if got := e.policiesFor(ou, rcp); !cmp.Equal(got, []string{"p-RCPFullAWSAccess"}) {
		t.Errorf("OU RCPs = %v", got)
	}
	mine := e.createPolicy("deny-external", rcp, `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"*"}]}`)
	if _, err := e.Org.AttachPolicy(e.Ctx, &organizations.AttachPolicyInput{PolicyId: aws.String(mine), TargetId: aws.String(ou)}); err != nil {
		t.Fatal(err)
	}
	_, err := e.Org.DetachPolicy(e.Ctx, &organizations.DetachPolicyInput{PolicyId: aws.String("p-RCPFullAWSAccess"), TargetId: aws.String(ou)})
	expect.Check(t, "detach RCPFullAWSAccess", err, isInvalid(types.InvalidInputExceptionReasonNonDetachablePolicy))
	_, err = e.Org.DetachPolicy(e.Ctx, &organizations.DetachPolicyInput{PolicyId: aws.String(mine), TargetId: aws.String(ou)})
	expect.Check(t, "detach a customer RCP (no minimum)", err, expect.OK)
	if got := e.policiesFor(root, scp); len(got) != 0 {
		t.Errorf("enabling RCPs attached SCPs: %v", got)
	}
}

func TestTags(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	root := e.RootID()
	ou := e.createOU(root, "Tagged")
	pol := e.createPolicy("tagged", scp, denyDoc("s3:*"))
	str := aws.String
	tags := func(n int, prefix string) []types.Tag {
		var out []types.Tag
		for i := range n {
			out = append(out, types.Tag{Key: str(fmt.Sprintf("%s%02d", prefix, i)), Value: str("v")})
		}
		return out
	}
	cases := []struct {
		name     string
		resource string
		tags     []types.Tag
		want     func(error) string
	}{
		{"root", root, tags(1, "r"), expect.OK},
		{"account", e.SB.ManagementAccountID(), tags(1, "a"), expect.OK},
		{"policy", pol, tags(1, "p"), expect.OK},
		{"AWS-managed policy", "p-FullAWSAccess", tags(1, "p"), isInvalid(types.InvalidInputExceptionReasonImmutablePolicy)},
		{"fifty on the OU", ou, tags(50, "k"), expect.OK},
		{"overwrite keeps fifty", ou, tags(10, "k"), expect.OK},
		{"fifty-first", ou, tags(1, "z"), isConstraint(types.ConstraintViolationExceptionReasonMaxTagLimitExceeded)},
		{"key too long", root, []types.Tag{{Key: str(strings.Repeat("k", 129)), Value: str("")}}, isInvalid(types.InvalidInputExceptionReasonMaxLengthExceeded)},
		{"value too long", root, []types.Tag{{Key: str("k"), Value: str(strings.Repeat("v", 257))}}, isInvalid(types.InvalidInputExceptionReasonMaxLengthExceeded)},
		{"aws: prefix", root, []types.Tag{{Key: str("aws:x"), Value: str("")}}, isInvalid(types.InvalidInputExceptionReasonInvalidSystemTagsParameter)},
		{"unknown resource", "123456789012", tags(1, "x"), as[*types.TargetNotFoundException](nil)},
		{"malformed resource", "bogus", tags(1, "x"), isInvalid(types.InvalidInputExceptionReasonInvalidPattern)},
	}
	for _, c := range cases {
		_, err := e.Org.TagResource(e.Ctx, &organizations.TagResourceInput{ResourceId: str(c.resource), Tags: c.tags})
		expect.Check(t, c.name, err, c.want)
	}
	var keys []string
	p := organizations.NewListTagsForResourcePaginator(e.Org, &organizations.ListTagsForResourceInput{ResourceId: str(ou)})
	pages := 0
	for p.HasMorePages() {
		out, err := p.NextPage(e.Ctx)
		if err != nil {
			t.Fatal(err)
		}
		pages++
		for _, tg := range out.Tags {
			keys = append(keys, *tg.Key)
		}
	}
	if len(keys) != 50 || pages != 3 || !slices.IsSorted(keys) {
		t.Errorf("%d tags in %d pages", len(keys), pages)
	}
	if _, err := e.Org.UntagResource(e.Ctx, &organizations.UntagResourceInput{ResourceId: str(ou), TagKeys: []string{"k00", "k01", "missing"}}); err != nil {
		t.Fatal(err)
	}
	out, _ := e.Org.ListTagsForResource(e.Ctx, &organizations.ListTagsForResourceInput{ResourceId: str(ou)})
	if *out.Tags[0].Key != "k02" {
		t.Errorf("after untag, first tag %s", *out.Tags[0].Key)
	}
}
