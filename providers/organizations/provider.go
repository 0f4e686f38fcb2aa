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

	orgs "github.com/orgctl/orgctl/services/organizations"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	"github.com/aws/aws-sdk-go-v2/service/organizations/types"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/aws/smithy-go/middleware"

	"github.com/orgctl/orgctl/engine"
)

// Provider reads and changes an AWS organization. Create it with New.
type Provider struct {
	org  *organizations.Client
	sts  *sts.Client
	opts options

	// calls bounds the Organizations requests in flight; their rate is
	// paced by the limiter (limiter.go).
	calls chan struct{}
	// creates bounds account creations in progress: AWS allows five.
	creates chan struct{}

	// createBusy is the longest an account creation of this run was seen
	// still in progress (a time.Duration).
	createBusy atomic.Int64

	createOnce     sync.Once
	createRequests map[string][]createRequest // by account name
	createErr      error
}

type options struct {
	concurrency  int
	pollInterval time.Duration
	pollMax      time.Duration
	roleName     string
	rate         float64
	burst        int
}

// Option configures a Provider.
type Option func(*options)

// WithConcurrency bounds the Organizations requests in flight (default 8:
// enough to keep the rate limit busy over a slow link).
func WithConcurrency(n int) Option { return func(o *options) { o.concurrency = n } }

// WithPolling sets the waits between polls of asynchronous work (account
// creation, policy types): the first wait, doubling up to max. Default 1 s
// up to 15 s, for AWS's minutes-long account creation.
func WithPolling(first, max time.Duration) Option {
	return func(o *options) { o.pollInterval, o.pollMax = first, max }
}

// WithCreateRoleName sets the role new accounts are created with
// (settings.crossAccountRole).
func WithCreateRoleName(name string) Option { return func(o *options) { o.roleName = name } }

// maxCreatesInProgress is how many CreateAccount requests AWS lets an
// organization have in progress at once.
const maxCreatesInProgress = 5

// New returns a provider using cfg's credentials, region and endpoint.
func New(cfg aws.Config, opts ...Option) *Provider {
	o := options{concurrency: 8, pollInterval: time.Second, pollMax: 15 * time.Second, roleName: "OrganizationAccountAccessRole",
		rate: defaultRate, burst: defaultBurst}
	for _, fn := range opts {
		fn(&o)
	}
	if o.concurrency < 1 {
		o.concurrency = 1
	}
	p := &Provider{
		opts:    o,
		calls:   make(chan struct{}, o.concurrency),
		creates: make(chan struct{}, maxCreatesInProgress),
	}
	// The limiter waits for a token before an attempt takes a slot of the
	// bound, so no slot is held while waiting out the rate.
	orgOpts := []func(*organizations.Options){func(oo *organizations.Options) {
		oo.APIOptions = append(oo.APIOptions, p.boundAttempts)
	}}
	if l := newLimiter(o.rate, o.burst); l != nil {
		orgOpts = append(orgOpts, func(oo *organizations.Options) { oo.APIOptions = append(oo.APIOptions, l.register) })
	}
	p.org = organizations.NewFromConfig(cfg, orgOpts...)
	p.sts = sts.NewFromConfig(cfg)
	return p
}

// boundAttempts holds a slot of the request bound for each attempt of an
// Organizations request, not across the SDK's backoff between attempts:
// a request waiting out a throttle leaves its slot to others.
func (p *Provider) boundAttempts(stack *middleware.Stack) error {
	return stack.Finalize.Add(middleware.FinalizeMiddlewareFunc("orgctl.BoundAttempts",
		func(ctx context.Context, in middleware.FinalizeInput, next middleware.FinalizeHandler) (middleware.FinalizeOutput, middleware.Metadata, error) {
			select {
			case p.calls <- struct{}{}:
			case <-ctx.Done():
				return middleware.FinalizeOutput{}, middleware.Metadata{}, ctx.Err()
			}
			defer func() { <-p.calls }()
			return next.HandleFinalize(ctx, in)
		}), middleware.After)
}

// Name implements engine.Provider.
func (p *Provider) Name() string { return "organizations" }

// Kinds implements engine.Provider.
func (p *Provider) Kinds() []engine.Kind {
	return []engine.Kind{
		orgs.KindOrganization, orgs.KindPolicyType, orgs.KindTrustedAccess, orgs.KindOU,
		orgs.KindPolicy, orgs.KindAccount, orgs.KindAttachment, orgs.KindDelegatedAdmin,
	}
}

// call runs one Organizations request; each of its attempts holds a slot
// of the concurrency bound (boundAttempts).
func call[T any](ctx context.Context, p *Provider, fn func() (T, error)) (T, error) {
	if err := ctx.Err(); err != nil {
		var zero T
		return zero, err
	}
	return fn()
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
	err := p.poll(ctx, policyTypeSettleTimeout, "waiting for policy types to finish enabling or disabling", func() (bool, error) {
		var err error
		out, err = call(ctx, p, func() (*organizations.ListRootsOutput, error) { return p.org.ListRoots(ctx, nil) })
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

// paginator is what every SDK paginator of Organizations offers.
type paginator[O any] interface {
	HasMorePages() bool
	NextPage(context.Context, ...func(*organizations.Options)) (O, error)
}

// pages hands each page of a listing to fn, each request within the bound.
// op names the listing in errors.
func pages[O any](ctx context.Context, p *Provider, op string, pg paginator[O], fn func(O) error) error {
	for pg.HasMorePages() {
		out, err := call(ctx, p, func() (O, error) { return pg.NextPage(ctx) })
		if err != nil {
			return apiError(op, err)
		}
		if err := fn(out); err != nil {
			return err
		}
	}
	return nil
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
