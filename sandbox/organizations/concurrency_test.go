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
// Each writer creates under a parent of its own, as AWS serialises the
// OUs created under one parent.
func TestParallelRequests(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	root := e.RootID()
	const workers, each = 8, 10
	parents := make([]string, workers)
	for w := range parents {
		parents[w] = e.createOU(root, fmt.Sprintf("p%d", w))
	}
	coretest.Parallel(t, workers, each, func(w, i int) error {
		_, err1 := e.Org.CreateOrganizationalUnit(e.Ctx, &organizations.CreateOrganizationalUnitInput{
			ParentId: aws.String(parents[w]), Name: aws.String(fmt.Sprintf("w%d-%d", w, i))})
		_, err2 := e.Org.ListOrganizationalUnitsForParent(e.Ctx, &organizations.ListOrganizationalUnitsForParentInput{ParentId: aws.String(root)})
		_, err3 := e.STS.GetCallerIdentity(e.Ctx, &sts.GetCallerIdentityInput{})
		_ = e.SB.Calls()
		return errors.Join(err1, err2, err3)
	})
	var n int
	for _, parent := range parents {
		p := organizations.NewListOrganizationalUnitsForParentPaginator(e.Org, &organizations.ListOrganizationalUnitsForParentInput{ParentId: aws.String(parent)})
		for p.HasMorePages() {
			out, err := p.NextPage(e.Ctx)
			if err != nil {
				t.Fatal(err)
			}
			n += len(out.OrganizationalUnits)
		}
	}
	if n != workers*each {
		t.Errorf("%d OUs, want %d", n, workers*each)
	}
	if got := e.SB.Calls()["organizations:CreateOrganizationalUnit"]; got != workers*(each+1) {
		t.Errorf("calls counted %d, want %d", got, workers*(each+1))
	}
}
