package workflow

import (
	"context"
	"fmt"

	"github.com/orgctl/orgctl/engine"
)

// Identifier is a provider that knows which organization it reaches, so
// that a plan made for one organization is never applied to another.
type Identifier interface {
	// Identity returns the organization in what the provider's Read
	// returned (its ID and management account), or nil.
	Identity(live engine.Live) *engine.OrgIdentity
	// Identify asks which organization the provider reaches now, with one
	// cheap call.
	Identify(ctx context.Context) (*engine.OrgIdentity, error)
}

// identity is the organization a plan is made for, or nil when no
// provider can tell.
func identity(p *engine.Plan, providers []Provider, endpoint string) *engine.OrgIdentity {
	idf, ok := find[Identifier](providers)
	if !ok {
		return nil
	}
	id := idf.Identity(p.Live())
	if id == nil {
		return nil
	}
	id.Endpoint = endpoint
	return id
}

// OtherOrgError refuses a saved plan made for another organization, or
// for the same one reached through another endpoint, than the one the
// providers reach.
type OtherOrgError struct {
	Plan, Connected engine.OrgIdentity
}

func (e *OtherOrgError) Error() string {
	return fmt.Sprintf("the plan was made for %s, but this is %s; nothing was changed", describeOrg(e.Plan), describeOrg(e.Connected))
}

// describeOrg names an organization for messages.
func describeOrg(o engine.OrgIdentity) string {
	s := fmt.Sprintf("organization %s (management account %s)", orNone(o.ID), orNone(o.ManagementAccount))
	if o.Endpoint == "" {
		return s + " on AWS"
	}
	return s + " at " + o.Endpoint
}

func orNone(s string) string {
	if s == "" {
		return "unknown"
	}
	return s
}

// checkOrganization refuses a saved plan that was made for another
// organization or endpoint than the one reached now. A plan of an older
// orgctl names none and is not checked; without an Identifier only the
// endpoint is.
func checkOrganization(ctx context.Context, providers []Provider, saved *engine.Plan, endpoint string) error {
	want := saved.Organization
	if want == nil {
		return nil
	}
	got := engine.OrgIdentity{ID: want.ID, ManagementAccount: want.ManagementAccount, Endpoint: endpoint}
	if idf, ok := find[Identifier](providers); ok {
		id, err := idf.Identify(ctx)
		if err != nil {
			return fmt.Errorf("checking which organization the plan is for: %w", err)
		}
		got.ID, got.ManagementAccount = id.ID, id.ManagementAccount
	}
	if got != *want {
		return &OtherOrgError{Plan: *want, Connected: got}
	}
	return nil
}
