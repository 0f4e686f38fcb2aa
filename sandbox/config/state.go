package config

import (
	"sort"
	"time"
)

// state is AWS Config's slice: aggregators by account|region|name.
type state struct {
	Aggregators map[string]*aggregator `json:"aggregators"`
	Seq         int64                  `json:"seq"`
}

// Check fills an absent map.
func (st *state) Check() error {
	if st.Aggregators == nil {
		st.Aggregators = map[string]*aggregator{}
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
