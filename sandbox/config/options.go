package config

import (
	"slices"
	"strings"
	"time"

	"github.com/orgctl/orgctl/sandbox"
)

// DefaultRole is the role every account has unless the settings say
// otherwise, so that a fresh sandbox takes an organization aggregator
// whose role is named so, as an organization that deployed the role to
// every account (a StackSet) would.
const DefaultRole = "OrgConfigAggregator"

// WithRoles sets the IAM roles AWS Config may assume: for each account ID,
// or "*" for every account, role names after their path
// ("service-role/OrgConfigAggregator"). It replaces the default, one role
// named DefaultRole in every account. Stored by sandbox.Init and Reset,
// overridden per process by sandbox.Open; on the command line,
// --set 'config.roles={"*":["OrgConfigAggregator"]}'.
func WithRoles(roles map[string][]string) sandbox.Option {
	return stored.Option(func(s *settings) { s.Roles = roles })
}

// hasRole reports whether AWS Config may assume the role name (after its
// path) in account.
func (s settings) hasRole(account, name string) bool {
	return slices.Contains(s.Roles[account], name) || slices.Contains(s.Roles["*"], name)
}

// defaultDeployDelay is how long organization packs and rules deploy.
const defaultDeployDelay = time.Second

// WithoutRecorders names the accounts (IDs or emails, so that accounts
// not yet created can be named; "*" for all) that have no configuration
// recorder: organization packs and rules fail to deploy there. Default
// none. On the command line,
// --set 'config.noRecorder=["111122223333","dev@example.com"]'.
func WithoutRecorders(accounts ...string) sandbox.Option {
	return stored.Option(func(s *settings) { s.NoRecorder = accounts })
}

// WithDeployDelay sets how long organization packs and rules are in
// progress in each account (default 1 s).
func WithDeployDelay(d time.Duration) sandbox.Option {
	return stored.Option(func(s *settings) { s.DeployDelay = sandbox.Duration(d) })
}

// hasRecorder reports whether account has a configuration recorder.
func (s settings) hasRecorder(id, email string) bool {
	return !slices.Contains(s.NoRecorder, id) && !slices.ContainsFunc(s.NoRecorder, func(e string) bool { return e == "*" || strings.EqualFold(e, email) })
}
