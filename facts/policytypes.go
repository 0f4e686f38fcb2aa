package facts

// PolicyType describes what AWS allows for one organization policy type.
type PolicyType struct {
	// Name is AWS's identifier, e.g. SERVICE_CONTROL_POLICY.
	Name string
	// Short is orgctl's short alias, used in resource keys (scp/deny-leave).
	Short string
	// MaxSize is the largest document AWS accepts, in characters of the
	// document as sent (orgctl sends it minified).
	MaxSize int
	// MaxPerTarget is how many policies of this type one root, OU or account
	// may have attached.
	MaxPerTarget int
	// MinPerTarget is how many must stay attached while the type is enabled.
	MinPerTarget int
	// Default is the AWS-managed policy attached to every target when the
	// type is enabled, or "".
	Default string
	// DefaultDetachable is false when AWS refuses to detach Default.
	DefaultDetachable bool
	// ServicePrincipal, when set, must have trusted access before AWS
	// enables the type (ConstraintViolation SERVICE_ACCESS_NOT_ENABLED).
	ServicePrincipal string
}

// PolicyTypes lists the policy types orgctl manages, in a stable order.
var PolicyTypes = []PolicyType{
	// AWS raised the SCP quotas on 15 May 2026 (were 5,120 characters
	// and 5 per target): the quota page and the What's New post
	// "aws-organizations-increased-scp-quotas". RCPFullAWSAccess counts
	// toward the 5 RCPs, and cannot be detached.
	{Name: "SERVICE_CONTROL_POLICY", Short: "scp", MaxSize: 10240, MaxPerTarget: 10, MinPerTarget: 1, Default: "FullAWSAccess", DefaultDetachable: true},
	{Name: "RESOURCE_CONTROL_POLICY", Short: "rcp", MaxSize: 5120, MaxPerTarget: 5, Default: "RCPFullAWSAccess"},
	{Name: "TAG_POLICY", Short: "tag", MaxSize: 10000, MaxPerTarget: 10},
	{Name: "BACKUP_POLICY", Short: "backup", MaxSize: 10000, MaxPerTarget: 10},
	{Name: "AISERVICES_OPT_OUT_POLICY", Short: "aiservices-opt-out", MaxSize: 2500, MaxPerTarget: 5},
	// The newer management policy types. AWS's quota page gives 10,000
	// characters for declarative, chat applications and Security Hub
	// policies; the others are assumed alike, and so are the attachment
	// limits, which the page does not list for them.
	{Name: "CHATBOT_POLICY", Short: "chatbot", MaxSize: 10000, MaxPerTarget: 5},
	{Name: "DECLARATIVE_POLICY_EC2", Short: "declarative-ec2", MaxSize: 10000, MaxPerTarget: 10},
	{Name: "SECURITYHUB_POLICY", Short: "securityhub", MaxSize: 10000, MaxPerTarget: 10, ServicePrincipal: "securityhub.amazonaws.com"},
	{Name: "INSPECTOR_POLICY", Short: "inspector", MaxSize: 10000, MaxPerTarget: 10, ServicePrincipal: "inspector2.amazonaws.com"},
	{Name: "UPGRADE_ROLLOUT_POLICY", Short: "upgrade-rollout", MaxSize: 10000, MaxPerTarget: 10},
	{Name: "BEDROCK_POLICY", Short: "bedrock", MaxSize: 10000, MaxPerTarget: 10},
	{Name: "S3_POLICY", Short: "s3", MaxSize: 10000, MaxPerTarget: 10},
	{Name: "NETWORK_SECURITY_DIRECTOR_POLICY", Short: "network-security-director", MaxSize: 10000, MaxPerTarget: 10},
	{Name: "GUARDDUTY_POLICY", Short: "guardduty", MaxSize: 10000, MaxPerTarget: 10},
	// The 15th type (organizations SDK 1.63): Security Hub CSPM's own.
	{Name: "SECURITYHUB_CSPM_POLICY", Short: "securityhub-cspm", MaxSize: 10000, MaxPerTarget: 10, ServicePrincipal: "securityhub.amazonaws.com"},
}

// LookupPolicyType finds a policy type by AWS name or short alias.
func LookupPolicyType(name string) (PolicyType, bool) {
	for _, t := range PolicyTypes {
		if t.Name == name || t.Short == name {
			return t, true
		}
	}
	return PolicyType{}, false
}

// AWSManagedPolicies maps the names of AWS-managed policies that a spec may
// reference without declaring them to their type.
var AWSManagedPolicies = map[string]string{
	"FullAWSAccess":    "SERVICE_CONTROL_POLICY",
	"RCPFullAWSAccess": "RESOURCE_CONTROL_POLICY",
}

// ManagedTagKey and ManagedTagValue mark what orgctl created. Only resources
// carrying this tag are ever pruned.
const (
	ManagedTagKey   = "managed-by"
	ManagedTagValue = "orgctl"
)

// ReservedTagPrefix starts the tag keys orgctl keeps for its own records
// (the live commit on the root). The spec may not use it, the diff ignores
// such tags, and import leaves them out.
const ReservedTagPrefix = "orgctl:"

// RecordTags are the tags an apply from git records the live commit in, on
// the root.
var RecordTags = []string{
	ReservedTagPrefix + "commit",
	ReservedTagPrefix + "ref",
	ReservedTagPrefix + "repo",
	ReservedTagPrefix + "applied-at",
}

// MaxTags is how many tags AWS allows on a resource, orgctl's own
// included: what it creates carries ManagedTagKey, and the root may carry
// RecordTags.
const MaxTags = 50

// LockPolicyName names the never-attached policy that serves as orgctl's
// apply lock: AWS refuses a second policy of the same name, so creating it
// is an atomic test-and-set. Plans, drift and import leave it out.
const LockPolicyName = "orgctl-apply-lock"

// MaxOUDepth is how many levels of OUs AWS allows below the root.
const MaxOUDepth = 5
