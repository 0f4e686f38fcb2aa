package organizations

import (
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/organizations/types"
)

// TestAllFeaturesStatus: each stage of enabling all features names its
// next step, and who must take it.
func TestAllFeaturesStatus(t *testing.T) {
	t.Parallel()
	const mgmt, a, b = "111111111111", "222222222222", "333333333333"
	hs := func(id string, action types.ActionType, state types.HandshakeState, acct string) types.Handshake {
		h := types.Handshake{Id: aws.String(id), Action: action, State: state,
			Parties: []types.HandshakeParty{{Id: aws.String("o-abcdefghij"), Type: types.HandshakePartyTypeOrganization}}}
		if acct != "" {
			h.Parties = append(h.Parties, types.HandshakeParty{Id: aws.String(acct), Type: types.HandshakePartyTypeAccount})
		}
		return h
	}
	req := hs("h-request01", types.ActionTypeEnableAllFeatures, types.HandshakeStateRequested, "")
	accounts := []types.Account{{Id: aws.String(a), Email: aws.String("a@example.org")}}
	tests := []struct {
		name string
		hs   []types.Handshake
		want []string
	}{
		{"none", nil, []string{"not started", "aws organizations enable-all-features"}},
		{"cancelled", []types.Handshake{hs("h-request01", types.ActionTypeEnableAllFeatures, types.HandshakeStateCanceled, "")}, []string{"not started"}},
		{"waiting", []types.Handshake{req,
			hs("h-member01", types.ActionTypeEnableAllFeatures, types.HandshakeStateAccepted, b),
			hs("h-member02", types.ActionTypeEnableAllFeatures, types.HandshakeStateRequested, a)},
			[]string{"started (h-request01)", "waiting for 1 invited account", a + " (a@example.org)"}},
		{"declined", []types.Handshake{req, hs("h-member01", types.ActionTypeEnableAllFeatures, types.HandshakeStateDeclined, b)},
			[]string{"declined by " + b, "cancel-handshake --handshake-id h-request01"}},
		{"approved", []types.Handshake{hs("h-request01", types.ActionTypeEnableAllFeatures, types.HandshakeStateOpen, ""),
			hs("h-approve01", types.ActionTypeApproveAllFeatures, types.HandshakeStateRequested, mgmt)},
			[]string{"finalise it as the management account", "accept-handshake --handshake-id h-approve01"}},
	}
	for _, tt := range tests {
		got := allFeaturesStatus(tt.hs, mgmt, accounts)
		for _, w := range tt.want {
			if !strings.Contains(got, w) {
				t.Errorf("%s: %q does not say %q", tt.name, got, w)
			}
		}
	}
}
