package guardduty

import (
	"sort"
	"time"

	"github.com/orgctl/orgctl/sandbox"
)

// state is GuardDuty's slice: detectors (one per account and region) and
// the organization's administrator in each region, with the organization
// configuration it set there.
type state struct {
	Detectors map[string]*detector `json:"detectors"`
	// Admins maps a region to its delegated administrator.
	Admins map[string]*admin `json:"admins"`
	Seq    int64             `json:"seq"`
}

// Check fills absent maps.
func (st *state) Check() error {
	if st.Detectors == nil {
		st.Detectors = map[string]*detector{}
	}
	if st.Admins == nil {
		st.Admins = map[string]*admin{}
	}
	return nil
}

// settings are GuardDuty's stored options (see options.go).
type settings struct {
	// AdminSettleDelay is how long after designation the administrator's
	// organization configuration calls fail, as on AWS.
	AdminSettleDelay sandbox.Duration `json:"adminSettleDelay"`
}

type detector struct {
	ID        string            `json:"id"`
	Account   string            `json:"account"`
	Region    string            `json:"region"`
	Enabled   bool              `json:"enabled"`
	Frequency string            `json:"findingPublishingFrequency"`
	Features  map[string]string `json:"features,omitempty"` // name -> ENABLED/DISABLED
	Tags      map[string]string `json:"tags,omitempty"`
	CreatedAt time.Time         `json:"createdAt"`
	UpdatedAt time.Time         `json:"updatedAt"`
	Seq       int64             `json:"seq"`
}

type admin struct {
	Account string    `json:"account"`
	Since   time.Time `json:"since"`
	Config  orgConfig `json:"organizationConfiguration"`
}

// orgConfig is what UpdateOrganizationConfiguration sets.
type orgConfig struct {
	// Members is AutoEnableOrganizationMembers: NEW, ALL or NONE.
	Members  string                 `json:"autoEnableOrganizationMembers"`
	Features map[string]*orgFeature `json:"features,omitempty"`
}

type orgFeature struct {
	AutoEnable string            `json:"autoEnable"`
	Additional map[string]string `json:"additionalConfiguration,omitempty"`
}

// detectorOf returns the account's detector in region, or nil.
func (st *state) detectorOf(account, region string) *detector {
	for _, d := range st.Detectors {
		if d.Account == account && d.Region == region {
			return d
		}
	}
	return nil
}

// sortedDetectors returns the account's detectors in region, oldest first.
func (st *state) sortedDetectors(account, region string) []*detector {
	var out []*detector
	for _, d := range st.Detectors {
		if d.Account == account && d.Region == region {
			out = append(out, d)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Seq < out[j].Seq })
	return out
}

func (st *state) newDetector(account, region string, now time.Time) *detector {
	st.Seq++
	d := &detector{ID: sandbox.RandHex(32), Account: account, Region: region, Enabled: true,
		Frequency: "SIX_HOURS", CreatedAt: now, UpdatedAt: now, Seq: st.Seq}
	for st.Detectors[d.ID] != nil {
		d.ID = sandbox.RandHex(32)
	}
	st.Detectors[d.ID] = d
	return d
}
