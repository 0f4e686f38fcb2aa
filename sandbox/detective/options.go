package detective

import (
	"time"

	"github.com/orgctl/orgctl/sandbox"
)

// defaultSettleDelay is how long a new administrator's organization calls
// fail, as a designation takes a while to be usable on AWS.
const defaultSettleDelay = 5 * time.Second

// defaultMemberLimit is Detective's quota of members in a behavior graph
// (Amazon Detective User Guide, "Account restrictions": 1,200).
const defaultMemberLimit = 1200

// WithAdminSettleDelay sets how long after EnableOrganizationAdminAccount
// the new administrator's organization calls are refused as if it were not
// the administrator. Stored by sandbox.Init and Reset, overridden per
// process by sandbox.Open.
func WithAdminSettleDelay(d time.Duration) sandbox.Option {
	return stored.Option(func(s *settings) { s.AdminSettleDelay = sandbox.Duration(d) })
}

// WithMemberLimit sets how many members a behavior graph may have, for
// tests of the quota.
func WithMemberLimit(n int) sandbox.Option {
	return stored.Option(func(s *settings) { s.MemberLimit = n })
}
