package auditmanager

import (
	"time"

	"github.com/orgctl/orgctl/sandbox"
)

// defaultSettleDelay is how long a new administrator waits before it can
// register Audit Manager for itself: AWS takes a while.
const defaultSettleDelay = 2 * time.Second

// WithAdminSettleDelay sets how long after RegisterOrganizationAdminAccount
// the new administrator's RegisterAccount is refused.
func WithAdminSettleDelay(d time.Duration) sandbox.Option {
	return stored.Option(func(s *settings) { s.AdminSettleDelay = sandbox.Duration(d) })
}

// WithMaintenanceMode makes the sandbox refuse, as AWS has since 30 April
// 2026, to enable Audit Manager for an account or administrator that does
// not have it yet in the region. Off by default, so that the sandbox can
// stand for an organization that already used Audit Manager.
func WithMaintenanceMode(on bool) sandbox.Option {
	return stored.Option(func(s *settings) { s.MaintenanceMode = on })
}
