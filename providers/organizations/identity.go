package organizations

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/organizations"

	"github.com/orgctl/orgctl/engine"
	"github.com/orgctl/orgctl/providers/internal/awsapi"
	orgs "github.com/orgctl/orgctl/services/organizations"
	"github.com/orgctl/orgctl/workflow"
)

// The workflow finds these by type assertion: a signature that drifted
// would turn the check off without a word, so the compiler checks it.
var (
	_ workflow.Identifier = (*Provider)(nil)
	_ workflow.Recorder   = (*Provider)(nil)
	_ workflow.Locker     = (*Provider)(nil)
)

// Identity returns the organization Read found (workflow.Identifier), so a
// plan names the organization it was made for without another call.
func (p *Provider) Identity(live engine.Live) *engine.OrgIdentity {
	org, ok := live(orgs.Organization)
	if !ok || org.Attrs.String(orgs.AttrOrgID) == "" {
		return nil
	}
	return &engine.OrgIdentity{ID: org.Attrs.String(orgs.AttrOrgID), ManagementAccount: org.Attrs.String(orgs.AttrMgmtAccount)}
}

// Identify asks which organization the credentials reach, with the one
// DescribeOrganization call that Read starts with too.
func (p *Provider) Identify(ctx context.Context) (*engine.OrgIdentity, error) {
	out, err := awsapi.Do(ctx, func() (*organizations.DescribeOrganizationOutput, error) { return p.org.DescribeOrganization(ctx, nil) })
	if err != nil {
		return nil, apiError("DescribeOrganization", err)
	}
	return &engine.OrgIdentity{ID: aws.ToString(out.Organization.Id), ManagementAccount: aws.ToString(out.Organization.MasterAccountId)}, nil
}
