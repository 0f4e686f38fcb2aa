package organizations

import (
	"errors"
	"fmt"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	"github.com/aws/aws-sdk-go-v2/service/sts"

	"github.com/orgctl/orgctl/sandbox/internal/sandboxtest/coretest"
)

// TestParallelRequests is meant for -race: writers and readers at once.
func TestParallelRequests(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	root := e.RootID()
	const workers, each = 8, 10
	coretest.Parallel(t, workers, each, func(w, i int) error {
		_, err1 := e.Org.CreateOrganizationalUnit(e.Ctx, &organizations.CreateOrganizationalUnitInput{
			ParentId: aws.String(root), Name: aws.String(fmt.Sprintf("w%d-%d", w, i))})
		_, err2 := e.Org.ListOrganizationalUnitsForParent(e.Ctx, &organizations.ListOrganizationalUnitsForParentInput{ParentId: aws.String(root)})
		_, err3 := e.STS.GetCallerIdentity(e.Ctx, &sts.GetCallerIdentityInput{})
		_ = e.SB.Calls()
		return errors.Join(err1, err2, err3)
	})
	var n int
	p := organizations.NewListOrganizationalUnitsForParentPaginator(e.Org, &organizations.ListOrganizationalUnitsForParentInput{ParentId: aws.String(root)})
	for p.HasMorePages() {
		out, err := p.NextPage(e.Ctx)
		if err != nil {
			t.Fatal(err)
		}
		n += len(out.OrganizationalUnits)
	}
	if n != workers*each {
		t.Errorf("%d OUs, want %d", n, workers*each)
	}
	if got := e.SB.Calls()["organizations:CreateOrganizationalUnit"]; got != workers*each {
		t.Errorf("calls counted %d, want %d", got, workers*each)
	}
}
