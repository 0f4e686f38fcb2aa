package config

import (
	"sort"
	"time"

	"github.com/orgctl/orgctl/sandbox"
)

// state is AWS Config's slice: aggregators by account|region|name.
type state struct {
	Aggregators map[string]*aggregator `json:"aggregators"`
	// OrgPacks and OrgRules are organization conformance packs and
	// rules by account|region|name: the caller's that made them.
	OrgPacks map[string]*orgPack `json:"orgPacks,omitempty"`
	OrgRules map[string]*orgRule `json:"orgRules,omitempty"`
	Seq      int64               `json:"seq"`
}

// Check fills an absent map.
func (st *state) Check() error {
	if st.Aggregators == nil {
		st.Aggregators = map[string]*aggregator{}
	}
	if st.OrgPacks == nil {
		st.OrgPacks = map[string]*orgPack{}
	}
	if st.OrgRules == nil {
		st.OrgRules = map[string]*orgRule{}
	}
	return nil
}

// settings are AWS Config's stored options (see options.go).
type settings struct {
	// Roles maps an account ID, or "*" for every account, to the IAM roles
	// (by name, after their path) that exist there and that AWS Config
	// may assume: trusting config.amazonaws.com, with
	// AWSConfigRoleForOrganizations attached.
	Roles map[string][]string `json:"roles"`
	// NoRecorder lists the accounts (IDs, emails, or "*" for every one) without
	// a configuration recorder, where organization packs and rules fail
	// to deploy. Default none: every account records.
	NoRecorder []string `json:"noRecorder"`
	// DeployDelay is how long an organization pack or rule is in
	// progress in each account after a Put or Delete.
	DeployDelay sandbox.Duration `json:"deployDelay"`
}

type aggregator struct {
	Name       string    `json:"name"`
	Account    string    `json:"account"`
	Region     string    `json:"region"`
	Arn        string    `json:"arn"`
	RoleArn    string    `json:"roleArn"`
	AllRegions bool      `json:"allAwsRegions"`
	Regions    []string  `json:"awsRegions,omitempty"`
	Tags       []tag     `json:"tags,omitempty"`
	CreatedAt  time.Time `json:"createdAt"`
	UpdatedAt  time.Time `json:"updatedAt"`
	Seq        int64     `json:"seq"`
}

type tag struct {
	Key   string `json:"Key"`
	Value string `json:"Value"`
}

func key(account, region, name string) string { return account + "|" + region + "|" + name }

// of returns the account's aggregators in region, oldest first.
func (st *state) of(account, region string) []*aggregator {
	var out []*aggregator
	for _, a := range st.Aggregators {
		if a.Account == account && a.Region == region {
			out = append(out, a)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Seq < out[j].Seq })
	return out
}
