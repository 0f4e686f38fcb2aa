package inspector

import (
	"slices"
	"time"

	"github.com/orgctl/orgctl/sandbox"
)

// state is Inspector's slice, per region: the organization's delegated
// administrator with its organization configuration, the members
// associated with it, and which scan types each account has enabled.
type state struct {
	// Admins maps a region to its delegated administrator.
	Admins map[string]*admin `json:"admins"`
	// Members maps a region to the administrator's members, by account.
	Members map[string]map[string]*member `json:"members"`
	// Scans maps a region to each account's enabled scan types.
	Scans map[string]map[string][]string `json:"scans"`
}

func newState() *state {
	return &state{Admins: map[string]*admin{}, Members: map[string]map[string]*member{}, Scans: map[string]map[string][]string{}}
}

// Check fills absent maps.
func (st *state) Check() error {
	if st.Admins == nil {
		st.Admins = map[string]*admin{}
	}
	if st.Members == nil {
		st.Members = map[string]map[string]*member{}
	}
	if st.Scans == nil {
		st.Scans = map[string]map[string][]string{}
	}
	return nil
}

// settings are Inspector's stored options (see options.go).
type settings struct {
	AdminSettleDelay sandbox.Duration `json:"adminSettleDelay"`
}

type admin struct {
	Account string    `json:"account"`
	Since   time.Time `json:"since"`
	// GoneAt, when set, is when a DisableDelegatedAdminAccount completes:
	// until then the administrator is DISABLE_IN_PROGRESS.
	GoneAt     time.Time  `json:"goneAt,omitzero"`
	AutoEnable autoEnable `json:"autoEnable"`
}

// autoEnable is the organization configuration: the scan types new
// members get.
type autoEnable struct {
	Ec2            bool `json:"ec2"`
	Ecr            bool `json:"ecr"`
	Lambda         bool `json:"lambda"`
	LambdaCode     bool `json:"lambdaCode"`
	CodeRepository bool `json:"codeRepository"`
}

type member struct {
	Admin     string    `json:"admin"`
	UpdatedAt time.Time `json:"updatedAt"`
}

// scanTypes are Inspector's resource scan types.
var scanTypes = []string{"EC2", "ECR", "LAMBDA", "LAMBDA_CODE", "CODE_REPOSITORY"}

// advance completes the removals that are due: the administrator is gone
// and its members are disassociated.
func (st *state) advance(now time.Time) {
	for region, a := range st.Admins {
		if !a.GoneAt.IsZero() && !now.Before(a.GoneAt) {
			delete(st.Admins, region)
			delete(st.Members, region)
		}
	}
}

func (st *state) membersOf(region string) map[string]*member {
	m := st.Members[region]
	if m == nil {
		m = map[string]*member{}
		st.Members[region] = m
	}
	return m
}

// enabled returns the scan types account has enabled in region.
func (st *state) enabled(account, region string) []string { return st.Scans[region][account] }

// setScans sets, for account in region, each of types on or off.
func (st *state) setScans(account, region string, types []string, on bool) {
	m := st.Scans[region]
	if m == nil {
		m = map[string][]string{}
		st.Scans[region] = m
	}
	var out []string
	for _, t := range scanTypes {
		if slices.Contains(types, t) && on || !slices.Contains(types, t) && slices.Contains(m[account], t) {
			out = append(out, t)
		}
	}
	if len(out) == 0 {
		delete(m, account)
		return
	}
	m[account] = out
}
