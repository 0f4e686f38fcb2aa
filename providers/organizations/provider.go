// Package organizations is the provider of the organization itself: policy
// types, trusted access, OUs, accounts, policies, attachments and delegated
// administrators, through the AWS Organizations API (aws-sdk-go-v2).
//
// It translates between engine resources (keyed by OU path, account email,
// policy type and name) and AWS IDs, which it keeps to itself in an index
// filled by Read and extended by creates. It imports no other provider.
package organizations

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	"github.com/aws/aws-sdk-go-v2/service/sts"

	"github.com/orgctl/orgctl/engine"
)

// Provider reads and changes an AWS organization. Create it with New; it
// must Read before it can Apply.
type Provider struct {
	org  *organizations.Client
	sts  *sts.Client
	opts options

	// calls bounds the Organizations requests in flight: AWS throttles
	// Organizations early and does not publish the rate.
	calls chan struct{}
	// creates bounds account creations in progress: AWS allows five.
	creates chan struct{}

	mu  sync.Mutex
	idx *index

	createOnce     sync.Once
	createRequests map[string][]createRequest // by account name
	createErr      error
}

type options struct {
	concurrency  int
	pollInterval time.Duration
	pollMax      time.Duration
	roleName     string
}

// Option configures a Provider.
type Option func(*options)

// WithConcurrency bounds the Organizations requests in flight (default 4).
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
	o := options{concurrency: 4, pollInterval: time.Second, pollMax: 15 * time.Second, roleName: "OrganizationAccountAccessRole"}
	for _, fn := range opts {
		fn(&o)
	}
	if o.concurrency < 1 {
		o.concurrency = 1
	}
	return &Provider{
		org:     organizations.NewFromConfig(cfg),
		sts:     sts.NewFromConfig(cfg),
		opts:    o,
		calls:   make(chan struct{}, o.concurrency),
		creates: make(chan struct{}, maxCreatesInProgress),
	}
}

// Name implements engine.Provider.
func (p *Provider) Name() string { return "organizations" }

// Kinds implements engine.Provider.
func (p *Provider) Kinds() []engine.Kind {
	return []engine.Kind{
		engine.KindOrganization, engine.KindPolicyType, engine.KindTrustedAccess, engine.KindOU,
		engine.KindPolicy, engine.KindAccount, engine.KindAttachment, engine.KindDelegatedAdmin,
	}
}

// call runs one Organizations request within the concurrency bound.
func call[T any](ctx context.Context, p *Provider, fn func() (T, error)) (T, error) {
	select {
	case p.calls <- struct{}{}:
	case <-ctx.Done():
		var zero T
		return zero, ctx.Err()
	}
	defer func() { <-p.calls }()
	return fn()
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

// index maps natural keys to AWS IDs and back.
type index struct {
	orgID, rootID, mgmtID string
	ous                   map[string]string // OU path -> ID
	ouPaths               map[string]string // OU ID -> path
	accounts              map[string]string // lower-case email -> ID
	emails                map[string]string // account ID -> lower-case email
	parents               map[string]string // account ID -> parent ID
	policies              map[string]string // policy key -> ID
	record                *Record           // the live commit on the root, if recorded
}

func newIndex() *index {
	return &index{
		ous: map[string]string{}, ouPaths: map[string]string{},
		accounts: map[string]string{}, emails: map[string]string{}, parents: map[string]string{},
		policies: map[string]string{},
	}
}

func (p *Provider) index() (*index, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.idx == nil {
		return nil, fmt.Errorf("internal error: the organizations provider was not read before apply")
	}
	return p.idx, nil
}

// ouID returns the ID of the OU at path, or the root's for "".
func (p *Provider) ouID(path string) (string, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if path == "" {
		return p.idx.rootID, nil
	}
	if id, ok := p.idx.ous[path]; ok {
		return id, nil
	}
	return "", fmt.Errorf("OU %q does not exist in AWS", path)
}

// targetID resolves an attachment target ("root", "ou:PATH", "account:EMAIL").
func (p *Provider) targetID(target string) (string, error) {
	ref, ok := engine.TargetRef(target)
	if !ok {
		p.mu.Lock()
		defer p.mu.Unlock()
		return p.idx.rootID, nil
	}
	if ref.Kind == engine.KindOU {
		return p.ouID(ref.Key)
	}
	return p.accountID(ref.Key)
}

func (p *Provider) accountID(email string) (string, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if id, ok := p.idx.accounts[engine.AccountKey(email)]; ok {
		return id, nil
	}
	return "", fmt.Errorf("account %q does not exist in AWS", email)
}

func (p *Provider) policyID(key string) (string, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if id, ok := p.idx.policies[key]; ok {
		return id, nil
	}
	return "", fmt.Errorf("policy %q does not exist in AWS", key)
}

// remember records IDs learnt while applying.
func (p *Provider) remember(fn func(ix *index)) {
	p.mu.Lock()
	defer p.mu.Unlock()
	fn(p.idx)
}
