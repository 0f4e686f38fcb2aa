package organizations

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	"github.com/aws/aws-sdk-go-v2/service/organizations/types"
	"github.com/google/go-cmp/cmp"

	"github.com/orgctl/orgctl/sandbox/internal/sandboxtest/expect"
)

func TestDescribeOrganizationAndRoots(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	out, err := e.Org.DescribeOrganization(e.Ctx, &organizations.DescribeOrganizationInput{})
	if err != nil {
		t.Fatal(err)
	}
	o := out.Organization
	mgmt := e.SB.ManagementAccountID()
	if o.FeatureSet != types.OrganizationFeatureSetAll || *o.MasterAccountId != mgmt ||
		*o.MasterAccountEmail != "management@sandbox.example" ||
		*o.Arn != "arn:aws:organizations::"+mgmt+":organization/"+*o.Id ||
		*o.MasterAccountArn != "arn:aws:organizations::"+mgmt+":account/"+*o.Id+"/"+mgmt {
		t.Errorf("organization = %+v", o)
	}
	if !reOrgID.MatchString(*o.Id) {
		t.Errorf("organization ID %q", *o.Id)
	}
	roots, err := e.Org.ListRoots(e.Ctx, &organizations.ListRootsInput{})
	if err != nil {
		t.Fatal(err)
	}
	r := roots.Roots[0]
	if len(roots.Roots) != 1 || *r.Name != "Root" || len(r.PolicyTypes) != 0 || !reRootID.MatchString(*r.Id) ||
		*r.Arn != "arn:aws:organizations::"+mgmt+":root/"+*o.Id+"/"+*r.Id {
		t.Errorf("roots = %+v", roots.Roots)
	}
	accts, err := e.Org.ListAccounts(e.Ctx, &organizations.ListAccountsInput{})
	if err != nil {
		t.Fatal(err)
	}
	a := accts.Accounts[0]
	if len(accts.Accounts) != 1 || *a.Id != mgmt || *a.Name != "management" || a.State != types.AccountStateActive ||
		a.Status != types.AccountStatusActive || a.JoinedTimestamp == nil || !a.JoinedTimestamp.Equal(e.Clock.Now()) {
		t.Errorf("accounts = %+v", accts.Accounts)
	}
	if want := []string{*o.Id + "/" + *r.Id + "/" + mgmt + "/"}; !cmp.Equal(a.Paths, want) {
		t.Errorf("paths = %v, want %v", a.Paths, want)
	}
}

var reOrgID = regexp.MustCompile(`^o-[a-z0-9]{10}$`)

func TestOrganizationalUnits(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	root := e.RootID()
	prod := e.createOU(root, "Prod")
	apps := e.createOU(prod, "Apps")
	acct := e.createAccount("app1")
	if _, err := e.Org.MoveAccount(e.Ctx, &organizations.MoveAccountInput{AccountId: aws.String(acct),
		SourceParentId: aws.String(root), DestinationParentId: aws.String(apps)}); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(prod, "ou-"+root[2:]+"-") || !reOUID.MatchString(prod) {
		t.Errorf("OU ID %q does not follow ou-<rootpart>-<8>", prod)
	}

	// A chain of OUs five deep under the root is the limit.
	deep := root
	for i := 1; i <= 5; i++ {
		deep = e.createOU(deep, fmt.Sprintf("level%d", i))
	}
	str := aws.String
	cases := []struct {
		name string
		in   organizations.CreateOrganizationalUnitInput
		want func(error) string
	}{
		{"same name under another parent", organizations.CreateOrganizationalUnitInput{ParentId: str(prod), Name: str("Prod")}, expect.OK},
		{"duplicate sibling", organizations.CreateOrganizationalUnitInput{ParentId: str(root), Name: str("Prod")}, as[*types.DuplicateOrganizationalUnitException](nil)},
		{"sixth level", organizations.CreateOrganizationalUnitInput{ParentId: str(deep), Name: str("level6")}, isConstraint(types.ConstraintViolationExceptionReasonOuDepthLimitExceeded)},
		{"parent not found", organizations.CreateOrganizationalUnitInput{ParentId: str("ou-" + root[2:] + "-zzzzzzzz"), Name: str("x")}, as[*types.ParentNotFoundException](nil)},
		{"malformed parent", organizations.CreateOrganizationalUnitInput{ParentId: str("Root"), Name: str("x")}, isInvalid(types.InvalidInputExceptionReasonInvalidPattern)},
		{"empty name", organizations.CreateOrganizationalUnitInput{ParentId: str(root), Name: str("")}, isInvalid(types.InvalidInputExceptionReasonMinLengthExceeded)},
		{"name too long", organizations.CreateOrganizationalUnitInput{ParentId: str(root), Name: str(strings.Repeat("n", 129))}, isInvalid(types.InvalidInputExceptionReasonMaxLengthExceeded)},
		{"tags", organizations.CreateOrganizationalUnitInput{ParentId: str(root), Name: str("tagged"), Tags: []types.Tag{{Key: str("owner"), Value: str("secops")}}}, expect.OK},
		{"duplicate tag key", organizations.CreateOrganizationalUnitInput{ParentId: str(root), Name: str("dup"), Tags: []types.Tag{{Key: str("a"), Value: str("1")}, {Key: str("a"), Value: str("2")}}}, isInvalid(types.InvalidInputExceptionReasonDuplicateTagKey)},
	}
	for _, c := range cases {
		_, err := e.Org.CreateOrganizationalUnit(e.Ctx, &c.in)
		expect.Check(t, c.name, err, c.want)
	}

	deletes := []struct {
		name string
		id   string
		want func(error) string
	}{
		{"with child OU", prod, as[*types.OrganizationalUnitNotEmptyException](nil)},
		{"with account", apps, as[*types.OrganizationalUnitNotEmptyException](nil)},
		{"not found", "ou-" + root[2:] + "-zzzzzzzz", as[*types.OrganizationalUnitNotFoundException](nil)},
		{"malformed", "ou-x", isInvalid(types.InvalidInputExceptionReasonInvalidPattern)},
		{"empty", deep, expect.OK},
	}
	for _, c := range deletes {
		_, err := e.Org.DeleteOrganizationalUnit(e.Ctx, &organizations.DeleteOrganizationalUnitInput{OrganizationalUnitId: aws.String(c.id)})
		expect.Check(t, "delete "+c.name, err, c.want)
	}

	// Rename, and the sibling-name rule on rename.
	other := e.createOU(root, "Other")
	_, err := e.Org.UpdateOrganizationalUnit(e.Ctx, &organizations.UpdateOrganizationalUnitInput{OrganizationalUnitId: aws.String(other), Name: aws.String("Prod")})
	expect.Check(t, "rename onto sibling", err, as[*types.DuplicateOrganizationalUnitException](nil))
	up, err := e.Org.UpdateOrganizationalUnit(e.Ctx, &organizations.UpdateOrganizationalUnitInput{OrganizationalUnitId: aws.String(other), Name: aws.String("Sandbox")})
	if err != nil || *up.OrganizationalUnit.Name != "Sandbox" {
		t.Errorf("rename: %v %+v", err, up)
	}
	d, err := e.Org.DescribeOrganizationalUnit(e.Ctx, &organizations.DescribeOrganizationalUnitInput{OrganizationalUnitId: aws.String(apps)})
	if err != nil {
		t.Fatal(err)
	}
	org, _ := e.Org.DescribeOrganization(e.Ctx, nil)
	if want := *org.Organization.Id + "/" + root + "/" + prod + "/" + apps + "/"; *d.OrganizationalUnit.Path != want {
		t.Errorf("path = %q, want %q", *d.OrganizationalUnit.Path, want)
	}

	// The tree as ListParents and ListChildren see it.
	parents, err := e.Org.ListParents(e.Ctx, &organizations.ListParentsInput{ChildId: aws.String(acct)})
	if err != nil || *parents.Parents[0].Id != apps || parents.Parents[0].Type != types.ParentTypeOrganizationalUnit {
		t.Errorf("ListParents(account) = %+v, %v", parents, err)
	}
	parents, err = e.Org.ListParents(e.Ctx, &organizations.ListParentsInput{ChildId: aws.String(prod)})
	if err != nil || *parents.Parents[0].Id != root || parents.Parents[0].Type != types.ParentTypeRoot {
		t.Errorf("ListParents(OU) = %+v, %v", parents, err)
	}
	_, err = e.Org.ListParents(e.Ctx, &organizations.ListParentsInput{ChildId: aws.String("999999999999")})
	expect.Check(t, "ListParents unknown child", err, as[*types.ChildNotFoundException](nil))
	kids, err := e.Org.ListChildren(e.Ctx, &organizations.ListChildrenInput{ParentId: aws.String(apps), ChildType: types.ChildTypeAccount})
	if err != nil || len(kids.Children) != 1 || *kids.Children[0].Id != acct {
		t.Errorf("ListChildren = %+v, %v", kids, err)
	}
	_, err = e.Org.ListChildren(e.Ctx, &organizations.ListChildrenInput{ParentId: aws.String(apps), ChildType: "BOGUS"})
	expect.Check(t, "ListChildren bad type", err, isInvalid(types.InvalidInputExceptionReasonInvalidEnum))
}

func TestOUNumberLimit(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	root := e.RootID()
	e.mutate(func(st *state) {
		for i := len(st.OUs); i < maxOUs; i++ {
			id := newOUID(st.Root.ID)
			st.OUs[id] = &orgUnit{ID: id, Name: fmt.Sprint("ou", i), ParentID: st.Root.ID, Seq: st.nextSeq()}
		}
	})
	_, err := e.Org.CreateOrganizationalUnit(e.Ctx, &organizations.CreateOrganizationalUnitInput{ParentId: aws.String(root), Name: aws.String("one-too-many")})
	expect.Check(t, "2001st OU", err, isConstraint(types.ConstraintViolationExceptionReasonOuNumberLimitExceeded))
}

func TestPagination(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	root := e.RootID()
	var want []string
	for i := range 45 {
		want = append(want, e.createOU(root, fmt.Sprintf("ou-%02d", i)))
	}
	var got []string
	pages := 0
	p := organizations.NewListOrganizationalUnitsForParentPaginator(e.Org,
		&organizations.ListOrganizationalUnitsForParentInput{ParentId: aws.String(root)})
	for p.HasMorePages() {
		out, err := p.NextPage(e.Ctx)
		if err != nil {
			t.Fatal(err)
		}
		pages++
		if len(out.OrganizationalUnits) > 20 {
			t.Errorf("page of %d, default page size is 20", len(out.OrganizationalUnits))
		}
		if (out.NextToken == nil) != !p.HasMorePages() {
			t.Errorf("NextToken %v on a page with more pages %v", out.NextToken, p.HasMorePages())
		}
		for _, ou := range out.OrganizationalUnits {
			got = append(got, *ou.Id)
		}
	}
	if diff := cmp.Diff(want, got); diff != "" || pages != 3 {
		t.Errorf("%d pages; OUs (-want +got):\n%s", pages, diff)
	}

	got = nil
	cp := organizations.NewListChildrenPaginator(e.Org, &organizations.ListChildrenInput{
		ParentId: aws.String(root), ChildType: types.ChildTypeOrganizationalUnit}, func(o *organizations.ListChildrenPaginatorOptions) { o.Limit = 7 })
	for cp.HasMorePages() {
		out, err := cp.NextPage(e.Ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range out.Children {
			got = append(got, *c.Id)
		}
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("ListChildren (-want +got):\n%s", diff)
	}

	first, err := e.Org.ListOrganizationalUnitsForParent(e.Ctx, &organizations.ListOrganizationalUnitsForParentInput{ParentId: aws.String(root)})
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name string
		in   organizations.ListAccountsInput
		want func(error) string
	}{
		{"MaxResults 0", organizations.ListAccountsInput{MaxResults: aws.Int32(0)}, isInvalid(types.InvalidInputExceptionReasonMinValueExceeded)},
		{"MaxResults 21", organizations.ListAccountsInput{MaxResults: aws.Int32(21)}, isInvalid(types.InvalidInputExceptionReasonMaxValueExceeded)},
		{"MaxResults 20", organizations.ListAccountsInput{MaxResults: aws.Int32(20)}, expect.OK},
		{"garbage token", organizations.ListAccountsInput{NextToken: aws.String("garbage")}, isInvalid(types.InvalidInputExceptionReasonInvalidPaginationToken)},
		{"token of another operation", organizations.ListAccountsInput{NextToken: first.NextToken}, isInvalid(types.InvalidInputExceptionReasonInvalidPaginationToken)},
	}
	for _, c := range cases {
		_, err := e.Org.ListAccounts(e.Ctx, &c.in)
		expect.Check(t, c.name, err, c.want)
	}
}
