package detective

import (
	"sort"
	"time"

	"github.com/orgctl/orgctl/sandbox"
)

// state is Detective's slice: behavior graphs, by ARN, and per region the
// organization's administrator.
type state struct {
	Graphs map[string]*graph `json:"graphs"`
	// Admins maps a region to its administrator.
	Admins map[string]*admin `json:"admins"`
}

// Check fills absent maps.
func (st *state) Check() error {
	if st.Graphs == nil {
		st.Graphs = map[string]*graph{}
	}
	if st.Admins == nil {
		st.Admins = map[string]*admin{}
	}
	for _, g := range st.Graphs {
		if g.Members == nil {
			g.Members = map[string]*member{}
		}
	}
	return nil
}

// settings are Detective's stored options (see options.go).
type settings struct {
	AdminSettleDelay sandbox.Duration `json:"adminSettleDelay"`
	MemberLimit      int              `json:"memberLimit"`
}

type graph struct {
	Arn       string    `json:"arn"`
	Account   string    `json:"account"`
	Region    string    `json:"region"`
	CreatedAt time.Time `json:"createdAt"`
	// AutoEnable enrols organization accounts that join after
	// AutoEnableSince (organization behavior graph only).
	AutoEnable      bool               `json:"autoEnable"`
	AutoEnableSince time.Time          `json:"autoEnableSince,omitzero"`
	Members         map[string]*member `json:"members"`
}

type admin struct {
	Account string    `json:"account"`
	Graph   string    `json:"graphArn"`
	Since   time.Time `json:"since"`
}

type member struct {
	Account      string    `json:"account"`
	Email        string    `json:"email,omitempty"`
	Organization bool      `json:"organization"`
	Status       string    `json:"status"` // ENABLED or INVITED
	UpdatedAt    time.Time `json:"updatedAt"`
	Seq          int64     `json:"seq"`
}

// graphOf returns the account's behavior graph in region, or nil.
func (st *state) graphOf(account, region string) *graph {
	for _, g := range st.Graphs {
		if g.Account == account && g.Region == region {
			return g
		}
	}
	return nil
}

// sortedMembers returns the graph's members in the order added.
func (g *graph) sortedMembers() []*member {
	out := make([]*member, 0, len(g.Members))
	for _, m := range g.Members {
		out = append(out, m)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Seq < out[j].Seq })
	return out
}

func (g *graph) nextSeq() int64 {
	var n int64
	for _, m := range g.Members {
		n = max(n, m.Seq)
	}
	return n + 1
}
