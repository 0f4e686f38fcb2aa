// Package organizations is the provider of the organization itself: policy
// types, trusted access, OUs, accounts, policies, attachments and delegated
// administrators, through the AWS Organizations API (aws-sdk-go-v2).
//
// It translates between engine resources (keyed by OU path, account email,
// policy type and name) and AWS IDs: Read reports each resource's ID, and
// Apply finds them, and those of resources created earlier in the run, in
// the engine's IDs. It keeps no state between the two and imports no other
// provider.
package organizations

import (
	"context"
	"sync"
	"sync/atomic"
	"time"

	"github.com/orgctl/orgctl/providers"
	"github.com/orgctl/orgctl/providers/awsconfig"
	"github.com/orgctl/orgctl/providers/internal/awsapi"
	orgs "github.com/orgctl/orgctl/services/organizations"

	"github.com/aws/aws-sdk-go-v2/service/organizations"
	"github.com/aws/aws-sdk-go-v2/service/organizations/types"

	"github.com/orgctl/orgctl/engine"
)

// Provider reads and changes an AWS organization. Create it with New.
type Provider struct {
	org *organizations.Client
	// lockOrg is the heartbeat's client: paced by its own ticker, it
	// waits behind no queue of the run's requests (the shared bucket
	// and in-flight bound), so a busy apply cannot starve its lock.
	lockOrg  *organizations.Client
	verbose  func(format string, args ...any)
	sessions *awsconfig.Sessions
	polling  awsapi.Polling
	roleName string

	// creates bounds account creations in progress: AWS allows five.
	creates chan struct{}
	// createBusy is the longest an account creation of this run was seen
	// still in progress (a time.Duration).
	createBusy atomic.Int64

	createOnce     sync.Once
	createRequests map[string][]createRequest // by account name
	createErr      error
}

// concurrency bounds the Organizations requests in flight: enough to keep
// the rate limit busy over a slow link. It is the ceiling of the shared
// adaptive bound too (providers.OrganizationsRate), and stays the bound
// of this provider's requests when --rate names no ceiling.
var concurrency = providers.OrganizationsRate.InFlight

// maxCreatesInProgress is how many CreateAccount requests AWS lets an
// organization have in progress at once.
const maxCreatesInProgress = 5

// New returns the provider of env's management account. Organizations is
// a global service: its requests go to the region of the base config.
func New(env providers.Env) *Provider {
	p := &Provider{
		sessions: env.Sessions,
		polling:  awsapi.Polling{Interval: time.Second, Max: 15 * time.Second},
		roleName: env.Settings.CrossAccountRole,
		creates:  make(chan struct{}, maxCreatesInProgress),
		verbose:  env.Verbose,
	}
	if p.verbose == nil {
		p.verbose = func(string, ...any) {}
	}
	if p.roleName == "" {
		p.roleName = awsconfig.DefaultCrossAccountRole
	}
	if env.Poll > 0 {
		p.polling = awsapi.Polling{Interval: env.Poll, Max: 4 * env.Poll}
	}
	cfg := env.Sessions.Management("")
	// The pace (PaceOrganizations) waits for tokens before an attempt
	// takes a slot of the bound, so no slot is held while waiting out
	// the rate.
	p.org = organizations.NewFromConfig(cfg, func(o *organizations.Options) {
		o.Retryer = retryer(o.Retryer)
		o.APIOptions = append(o.APIOptions, awsapi.Bound(concurrency))
	}, env.PaceOrganizations)
	p.lockOrg = organizations.NewFromConfig(cfg, func(o *organizations.Options) { o.Retryer = retryer(o.Retryer) })
	return p
}

// Name of the provider, and the signing name of its service.
const Name = "organizations"

// Name implements engine.Provider.
func (p *Provider) Name() string { return Name }

// Kinds implements engine.Provider.
func (p *Provider) Kinds() []engine.Kind {
	return []engine.Kind{
		orgs.KindOrganization, orgs.KindPolicyType, orgs.KindTrustedAccess, orgs.KindOU,
		orgs.KindPolicy, orgs.KindAccount, orgs.KindAttachment, orgs.KindDelegatedAdmin,
	}
}

// policyTypeSettleTimeout bounds the wait for policy types that are still
// being enabled or disabled; AWS takes seconds to minutes.
const policyTypeSettleTimeout = 5 * time.Minute

// settledRoots lists the roots once no policy type is pending. While a type
// is PENDING_ENABLE, AWS has yet to attach its default policy (FullAWSAccess)
// everywhere: a plan read then would miss those attachments, and a rerun
// after a run killed during enablement would not converge.
func (p *Provider) settledRoots(ctx context.Context) (*organizations.ListRootsOutput, error) {
	var out *organizations.ListRootsOutput
	err := p.polling.Poll(ctx, 0, policyTypeSettleTimeout, "waiting for policy types to finish enabling or disabling", func() (bool, error) {
		var err error
		out, err = awsapi.Do(ctx, func() (*organizations.ListRootsOutput, error) { return p.org.ListRoots(ctx, nil) })
		if err != nil {
			return false, err
		}
		for _, r := range out.Roots {
			for _, t := range r.PolicyTypes {
				if t.Status != types.PolicyTypeStatusEnabled {
					return false, nil
				}
			}
		}
		return true, nil
	})
	return out, err
}

// index maps natural keys to AWS IDs and back, for one Read.
type index struct {
	orgID, rootID, mgmtID string
	ous                   map[string]string // OU path -> ID
	ouPaths               map[string]string // OU ID -> path
	accounts              map[string]string // lower-case email -> ID
	emails                map[string]string // account ID -> lower-case email
	parents               map[string]string // account ID -> parent ID
	policies              map[string]string // policy key -> ID
}

func newIndex() *index {
	return &index{
		ous: map[string]string{}, ouPaths: map[string]string{},
		accounts: map[string]string{}, emails: map[string]string{}, parents: map[string]string{},
		policies: map[string]string{},
	}
}
