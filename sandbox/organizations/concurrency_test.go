package organizations

import (
	"fmt"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	"github.com/aws/aws-sdk-go-v2/service/sts"
)

// TestParallelRequests is meant for -race: writers and readers at once.
func TestParallelRequests(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	root := e.rootID()
	const workers, each = 8, 10
	var wg sync.WaitGroup
	errs := make(chan error, workers*each*3)
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range each {
				_, err := e.org.CreateOrganizationalUnit(e.Ctx, &organizations.CreateOrganizationalUnitInput{
					ParentId: aws.String(root), Name: aws.String(fmt.Sprintf("w%d-%d", w, i))})
				errs <- err
				_, err = e.org.ListOrganizationalUnitsForParent(e.Ctx, &organizations.ListOrganizationalUnitsForParentInput{ParentId: aws.String(root)})
				errs <- err
				_, err = e.sts.GetCallerIdentity(e.Ctx, &sts.GetCallerIdentityInput{})
				errs <- err
				_ = e.SB.Calls()
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	var n int
	p := organizations.NewListOrganizationalUnitsForParentPaginator(e.org, &organizations.ListOrganizationalUnitsForParentInput{ParentId: aws.String(root)})
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
