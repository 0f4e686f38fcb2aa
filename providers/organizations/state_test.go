package organizations

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/organizations/types"
)

// A closed account is CLOSED (or closing); one AWS suspended is not closed.
func TestIsClosed(t *testing.T) {
	for state, want := range map[types.AccountState]bool{
		types.AccountStateActive:            false,
		types.AccountStatePendingActivation: false,
		types.AccountStateSuspended:         false,
		types.AccountStatePendingClosure:    true,
		types.AccountStateClosed:            true,
	} {
		if got := isClosed(state); got != want {
			t.Errorf("isClosed(%s) = %v, want %v", state, got, want)
		}
	}
}
