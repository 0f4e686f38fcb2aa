package auditmanager

import (
	"time"

	"github.com/orgctl/orgctl/sandbox"
)

// state is Audit Manager's slice, per region: the organization's delegated
// administrator and the accounts that registered Audit Manager.
type state struct {
	// Admins maps a region to its delegated administrator.
	Admins map[string]*admin `json:"admins"`
	// Registered maps a region to the accounts with Audit Manager active.
	Registered map[string]map[string]bool `json:"registered"`
	// Ever maps a region to the accounts that ever had Audit Manager or
	// an administrator there: maintenance mode lets them back.
	Ever map[string]map[string]bool `json:"ever"`
}

// Check fills absent maps.
func (st *state) Check() error {
	if st.Admins == nil {
		st.Admins = map[string]*admin{}
	}
	if st.Registered == nil {
		st.Registered = map[string]map[string]bool{}
	}
	if st.Ever == nil {
		st.Ever = map[string]map[string]bool{}
	}
	return nil
}

type admin struct {
	Account string    `json:"account"`
	Since   time.Time `json:"since"`
}

// settings are Audit Manager's stored options (see options.go).
type settings struct {
	AdminSettleDelay sandbox.Duration `json:"adminSettleDelay"`
	MaintenanceMode  bool             `json:"maintenanceMode"`
}

func mark(m map[string]map[string]bool, region, account string, on bool) {
	if m[region] == nil {
		m[region] = map[string]bool{}
	}
	if on {
		m[region][account] = true
	} else {
		delete(m[region], account)
	}
}
