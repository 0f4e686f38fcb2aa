package providertest

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/sts"

	"github.com/orgctl/orgctl/providers/awsconfig"
	"github.com/orgctl/orgctl/sandbox"
	_ "github.com/orgctl/orgctl/sandbox/all" // every emulated service
	sborgs "github.com/orgctl/orgctl/sandbox/organizations"
)

// Sandbox is a sandbox of its own for one test, served on a loopback port,
// with the SDK config of its management account.
type Sandbox struct {
	SB  *sandbox.Sandbox
	URL string
	// Cfg is the management account's config, in us-east-1.
	Cfg aws.Config
}

// NewSandbox starts a sandbox on a fresh state file. Account creation and
// policy types settle in tens of milliseconds; opts add to or override that.
func NewSandbox(t testing.TB, opts ...sandbox.Option) *Sandbox {
	t.Helper()
	opts = append([]sandbox.Option{sborgs.WithCreateAccountDelay(50 * time.Millisecond), sborgs.WithPolicyTypeDelay(20 * time.Millisecond)}, opts...)
	sb, err := sandbox.Init(filepath.Join(t.TempDir(), "sandbox.json"), opts...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sb.Close() })
	url, err := sb.Listen("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	c := sb.Credentials()
	cfg, err := awsconfig.Load(context.Background(), awsconfig.Options{EndpointURL: url, AccessKeyID: c.AccessKeyID, SecretAccessKey: c.SecretAccessKey})
	if err != nil {
		t.Fatal(err)
	}
	return &Sandbox{SB: sb, URL: url, Cfg: cfg}
}

// As returns a config of account, in region, through the cross-account
// role role, as a user of the AWS CLI would get with sts assume-role.
func (s *Sandbox) As(t testing.TB, account, role, region string) aws.Config {
	t.Helper()
	out, err := sts.NewFromConfig(s.Cfg).AssumeRole(context.Background(), &sts.AssumeRoleInput{
		RoleArn: aws.String("arn:aws:iam::" + account + ":role/" + role), RoleSessionName: aws.String("test"),
	})
	if err != nil {
		t.Fatal(err)
	}
	cfg := s.Cfg.Copy()
	cfg.Region = region
	c := out.Credentials
	cfg.Credentials = credentials.NewStaticCredentialsProvider(aws.ToString(c.AccessKeyId), aws.ToString(c.SecretAccessKey), aws.ToString(c.SessionToken))
	return cfg
}
