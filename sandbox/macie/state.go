package macie

import (
	"sort"
	"time"

	"github.com/orgctl/orgctl/sandbox"
)

// state is Macie's slice: sessions (Macie enabled in an account and
// region) and, per region, the organization's administrator.
type state struct {
	// Sessions maps ACCOUNT/REGION to Macie in that account and region.
	Sessions map[string]*session `json:"sessions"`
	// Admins maps a region to its delegated administrator.
	Admins map[string]*admin `json:"admins"`
}

// Check fills absent maps.
func (st *state) Check() error {
	if st.Sessions == nil {
		st.Sessions = map[string]*session{}
	}
	if st.Admins == nil {
		st.Admins = map[string]*admin{}
	}
	for _, a := range st.Admins {
		if a.Members == nil {
			a.Members = map[string]*member{}
		}
	}
	return nil
}

// settings are Macie's stored options (see options.go).
type settings struct {
	AdminSettleDelay sandbox.Duration `json:"adminSettleDelay"`
	MemberLimit      int              `json:"memberLimit"`
}

type session struct {
	Status    string    `json:"status"` // ENABLED or PAUSED
	Frequency string    `json:"findingPublishingFrequency"`
	CreatedAt time.Time `json:"createdAt"`
	UpdatedAt time.Time `json:"updatedAt"`
}

type admin struct {
	Account string    `json:"account"`
	Since   time.Time `json:"since"`
	// AutoEnable enrols accounts that join after AutoEnableSince.
	AutoEnable      bool               `json:"autoEnable"`
	AutoEnableSince time.Time          `json:"autoEnableSince,omitzero"`
	Members         map[string]*member `json:"members"`
}

type member struct {
	Account string `json:"account"`
	// Email is kept for invitation-based members; Macie answers none for
	// members through Organizations.
	Email        string            `json:"email,omitempty"`
	Organization bool              `json:"organization"`
	Status       string            `json:"relationshipStatus"`
	UpdatedAt    time.Time         `json:"updatedAt"`
	Seq          int64             `json:"seq"`
	Tags         map[string]string `json:"tags,omitempty"`
}

// associated reports whether the member counts as one today (ListMembers'
// onlyAssociated).
func (m *member) associated() bool { return m.Status == "Enabled" || m.Status == "Paused" }

// sortedMembers returns the administrator's members in the order added.
func (a *admin) sortedMembers(keep func(*member) bool) []*member {
	var out []*member
	for _, m := range a.Members {
		if keep(m) {
			out = append(out, m)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Seq < out[j].Seq })
	return out
}

// nextSeq orders a new member after the others.
func (a *admin) nextSeq() int64 {
	var n int64
	for _, m := range a.Members {
		n = max(n, m.Seq)
	}
	return n + 1
}

func sessionKey(account, region string) string { return account + "/" + region }
