package awsconfig

import (
	"context"
	"fmt"
	"strings"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials/stscreds"
	"github.com/aws/aws-sdk-go-v2/service/sts"
)

// Sessions hand out AWS configs per (account, region). The management
// account's use the base config's credentials (the standard chain, or
// --role-arn); any other account's assume settings.crossAccountRole in it
// through STS, and the credentials are cached per account and renewed
// before they expire. It is safe for concurrent use.
type Sessions struct {
	base       aws.Config
	role       string
	externalID string
	observe    func(aws.Credentials)

	mu     sync.Mutex
	caller *sts.GetCallerIdentityOutput
	creds  map[string]aws.CredentialsProvider // by account
}

// SessionOptions tune NewSessions.
type SessionOptions struct {
	// Role is the role to assume in other accounts; default
	// OrganizationAccountAccessRole.
	Role string
	// ExternalID, when set, is passed to AssumeRole.
	ExternalID string
	// OnCredentials sees the credentials each assumed role gets, so the
	// caller can keep them out of its output.
	OnCredentials func(aws.Credentials)
}

// DefaultCrossAccountRole is the role AWS creates in new accounts.
const DefaultCrossAccountRole = "OrganizationAccountAccessRole"

// NewSessions returns sessions on base, the management account's config.
func NewSessions(base aws.Config, o SessionOptions) *Sessions {
	if o.Role == "" {
		o.Role = DefaultCrossAccountRole
	}
	return &Sessions{base: base, role: o.Role, externalID: o.ExternalID, observe: o.OnCredentials, creds: map[string]aws.CredentialsProvider{}}
}

// Caller returns who the base credentials are, asking STS once.
func (s *Sessions) Caller(ctx context.Context) (*sts.GetCallerIdentityOutput, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.caller != nil {
		return s.caller, nil
	}
	out, err := sts.NewFromConfig(s.base).GetCallerIdentity(ctx, nil)
	if err != nil {
		return nil, err
	}
	s.caller = out
	return out, nil
}

// Management returns the management account's config in region ("" for
// the base config's region).
func (s *Sessions) Management(region string) aws.Config {
	cfg := s.base.Copy()
	if region != "" {
		cfg.Region = region
	}
	return cfg
}

// Account returns the config for requests in account, in region: the
// management account's own when account is the caller's, otherwise the
// cross-account role assumed in it.
func (s *Sessions) Account(ctx context.Context, account, region string) (aws.Config, error) {
	who, err := s.Caller(ctx)
	if err != nil {
		return aws.Config{}, fmt.Errorf("sts GetCallerIdentity: %w", err)
	}
	cfg := s.Management(region)
	if account == aws.ToString(who.Account) {
		return cfg, nil
	}
	cfg.Credentials = s.assumed(account, region)
	return cfg, nil
}

// RoleARN is the ARN of the cross-account role in account.
func (s *Sessions) RoleARN(account, region string) string {
	return "arn:" + partition(region) + ":iam::" + account + ":role/" + s.role
}

func (s *Sessions) assumed(account, region string) aws.CredentialsProvider {
	s.mu.Lock()
	defer s.mu.Unlock()
	if c, ok := s.creds[account]; ok {
		return c
	}
	// STS is called in the management account's region: the credentials
	// work in every region.
	arn := s.RoleARN(account, region)
	var c aws.CredentialsProvider = stscreds.NewAssumeRoleProvider(sts.NewFromConfig(s.base), arn, func(o *stscreds.AssumeRoleOptions) {
		o.RoleSessionName = "orgctl"
		if s.externalID != "" {
			o.ExternalID = aws.String(s.externalID)
		}
	})
	if s.observe != nil {
		c = observedCredentials{c, s.observe}
	}
	c = aws.NewCredentialsCache(roleCredentials{c, arn})
	s.creds[account] = c
	return c
}

// roleCredentials says which role could not be assumed, and how to fix it.
type roleCredentials struct {
	aws.CredentialsProvider
	arn string
}

func (r roleCredentials) Retrieve(ctx context.Context) (aws.Credentials, error) {
	c, err := r.CredentialsProvider.Retrieve(ctx)
	if err != nil {
		return c, fmt.Errorf("assuming %s (settings.crossAccountRole): %w; the role must exist in that account and trust the management account", r.arn, err)
	}
	return c, nil
}

// partition is the ARN partition of a region.
func partition(region string) string {
	switch {
	case strings.HasPrefix(region, "us-gov-"):
		return "aws-us-gov"
	case strings.HasPrefix(region, "cn-"):
		return "aws-cn"
	}
	return "aws"
}
