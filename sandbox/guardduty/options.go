package guardduty

import (
	"time"

	"github.com/orgctl/orgctl/sandbox"
)

// defaultSettleDelay is how long a new administrator's organization
// configuration calls fail: AWS takes a while before the designation is
// usable (peers retry for minutes); a few seconds here make clients prove
// they retry without slowing tests that shorten it.
const defaultSettleDelay = 5 * time.Second

// WithAdminSettleDelay sets how long after EnableOrganizationAdminAccount
// the new administrator's DescribeOrganizationConfiguration and
// UpdateOrganizationConfiguration fail with BadRequestException. Stored by
// sandbox.Init and Reset, overridden per process by sandbox.Open.
func WithAdminSettleDelay(d time.Duration) sandbox.Option {
	return stored.Option(func(s *settings) { s.AdminSettleDelay = sandbox.Duration(d) })
}
