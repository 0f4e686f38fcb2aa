package inspector

import (
	"time"

	"github.com/orgctl/orgctl/sandbox"
)

// defaultSettleDelay is how long a new administrator waits before its
// organization configuration and member calls are taken, and how long a
// removed administrator stays DISABLE_IN_PROGRESS: AWS takes a while for
// both; two seconds here make clients prove they wait without slowing
// the tests that keep the default.
const defaultSettleDelay = 2 * time.Second

// WithAdminSettleDelay sets how long after EnableDelegatedAdminAccount the
// new administrator's calls are refused (AccessDeniedException), and how
// long DisableDelegatedAdminAccount takes. Stored by sandbox.Init and
// Reset, overridden per process by sandbox.Open.
func WithAdminSettleDelay(d time.Duration) sandbox.Option {
	return stored.Option(func(s *settings) { s.AdminSettleDelay = sandbox.Duration(d) })
}

// MemberElsewhere makes account a member of another administrator in
// region, as an account a former administrator kept: Inspector refuses to
// associate it. It is for tests of how clients report such a refusal.
func MemberElsewhere(sb *sandbox.Sandbox, region, account, otherAdmin string) error {
	return sb.Update(func(c *sandbox.Call) error {
		slice.Of(c.State).membersOf(region)[account] = &member{Admin: otherAdmin, UpdatedAt: c.Now}
		return nil
	})
}
