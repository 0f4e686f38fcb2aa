package securityhub

import (
	"time"

	"github.com/orgctl/orgctl/sandbox"
)

// state is Security Hub's slice: where Security Hub is enabled, the
// organization's administrator per Region, finding aggregators, the
// organization configuration per Region, configuration policies, their
// associations and tags.
type state struct {
	// Hubs maps ACCOUNT/REGION to when Security Hub was enabled there.
	Hubs map[string]time.Time `json:"hubs"`
	// Admins maps a Region to its delegated administrator.
	Admins map[string]*admin `json:"admins"`
	// Aggregators maps an account to its finding aggregator.
	Aggregators map[string]*aggregator `json:"aggregators"`
	// OrgConfigs maps a Region to the organization configuration there.
	OrgConfigs map[string]*orgConfig `json:"organizationConfigurations"`
	// Policies are the configuration policies by ID.
	Policies map[string]*policy `json:"configurationPolicies"`
	// Associations map a target (root, OU or account ID) to the
	// configuration applied to it directly.
	Associations map[string]*association `json:"associations"`
	// Tags map an ARN to its tags.
	Tags map[string]map[string]string `json:"tags"`
	Seq  int64                        `json:"seq"`
}

func newState() *state {
	st := &state{}
	st.Check()
	return st
}

// Check fills absent maps.
func (st *state) Check() error {
	if st.Hubs == nil {
		st.Hubs = map[string]time.Time{}
	}
	if st.Admins == nil {
		st.Admins = map[string]*admin{}
	}
	if st.Aggregators == nil {
		st.Aggregators = map[string]*aggregator{}
	}
	if st.OrgConfigs == nil {
		st.OrgConfigs = map[string]*orgConfig{}
	}
	if st.Policies == nil {
		st.Policies = map[string]*policy{}
	}
	if st.Associations == nil {
		st.Associations = map[string]*association{}
	}
	if st.Tags == nil {
		st.Tags = map[string]map[string]string{}
	}
	return nil
}

// settings are Security Hub's stored options (see options.go).
type settings struct {
	// AdminSettleDelay is how long after designation the administrator's
	// organization configuration calls fail, as on AWS.
	AdminSettleDelay sandbox.Duration `json:"adminSettleDelay"`
	// CentralDelay is how long central configuration stays PENDING.
	CentralDelay sandbox.Duration `json:"centralDelay"`
	// AssociationDelay is how long an association stays PENDING.
	AssociationDelay sandbox.Duration `json:"associationDelay"`
}

type admin struct {
	Account string    `json:"account"`
	Since   time.Time `json:"since"`
}

type aggregator struct {
	ARN     string   `json:"arn"`
	Region  string   `json:"region"`
	Mode    string   `json:"regionLinkingMode"`
	Regions []string `json:"regions,omitempty"`
}

// orgConfig is what UpdateOrganizationConfiguration sets in a Region.
type orgConfig struct {
	AutoEnable          bool   `json:"autoEnable"`
	AutoEnableStandards string `json:"autoEnableStandards"`
	// Type is LOCAL or CENTRAL; Status PENDING until DueAt, then ENABLED.
	Type   string    `json:"configurationType"`
	Status string    `json:"status"`
	DueAt  time.Time `json:"dueAt,omitzero"`
}

type policy struct {
	ID          string    `json:"id"`
	ARN         string    `json:"arn"`
	Name        string    `json:"name"`
	Description string    `json:"description,omitempty"`
	Region      string    `json:"region"`
	Account     string    `json:"account"`
	Config      policyDoc `json:"configurationPolicy"`
	CreatedAt   time.Time `json:"createdAt"`
	UpdatedAt   time.Time `json:"updatedAt"`
	Seq         int64     `json:"seq"`
}

// association is a configuration applied to a target: a policy's ID or
// SELF_MANAGED_SECURITY_HUB; PENDING until DueAt, then SUCCESS or FAILED.
type association struct {
	Target     string    `json:"target"`
	TargetType string    `json:"targetType"`
	Policy     string    `json:"policy"`
	Status     string    `json:"status"`
	Message    string    `json:"message,omitempty"`
	DueAt      time.Time `json:"dueAt,omitzero"`
	UpdatedAt  time.Time `json:"updatedAt"`
	Seq        int64     `json:"seq"`
}

func hubKey(account, region string) string { return account + "/" + region }
