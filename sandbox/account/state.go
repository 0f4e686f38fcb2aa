package account

import (
	"slices"
	"time"
)

// Region opt-in statuses, as AWS writes them.
const (
	statusEnabled   = "ENABLED"
	statusEnabling  = "ENABLING"
	statusDisabling = "DISABLING"
	statusDisabled  = "DISABLED"
	statusDefault   = "ENABLED_BY_DEFAULT"
)

var statuses = []string{statusEnabled, statusEnabling, statusDisabling, statusDisabled, statusDefault}

// state is Account Management's slice: the status of each opt-in Region
// an account enabled or disabled, by account ID and Region. A Region not
// here has its setting's status: ENABLED when enabledRegions lists it,
// else DISABLED.
type state struct {
	Accounts map[string]map[string]*optStatus `json:"accounts"`
}

// optStatus is a Region's status in one account, set by EnableRegion or
// DisableRegion; a transition ends at Until.
type optStatus struct {
	Status string    `json:"status"`
	Until  time.Time `json:"until,omitzero"`
}

// Check fills absent maps.
func (st *state) Check() error {
	if st.Accounts == nil {
		st.Accounts = map[string]map[string]*optStatus{}
	}
	return nil
}

// advance ends the transitions that are due: ENABLING becomes ENABLED,
// DISABLING DISABLED.
func advance(st *state, now time.Time) {
	for _, regions := range st.Accounts {
		for _, o := range regions {
			if o.Until.IsZero() || now.Before(o.Until) {
				continue
			}
			switch o.Status {
			case statusEnabling:
				o.Status = statusEnabled
			case statusDisabling:
				o.Status = statusDisabled
			}
			o.Until = time.Time{}
		}
	}
}

// status is region's opt-in status in account.
func (st *state) status(set settings, account, region string) string {
	if !optIn(region) {
		return statusDefault
	}
	if o := st.Accounts[account][region]; o != nil {
		return o.Status
	}
	if slices.Contains(set.EnabledRegions, region) {
		return statusEnabled
	}
	return statusDisabled
}

// set records region's status in account, in transition until until.
func (st *state) set(account, region, status string, until time.Time) {
	if st.Accounts[account] == nil {
		st.Accounts[account] = map[string]*optStatus{}
	}
	st.Accounts[account][region] = &optStatus{Status: status, Until: until}
}
