package fms

import (
	"time"

	"github.com/orgctl/orgctl/sandbox"
)

// defaultSettleDelay is how long the administrator's role takes to be
// ready, or to go: minutes on AWS; a few seconds make clients prove they
// wait, without slowing tests that shorten it.
const defaultSettleDelay = 3 * time.Second

// WithAdminSettleDelay sets how long after AssociateAdminAccount the
// administrator's RoleStatus is CREATING, and after
// DisassociateAdminAccount PENDING_DELETION. Stored by sandbox.Init and
// Reset, overridden per process by sandbox.Open.
func WithAdminSettleDelay(d time.Duration) sandbox.Option {
	return stored.Option(func(s *settings) { s.AdminSettleDelay = sandbox.Duration(d) })
}
