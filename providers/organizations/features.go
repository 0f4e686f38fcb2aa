package organizations

import (
	"context"
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	"github.com/aws/aws-sdk-go-v2/service/organizations/types"

	"github.com/orgctl/orgctl/providers/internal/awsapi"
)

// Enabling all features in an organization of consolidated billing only
// is AWS's handshake: EnableAllFeatures starts a request and sends an
// ENABLE_ALL_FEATURES handshake to every invited account (created ones
// are not asked); once all have accepted, AWS sends the management account
// an APPROVE_ALL_FEATURES handshake, and accepting it finalises the change.
// Read reports where that stands (orgs.AttrAllFeatures); the plan stops on
// it and names the next step.

// readHandshakes reads the organization's handshakes when it lacks all
// features.
func (r *reader) readHandshakes(ctx context.Context) error {
	var all []types.Handshake
	err := awsapi.Pages(ctx, apiError, "ListHandshakesForOrganization",
		organizations.NewListHandshakesForOrganizationPaginator(r.p.org, &organizations.ListHandshakesForOrganizationInput{MaxResults: maxResults}),
		func(out *organizations.ListHandshakesForOrganizationOutput) error {
			all = append(all, out.Handshakes...)
			return nil
		})
	r.mu.Lock()
	r.handshakes = all
	r.mu.Unlock()
	return err
}

// allFeaturesStatus says where enabling all features stands and what the
// next step is, naming the accounts that have not answered.
func allFeaturesStatus(hs []types.Handshake, mgmt string, accounts []types.Account) string {
	email := map[string]string{}
	for _, a := range accounts {
		email[aws.ToString(a.Id)] = aws.ToString(a.Email)
	}
	name := func(id string) string {
		if e := email[id]; e != "" {
			return id + " (" + e + ")"
		}
		return id
	}
	live := func(h types.Handshake) bool {
		return h.State == types.HandshakeStateRequested || h.State == types.HandshakeStateOpen
	}
	var request, approval string
	var waiting, declined []string
	for _, h := range hs {
		acct := recipient(h)
		switch {
		case h.Action == types.ActionTypeApproveAllFeatures && live(h):
			approval = aws.ToString(h.Id)
		case h.Action != types.ActionTypeEnableAllFeatures:
		case acct == "" || acct == mgmt:
			if live(h) {
				request = aws.ToString(h.Id)
			}
		case h.State == types.HandshakeStateRequested:
			waiting = append(waiting, name(acct))
		case h.State == types.HandshakeStateDeclined:
			declined = append(declined, name(acct))
		}
	}
	switch {
	case approval != "":
		return fmt.Sprintf("every invited account has approved; finalise it as the management account: aws organizations accept-handshake --handshake-id %s", approval)
	case request == "":
		return "not started; start it with: aws organizations enable-all-features"
	case len(declined) > 0:
		return fmt.Sprintf("started (%s), but declined by %s; cancel it (aws organizations cancel-handshake --handshake-id %s) and start again once they agree",
			request, strings.Join(declined, ", "), request)
	default:
		return fmt.Sprintf("started (%s); waiting for %d invited account(s) to accept their ENABLE_ALL_FEATURES handshake (aws organizations accept-handshake, as the account): %s",
			request, len(waiting), strings.Join(waiting, ", "))
	}
}

// recipient is the account a handshake is addressed to, "" for none.
func recipient(h types.Handshake) string {
	for _, p := range h.Parties {
		if p.Type == types.HandshakePartyTypeAccount {
			return aws.ToString(p.Id)
		}
	}
	return ""
}
