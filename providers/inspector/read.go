package inspector

import (
	"context"
	"fmt"
	"slices"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/inspector2"
	"github.com/aws/aws-sdk-go-v2/service/inspector2/types"
	"golang.org/x/sync/errgroup"

	"github.com/orgctl/orgctl/engine"
	"github.com/orgctl/orgctl/providers/internal/awsapi"
	"github.com/orgctl/orgctl/providers/internal/members"
	ins "github.com/orgctl/orgctl/services/inspector"
)

// Read implements engine.Provider: in each governed region, at once, the
// administrator (one call from the management account) and its
// organization configuration (one call as the administrator). Members are
// listed only with Settings.Members; otherwise an organization
// configuration that auto-enables is trusted to stand for members that
// apply enrolled. A spec without security.inspector reads nothing. It
// changes nothing.
func (p *Provider) Read(ctx context.Context, scope *engine.Scope) ([]engine.Resource, error) {
	if !scope.Reads(ins.KindAdmin) {
		return nil, nil // the spec leaves Inspector alone
	}
	regions := p.Env.Settings.Regions
	parts := make([][]engine.Resource, len(regions))
	g, gctx := errgroup.WithContext(ctx)
	var active []members.Account
	if p.Env.Settings.Members {
		g.Go(func() (err error) {
			active, err = members.Active(gctx, p.Env.Sessions.Management(p.Env.Settings.HomeRegion), p.Env.PaceOrganizations)
			return err
		})
	}
	for i, region := range regions {
		g.Go(func() error {
			rs, err := p.readRegion(gctx, region)
			if err != nil {
				return fmt.Errorf("%s: %w", region, err)
			}
			parts[i] = rs
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	out := slices.Concat(parts...)
	if !p.Env.Settings.Members {
		return out, nil
	}
	// Who is enrolled, per region, against the organization's accounts.
	g, ctx = errgroup.WithContext(ctx)
	for i := range out {
		r := &out[i]
		if r.Kind != ins.KindMembers {
			continue
		}
		g.Go(func() error {
			region, admin := r.Attrs.String(ins.AttrRegion), r.Attrs.String(ins.AttrAccount)
			api, err := p.admin(ctx, admin, region)
			if err != nil {
				return err
			}
			_, done, err := p.enrolment(ctx, api, r.Attrs.Strings(ins.AttrScans))
			if err != nil {
				return fmt.Errorf("%s: %w", region, err)
			}
			n := 0
			for _, a := range active {
				if a.ID != admin && done[a.ID] {
					n++
				}
			}
			r.Attrs[ins.AttrMembers] = members.State(n, len(active)-countOf(active, admin))
			return nil
		})
	}
	return out, g.Wait()
}

func countOf(active []members.Account, id string) int {
	for _, a := range active {
		if a.ID == id {
			return 1
		}
	}
	return 0
}

func (p *Provider) readRegion(ctx context.Context, region string) ([]engine.Resource, error) {
	admin, err := p.readAdmin(ctx, region)
	if err != nil || admin == "" {
		return nil, err
	}
	// Keyed by the account's ID here; the engine makes it the spec's key.
	key := region + "/" + admin
	out := []engine.Resource{{Kind: ins.KindAdmin, Key: key,
		Attrs: engine.Attrs{ins.AttrRegion: region, ins.AttrAccount: admin, engine.AttrID: admin}}}
	api, err := p.admin(ctx, admin, region)
	if err != nil {
		return nil, err
	}
	cfg, err := awsapi.Do(ctx, func() (*inspector2.DescribeOrganizationConfigurationOutput, error) {
		return api.DescribeOrganizationConfiguration(ctx, &inspector2.DescribeOrganizationConfigurationInput{})
	})
	if settling(err) {
		return out, nil // a new administrator's: apply waits for it
	}
	if err != nil {
		return nil, apiError("DescribeOrganizationConfiguration", err)
	}
	scans := autoEnabled(cfg.AutoEnable)
	state := "NONE"
	if len(scans) > 0 {
		state = "NEW"
	}
	out = append(out, engine.Resource{Kind: ins.KindOrgConfig, Key: key,
		Attrs: engine.Attrs{ins.AttrRegion: region, ins.AttrAccount: admin, ins.AttrMembers: state, ins.AttrScans: scans}})
	if len(scans) > 0 {
		// Trusted to stand for the enrolment apply made, unless
		// Settings.Members asks Read to count (which it then does).
		out = append(out, engine.Resource{Kind: ins.KindMembers, Key: key,
			Attrs: engine.Attrs{ins.AttrRegion: region, ins.AttrAccount: admin, ins.AttrMembers: members.All, ins.AttrScans: scans}})
	}
	return out, nil
}

// autoEnabled lists the scan types a, the organization configuration,
// turns on, in ins.ScanTypes' order.
func autoEnabled(a *types.AutoEnable) []string {
	if a == nil {
		return nil
	}
	var out []string
	for _, f := range []struct {
		name string
		on   *bool
	}{{"EC2", a.Ec2}, {"ECR", a.Ecr}, {"LAMBDA", a.Lambda}, {"LAMBDA_CODE", a.LambdaCode}, {"CODE_REPOSITORY", a.CodeRepository}} {
		if aws.ToBool(f.on) {
			out = append(out, f.name)
		}
	}
	return out
}

// readAdmin returns the account ID of the region's administrator, or ""
// when it has none enabled. One being removed counts as none.
func (p *Provider) readAdmin(ctx context.Context, region string) (string, error) {
	admin, _, err := p.readAdminStatus(ctx, region)
	return admin, err
}

// readAdminStatus returns the region's administrator, enabled, and the
// account being removed, if any.
func (p *Provider) readAdminStatus(ctx context.Context, region string) (enabled, disabling string, err error) {
	err = awsapi.Pages(ctx, apiError, "ListDelegatedAdminAccounts",
		inspector2.NewListDelegatedAdminAccountsPaginator(p.management(region), &inspector2.ListDelegatedAdminAccountsInput{MaxResults: aws.Int32(5)}),
		func(out *inspector2.ListDelegatedAdminAccountsOutput) error {
			for _, a := range out.DelegatedAdminAccounts {
				switch a.Status {
				case types.DelegatedAdminStatusEnabled:
					enabled = aws.ToString(a.AccountId)
				case types.DelegatedAdminStatusDisableInProgress:
					disabling = aws.ToString(a.AccountId)
				}
			}
			return nil
		})
	return enabled, disabling, err
}

// enrolment lists the administrator's members (associated, by ID) and
// those of them with every scan type of scans enabled, which count as
// enrolled: two calls per 50 members.
func (p *Provider) enrolment(ctx context.Context, api *inspector2.Client, scans []string) (associated, enrolled map[string]bool, err error) {
	associated, enrolled = map[string]bool{}, map[string]bool{}
	var ids []string
	err = awsapi.Pages(ctx, apiError, "ListMembers",
		inspector2.NewListMembersPaginator(api, &inspector2.ListMembersInput{OnlyAssociated: aws.Bool(true), MaxResults: aws.Int32(50)}),
		func(out *inspector2.ListMembersOutput) error {
			for _, m := range out.Members {
				if m.RelationshipStatus == types.RelationshipStatusEnabled {
					associated[aws.ToString(m.AccountId)] = true
					ids = append(ids, aws.ToString(m.AccountId))
				}
			}
			return nil
		})
	if err != nil {
		return nil, nil, err
	}
	for batch := range slices.Chunk(ids, 100) {
		out, err := awsapi.Do(ctx, func() (*inspector2.BatchGetAccountStatusOutput, error) {
			return api.BatchGetAccountStatus(ctx, &inspector2.BatchGetAccountStatusInput{AccountIds: batch})
		})
		if err != nil {
			return nil, nil, apiError("BatchGetAccountStatus", err)
		}
		for _, a := range out.Accounts {
			if hasScans(a.ResourceState, scans) {
				enrolled[aws.ToString(a.AccountId)] = true
			}
		}
	}
	return associated, enrolled, nil
}

// hasScans reports whether every scan type of scans is enabled (or being
// enabled) in rs.
func hasScans(rs *types.ResourceState, scans []string) bool {
	if rs == nil {
		return false
	}
	state := map[string]*types.State{"EC2": rs.Ec2, "ECR": rs.Ecr, "LAMBDA": rs.Lambda, "LAMBDA_CODE": rs.LambdaCode, "CODE_REPOSITORY": rs.CodeRepository}
	for _, s := range scans {
		st := state[s]
		if st == nil || st.Status != types.StatusEnabled && st.Status != types.StatusEnabling {
			return false
		}
	}
	return true
}
