package fms

import (
	"context"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/fms"
	"github.com/aws/aws-sdk-go-v2/service/fms/types"

	"github.com/orgctl/orgctl/engine"
	"github.com/orgctl/orgctl/providers/internal/awsapi"
	fm "github.com/orgctl/orgctl/services/fms"
)

// Read implements engine.Provider: the default administrator, one call
// from the management account in us-east-1. One being associated counts;
// one leaving does not. A spec without security.firewallManager reads
// nothing. It changes nothing.
func (p *Provider) Read(ctx context.Context, scope *engine.Scope) ([]engine.Resource, error) {
	if !scope.Reads(fm.KindAdmin) {
		return nil, nil // the spec leaves Firewall Manager alone
	}
	account, status, err := p.readAdmin(ctx)
	if err != nil || account == "" || !present(status) {
		return nil, err
	}
	// Keyed by the account's ID here; the engine makes it the spec's key.
	return []engine.Resource{{Kind: fm.KindAdmin, Key: account,
		Attrs: engine.Attrs{fm.AttrAccount: account, fm.AttrRegion: fm.Region, engine.AttrID: account}}}, nil
}

// present reports whether an administrator in status is there or coming.
func present(status types.AccountRoleStatus) bool {
	return status == types.AccountRoleStatusReady || status == types.AccountRoleStatusCreating
}

// readAdmin returns the default administrator and its role status, or ""
// when the organization has none.
func (p *Provider) readAdmin(ctx context.Context) (string, types.AccountRoleStatus, error) {
	api := p.management()
	out, err := awsapi.Do(ctx, func() (*fms.GetAdminAccountOutput, error) {
		return api.GetAdminAccount(ctx, &fms.GetAdminAccountInput{})
	})
	if none(err) {
		return "", "", nil
	}
	if err != nil {
		return "", "", apiError("GetAdminAccount", err)
	}
	return aws.ToString(out.AdminAccount), out.RoleStatus, nil
}

// none reports whether err says the organization has no administrator:
// ResourceNotFoundException, or the AccessDeniedException Firewall
// Manager's model does not list, "No default admin could be found".
func none(err error) bool {
	switch awsapi.Code(err) {
	case "ResourceNotFoundException":
		return true
	case "AccessDeniedException":
		return strings.Contains(err.Error(), "No default admin could be found")
	}
	return false
}
