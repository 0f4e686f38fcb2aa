package securityhub

import (
	"time"

	"github.com/orgctl/orgctl/sandbox"
)

// Defaults: AWS takes minutes for a designation to be usable and for
// central configuration and associations to settle; a few seconds here
// make clients prove they wait, without slowing tests that shorten them.
const (
	defaultSettleDelay      = 5 * time.Second
	defaultCentralDelay     = 2 * time.Second
	defaultAssociationDelay = 2 * time.Second
)

// WithAdminSettleDelay sets how long after EnableOrganizationAdminAccount
// the new administrator's organization configuration calls fail with
// InvalidAccessException. Stored by sandbox.Init and Reset.
func WithAdminSettleDelay(d time.Duration) sandbox.Option {
	return stored.Option(func(s *settings) { s.AdminSettleDelay = sandbox.Duration(d) })
}

// WithCentralDelay sets how long central configuration is PENDING after
// UpdateOrganizationConfiguration asks for it.
func WithCentralDelay(d time.Duration) sandbox.Option {
	return stored.Option(func(s *settings) { s.CentralDelay = sandbox.Duration(d) })
}

// WithAssociationDelay sets how long an association is PENDING.
func WithAssociationDelay(d time.Duration) sandbox.Option {
	return stored.Option(func(s *settings) { s.AssociationDelay = sandbox.Duration(d) })
}

// WithDelays sets all three delays at once: tests use 0 or a few ms.
func WithDelays(d time.Duration) sandbox.Option {
	return stored.Option(func(s *settings) {
		s.AdminSettleDelay, s.CentralDelay, s.AssociationDelay = sandbox.Duration(d), sandbox.Duration(d), sandbox.Duration(d)
	})
}
