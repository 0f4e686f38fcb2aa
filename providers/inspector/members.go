package inspector

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/inspector2"

	"github.com/orgctl/orgctl/engine"
	"github.com/orgctl/orgctl/providers/internal/awsapi"
	"github.com/orgctl/orgctl/providers/internal/members"
	ins "github.com/orgctl/orgctl/services/inspector"
	orgs "github.com/orgctl/orgctl/services/organizations"
)

// enableBatch is how many accounts one Enable takes: Inspector's limit.
const enableBatch = 100

// enrol makes every active account of the organization, but the
// administrator, a member with the scan types of a: those not yet
// associated are associated (one AssociateMember each), then the scan
// types enabled for a batch at once. An account already enrolled is left
// alone, so an apply that stopped is resumed by the next. Every account
// is tried; the error names each that failed, with Inspector's reason.
func (p *Provider) enrol(ctx context.Context, a engine.Attrs, ids *engine.IDs) error {
	region := a.String(ins.AttrRegion)
	admin, err := ids.Require(orgs.Account(a.String(ins.AttrAccount)))
	if err != nil {
		return err
	}
	scans := a.Strings(ins.AttrScans)
	api, err := p.admin(ctx, admin, region)
	if err != nil {
		return err
	}
	// Inspector takes members only from an administrator with Inspector
	// enabled for itself. The organization configuration's change does
	// that too, but the engine orders this change only after its create,
	// not after an update of it.
	if err := p.enableSelf(ctx, api, admin, scans); err != nil {
		return err
	}
	active, err := members.Active(ctx, p.Env.Sessions.Management(p.Env.Settings.HomeRegion), p.Env.PaceOrganizations)
	if err != nil {
		return err
	}
	associated, enrolled, err := p.enrolment(ctx, api, scans)
	if err != nil {
		return err
	}
	todo := members.Missing(active, enrolled, admin)
	if len(todo) == 0 {
		return nil
	}
	engine.Progress(ctx, "enrolling %d accounts in Inspector in %s", len(todo), region)
	return members.Enrol(ctx, todo, enableBatch, p.enrolParallel, func(ctx context.Context, batch []members.Account) (map[string]string, error) {
		refused := map[string]string{}
		var ready []string
		for _, acct := range batch {
			if !associated[acct.ID] {
				_, err := awsapi.Do(ctx, func() (*inspector2.AssociateMemberOutput, error) {
					return api.AssociateMember(ctx, &inspector2.AssociateMemberInput{AccountId: aws.String(acct.ID)})
				})
				if err != nil {
					refused[acct.ID] = apiError("AssociateMember", err).Error()
					continue
				}
			}
			ready = append(ready, acct.ID)
		}
		if len(ready) == 0 {
			return refused, nil
		}
		failed, err := p.enable(ctx, api, ready, scans)
		if err != nil {
			return nil, err
		}
		for id, why := range failed {
			refused[id] = fmt.Sprintf("Enable: %s", why)
		}
		return refused, nil
	})
}
