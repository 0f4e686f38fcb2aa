// Package awsconfig builds the aws.Config every provider shares: the usual
// credential chain (profiles, SSO, environment), an optional role to assume,
// an optional endpoint (the sandbox, or a VPC endpoint), a patient retryer
// and a request counter; and the Sessions that give a config per (account,
// region), assuming settings.crossAccountRole in member accounts.
package awsconfig

import (
	"context"
	"errors"
	"fmt"
	"syscall"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/ratelimit"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/credentials/stscreds"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/aws/smithy-go/middleware"

	"github.com/orgctl/orgctl/providers/internal/awsapi"
)

// Options select where credentials and requests go.
type Options struct {
	Profile     string
	Region      string
	RoleARN     string
	EndpointURL string
	// AccessKeyID and SecretAccessKey, when set, replace the credential
	// chain (the sandbox's management credentials).
	AccessKeyID     string
	SecretAccessKey string
	// MaxAttempts per request, first try included. Default 15: with 35% of
	// requests failing transiently, ten attempts still fail one request in
	// 36,000, which a large apply meets; fifteen, one in seven million.
	MaxAttempts int
	// ServerErrorBudget bounds by time the retries of a request's server
	// errors and failed connections (awsapi.ServerErrorBudget); default
	// 30s. ServerBackoff is the first wait after one, doubling after
	// each; default 1s. Tests shorten both.
	ServerErrorBudget, ServerBackoff time.Duration
	// APIOptions are SDK middleware for every client, the one that assumes
	// RoleARN included (--debug's request log).
	APIOptions []func(*middleware.Stack) error
	// Counter, when set, counts every request.
	Counter *Counter
	// OnCredentials, when set, sees every credential the config retrieves,
	// base and assumed, so the caller can keep them out of its output.
	OnCredentials func(aws.Credentials)
}

// Load builds the config.
func Load(ctx context.Context, o Options) (aws.Config, error) {
	var opts []func(*config.LoadOptions) error
	if o.Profile != "" {
		opts = append(opts, config.WithSharedConfigProfile(o.Profile))
	}
	region := o.Region
	if region == "" && o.EndpointURL != "" {
		region = EndpointRegion(o.EndpointURL)
		if region == "" {
			region = "us-east-1"
		}
	}
	if region != "" {
		opts = append(opts, config.WithRegion(region))
	}
	if o.AccessKeyID != "" {
		opts = append(opts, config.WithCredentialsProvider(
			credentials.NewStaticCredentialsProvider(o.AccessKeyID, o.SecretAccessKey, "")))
	}
	attempts := o.MaxAttempts
	if attempts == 0 {
		attempts = 15
	}
	budget, backoff := o.ServerErrorBudget, o.ServerBackoff
	if budget == 0 {
		budget = awsapi.DefaultServerErrorBudget
	}
	if backoff == 0 {
		backoff = time.Second
	}
	opts = append(opts, config.WithRetryer(func() aws.Retryer { return newRetryer(attempts, backoff) }))
	cfg, err := config.LoadDefaultConfig(ctx, opts...)
	if err != nil {
		return aws.Config{}, fmt.Errorf("loading AWS configuration: %w", err)
	}
	if o.Counter != nil {
		cfg.APIOptions = append(cfg.APIOptions, o.Counter.register)
	}
	cfg.APIOptions = append(cfg.APIOptions, awsapi.ServerErrorBudget(budget))
	cfg.APIOptions = append(cfg.APIOptions, o.APIOptions...)
	if cfg.Region == "" {
		cfg.Region = "us-east-1"
	}
	if o.EndpointURL != "" {
		cfg.BaseEndpoint = aws.String(o.EndpointURL)
		if r := EndpointRegion(o.EndpointURL); r != "" {
			cfg.APIOptions = append(cfg.APIOptions, signFor(r))
		}
	}
	observe(&cfg, o.OnCredentials)
	if o.RoleARN != "" {
		stsClient := sts.NewFromConfig(cfg)
		cfg.Credentials = aws.NewCredentialsCache(stscreds.NewAssumeRoleProvider(stsClient, o.RoleARN,
			func(ao *stscreds.AssumeRoleOptions) { ao.RoleSessionName = "orgctl" }))
		observe(&cfg, o.OnCredentials)
	}
	return cfg, nil
}

// observe makes cfg's credentials provider hand what it retrieves to fn.
func observe(cfg *aws.Config, fn func(aws.Credentials)) {
	if fn == nil || cfg.Credentials == nil {
		return
	}
	cfg.Credentials = observedCredentials{cfg.Credentials, fn}
}

type observedCredentials struct {
	aws.CredentialsProvider
	fn func(aws.Credentials)
}

func (o observedCredentials) Retrieve(ctx context.Context) (aws.Credentials, error) {
	c, err := o.CredentialsProvider.Retrieve(ctx)
	if err == nil {
		o.fn(c)
	}
	return c, err
}

// NewRetryer is the SDK's standard retryer with more attempts, a longer
// backoff for throttling, waits that surely grow for server errors
// (awsapi.Backoff), and no client-side retry quota (a long apply under
// throttling must slow down, not give up). Each provider adds the error
// codes its service makes transient (awsapi.Retry).
func NewRetryer(attempts int) aws.Retryer { return newRetryer(attempts, time.Second) }

func newRetryer(attempts int, serverBackoff time.Duration) aws.Retryer {
	return refusedFast{retry.NewStandard(func(so *retry.StandardOptions) {
		so.MaxAttempts = attempts
		so.Backoff = awsapi.NewBackoff(serverBackoff)
		so.RateLimiter = ratelimit.None
	})}
}

// refusedAttempts is how many times a refused connection is tried.
const refusedAttempts = 3

// refusedFast gives up on a refused connection after a few quick tries:
// AWS's endpoints do not refuse connections, so it is an --endpoint-url
// where nothing listens, and backing off for a minute and a half helps
// nobody.
type refusedFast struct{ aws.RetryerV2 }

func (r refusedFast) RetryDelay(attempt int, err error) (time.Duration, error) {
	if e, ok := awsapi.Spent(err); ok {
		return 0, e
	}
	if errors.Is(err, syscall.ECONNREFUSED) {
		if attempt >= refusedAttempts {
			return 0, err
		}
		return 100 * time.Millisecond, nil
	}
	return r.RetryerV2.RetryDelay(attempt, err)
}
