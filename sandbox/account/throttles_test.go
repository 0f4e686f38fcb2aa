package account

import (
	"testing"

	"github.com/orgctl/orgctl/facts"
	"github.com/orgctl/orgctl/sandbox/internal/sandboxtest"
)

// The Region operations' buckets are orgctl's table too: the client paces
// to what the sandbox enforces.
func TestThrottlesAreOrgctlsFacts(t *testing.T) {
	sandboxtest.PinThrottles(t, service(), facts.AccountThrottles)
}
