package detective

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/detective"
	"github.com/aws/aws-sdk-go-v2/service/detective/types"

	"github.com/orgctl/orgctl/engine"
	"github.com/orgctl/orgctl/providers/internal/awsapi"
	"github.com/orgctl/orgctl/providers/internal/members"
	dt "github.com/orgctl/orgctl/services/detective"
	orgs "github.com/orgctl/orgctl/services/organizations"
)

// adminTimeout bounds the wait for a designation or its removal to show.
const adminTimeout = 5 * time.Minute

// Apply implements engine.Provider. Every change is idempotent.
func (p *Provider) Apply(ctx context.Context, c *engine.Change, ids *engine.IDs) (string, error) {
	switch c.Kind {
	case dt.KindAdmin:
		if c.Action == engine.Delete {
			return "", p.removeAdmin(ctx, c.Before, ids)
		}
		return p.designate(ctx, c.After, ids)
	case dt.KindOrgConfig:
		if c.Action == engine.Delete {
			return "", nil // it goes with its administrator
		}
		return p.configure(ctx, c.After, ids)
	case dt.KindMembers:
		if c.Action == engine.Delete {
			return "", nil // orgctl removes no member
		}
		return "", p.enrol(ctx, c.After, ids)
	}
	return "", fmt.Errorf("the detective provider does not handle %s", c.Kind)
}

// designate makes the account Detective's administrator in the region
// and waits until Detective says so; it returns the account's ID.
func (p *Provider) designate(ctx context.Context, a engine.Attrs, ids *engine.IDs) (string, error) {
	region := a.String(dt.AttrRegion)
	account, err := ids.Require(orgs.Account(a.String(dt.AttrAccount)))
	if err != nil {
		return "", err
	}
	api := p.management(region)
	_, err = awsapi.Do(ctx, func() (*detective.EnableOrganizationAdminAccountOutput, error) {
		return api.EnableOrganizationAdminAccount(ctx, &detective.EnableOrganizationAdminAccountInput{AccountId: aws.String(account)})
	})
	if err != nil {
		// Already the administrator (an interrupted run): nothing to do.
		if cur, _, lerr := p.readAdmin(ctx, region); lerr != nil || cur != account {
			return "", apiError("EnableOrganizationAdminAccount "+account, err)
		}
	}
	return account, p.Polling.Poll(ctx, 0, adminTimeout, "waiting for Detective to show "+account+" as administrator in "+region, func() (bool, error) {
		cur, _, err := p.readAdmin(ctx, region)
		return cur == account, err
	})
}

// removeAdmin removes the region's administrator (Detective deletes the
// organization behavior graph) and waits until Detective no longer lists
// it.
func (p *Provider) removeAdmin(ctx context.Context, a engine.Attrs, ids *engine.IDs) error {
	region := a.String(dt.AttrRegion)
	account, ok := ids.ID(orgs.Account(a.String(dt.AttrAccount)))
	if !ok {
		account = a.String(dt.AttrAccount) // an account no longer in the organization: its ID
	}
	api := p.management(region)
	_, err := awsapi.Do(ctx, func() (*detective.DisableOrganizationAdminAccountOutput, error) {
		return api.DisableOrganizationAdminAccount(ctx, &detective.DisableOrganizationAdminAccountInput{})
	})
	if err != nil {
		if cur, _, lerr := p.readAdmin(ctx, region); lerr != nil || cur == account {
			return apiError("DisableOrganizationAdminAccount", err)
		}
	}
	return p.Polling.Poll(ctx, 0, adminTimeout, "waiting for Detective to remove "+account+" as administrator in "+region, func() (bool, error) {
		cur, _, err := p.readAdmin(ctx, region)
		return cur != account, err
	})
}

// adminGraph returns the administrator's ID, a client of it in the
// change's region, and its behavior graph's ARN ("" while designation
// has not made it yet).
func (p *Provider) adminGraph(ctx context.Context, a engine.Attrs, ids *engine.IDs) (string, *detective.Client, string, error) {
	account, err := ids.Require(orgs.Account(a.String(dt.AttrAccount)))
	if err != nil {
		return "", nil, "", err
	}
	api, err := p.admin(ctx, account, a.String(dt.AttrRegion))
	if err != nil {
		return "", nil, "", err
	}
	out, err := awsapi.Do(ctx, func() (*detective.ListGraphsOutput, error) {
		return api.ListGraphs(ctx, &detective.ListGraphsInput{})
	})
	if err != nil {
		return "", nil, "", apiError("ListGraphs", err)
	}
	graph := ""
	for _, g := range out.GraphList {
		graph = aws.ToString(g.Arn)
	}
	return account, api, graph, nil
}

// configure writes the organization configuration as the administrator.
// A new administrator is refused for a while; apply retries until
// designation has spread. It returns the graph's ARN.
func (p *Provider) configure(ctx context.Context, a engine.Attrs, ids *engine.IDs) (string, error) {
	region := a.String(dt.AttrRegion)
	account, api, graph, err := p.adminGraph(ctx, a, ids)
	if err != nil {
		return "", err
	}
	auto := a.String(dt.AttrMembers) == "NEW"
	return graph, p.Polling.Poll(ctx, 0, p.Settle, "waiting for Detective to accept "+account+"'s organization configuration in "+region, func() (bool, error) {
		if graph == "" {
			if _, _, graph, err = p.adminGraph(ctx, a, ids); err != nil || graph == "" {
				return false, err
			}
		}
		_, err := awsapi.Do(ctx, func() (*detective.UpdateOrganizationConfigurationOutput, error) {
			return api.UpdateOrganizationConfiguration(ctx, &detective.UpdateOrganizationConfigurationInput{GraphArn: aws.String(graph), AutoEnable: auto})
		})
		if settling(err) {
			return false, nil
		}
		return err == nil, apiError("UpdateOrganizationConfiguration", err)
	})
}

// enrol enables every active account of the organization (but the
// administrator) as a member, up to 50 a call, with progress. Accounts
// already members are skipped, so an interrupted run is resumed by the
// next; an account Detective leaves unprocessed is named with its reason
// and the others are still enrolled.
func (p *Provider) enrol(ctx context.Context, a engine.Attrs, ids *engine.IDs) error {
	admin, api, graph, err := p.adminGraph(ctx, a, ids)
	if err != nil {
		return err
	}
	if graph == "" {
		return fmt.Errorf("%s has no behavior graph in %s: its designation did not make one", admin, a.String(dt.AttrRegion))
	}
	accounts, err := p.active(ctx)
	if err != nil {
		return err
	}
	enrolled, err := p.enrolled(ctx, api, graph)
	if err != nil {
		return err
	}
	missing := members.Missing(accounts, enrolled, admin)
	if len(missing) == 0 {
		return nil
	}
	engine.Progress(ctx, "enrolling %d accounts in Detective in %s", len(missing), a.String(dt.AttrRegion))
	return members.Enrol(ctx, missing, enrolBatch, enrolParallel, func(ctx context.Context, batch []members.Account) (map[string]string, error) {
		in := &detective.CreateMembersInput{GraphArn: aws.String(graph), DisableEmailNotification: true}
		for _, acct := range batch {
			// Detective ignores an organization account's address, but its
			// model requires one: the account's own.
			in.Accounts = append(in.Accounts, types.Account{AccountId: aws.String(acct.ID), EmailAddress: aws.String(acct.Email)})
		}
		out, err := awsapi.Do(ctx, func() (*detective.CreateMembersOutput, error) { return api.CreateMembers(ctx, in) })
		if err != nil {
			return nil, apiError("CreateMembers", err)
		}
		refused := map[string]string{}
		for _, u := range out.UnprocessedAccounts {
			// One enrolled meanwhile (auto-enable, another run) is done.
			if reason := aws.ToString(u.Reason); !strings.Contains(reason, "already a member") {
				refused[aws.ToString(u.AccountId)] = "Detective did not process it: " + reason
			}
		}
		return refused, nil
	})
}
