package fms

import (
	"time"

	"github.com/orgctl/orgctl/sandbox"
)

// state is Firewall Manager's slice: the organization's default
// administrator, while it has one (offboarding included).
type state struct {
	Admin *admin `json:"admin,omitempty"`
	// Policies of the administrator, by ID, in every Region.
	Policies map[string]*policy `json:"policies,omitempty"`
}

// settings are Firewall Manager's stored options (see options.go).
type settings struct {
	// AdminSettleDelay is how long an administrator's role stays CREATING
	// after association, and PENDING_DELETION after disassociation.
	AdminSettleDelay sandbox.Duration `json:"adminSettleDelay"`
}

type admin struct {
	Account string    `json:"account"`
	Since   time.Time `json:"since"`
	// LeavingSince is set once the administrator disassociated itself.
	LeavingSince time.Time `json:"leavingSince,omitzero"`
}

// Role statuses, as the API writes them.
const (
	statusCreating        = "CREATING"
	statusReady           = "READY"
	statusPendingDeletion = "PENDING_DELETION"
)

// status is the administrator's RoleStatus at now.
func (a *admin) status(now time.Time, delay time.Duration) string {
	switch {
	case !a.LeavingSince.IsZero():
		return statusPendingDeletion
	case now.Before(a.Since.Add(delay)):
		return statusCreating
	}
	return statusReady
}

// advance forgets an administrator whose offboarding is over.
func advance(st *state, now time.Time, delay time.Duration) {
	if a := st.Admin; a != nil && !a.LeavingSince.IsZero() && !now.Before(a.LeavingSince.Add(delay)) {
		st.Admin = nil
		// An organization offboarded has no policies left.
		st.Policies = nil
	}
}
