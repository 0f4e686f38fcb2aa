package macie

import (
	"time"

	"github.com/orgctl/orgctl/sandbox"
)

// defaultSettleDelay is how long a new administrator's organization calls
// fail: AWS takes a while before a designation is usable; a few seconds
// here make clients prove they retry.
const defaultSettleDelay = 5 * time.Second

// defaultMemberLimit is Macie's quota of members through Organizations
// (Amazon Macie User Guide, "Macie quotas": 10,000).
const defaultMemberLimit = 10000

// WithAdminSettleDelay sets how long after EnableOrganizationAdminAccount
// the new administrator's organization calls (configuration, members) are
// refused as if it were not the administrator. Stored by sandbox.Init and
// Reset, overridden per process by sandbox.Open.
func WithAdminSettleDelay(d time.Duration) sandbox.Option {
	return stored.Option(func(s *settings) { s.AdminSettleDelay = sandbox.Duration(d) })
}

// WithMemberLimit sets how many members an administrator may have in a
// region, for tests of the quota.
func WithMemberLimit(n int) sandbox.Option {
	return stored.Option(func(s *settings) { s.MemberLimit = n })
}
