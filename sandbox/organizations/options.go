package organizations

import (
	"fmt"
	"time"

	"github.com/orgctl/orgctl/awsemail"
	"github.com/orgctl/orgctl/sandbox"
)

// Defaults, as AWS behaves for a new organization (delays shortened).
const (
	defaultCreateAccountDelay = 2 * time.Second
	defaultPolicyTypeDelay    = 500 * time.Millisecond
	defaultCloseAccountDelay  = 2 * time.Second
	defaultMaxAccounts        = 10
)

// Feature sets, and the organization setting of a sandbox without one.
const (
	featureSetAll          = "ALL"
	featureSetBilling      = "CONSOLIDATED_BILLING"
	noOrganization         = "none"
	defaultManagementEmail = "management@sandbox.example"
)

var defaultSettings = settings{
	CreateAccountDelay: sandbox.Duration(defaultCreateAccountDelay),
	PolicyTypeDelay:    sandbox.Duration(defaultPolicyTypeDelay),
	CloseAccountDelay:  sandbox.Duration(defaultCloseAccountDelay),
	MaxAccounts:        defaultMaxAccounts,
	Organization:       featureSetAll,
	ManagementEmail:    defaultManagementEmail,
}

func checkSettings(s *settings) error {
	for _, d := range []sandbox.Duration{s.CreateAccountDelay, s.PolicyTypeDelay, s.CloseAccountDelay, s.FinalizeDelay, s.TrustedAccessDelay} {
		if d < 0 {
			return fmt.Errorf("negative delay %s", time.Duration(d))
		}
	}
	if s.MaxAccounts < 1 {
		return fmt.Errorf("max accounts must be at least 1, got %d", s.MaxAccounts)
	}
	if s.InvitedAccounts < 0 || s.InvitedAccounts >= s.MaxAccounts {
		return fmt.Errorf("invited accounts: %d; want 0 to %d (max accounts, less the management account)", s.InvitedAccounts, s.MaxAccounts-1)
	}
	switch s.Organization {
	case featureSetAll, featureSetBilling, noOrganization:
	default:
		return fmt.Errorf("organization %q: use %s, %s or %s (no organization yet)", s.Organization, featureSetAll, featureSetBilling, noOrganization)
	}
	// The rule CreateAccount applies: a management account's email is an
	// account's email like any other.
	if p := awsemail.Check(s.ManagementEmail); p != nil {
		return fmt.Errorf("management email %q %s: %s", s.ManagementEmail, p.What, p.Fix)
	}
	return nil
}

// The options below are stored in the state file when given to
// sandbox.Init or Reset, and override it for one process when given to
// sandbox.Open (see sandbox.Option).

// WithCreateAccountDelay sets how long a CreateAccount request stays IN_PROGRESS.
func WithCreateAccountDelay(d time.Duration) sandbox.Option {
	return stored.Option(func(s *settings) { s.CreateAccountDelay = sandbox.Duration(d) })
}

// WithPolicyTypeDelay sets how long EnablePolicyType and DisablePolicyType
// leave the type PENDING_ENABLE or PENDING_DISABLE.
func WithPolicyTypeDelay(d time.Duration) sandbox.Option {
	return stored.Option(func(s *settings) { s.PolicyTypeDelay = sandbox.Duration(d) })
}

// WithCloseAccountDelay sets how long a closed account stays PENDING_CLOSURE
// before it is CLOSED.
func WithCloseAccountDelay(d time.Duration) sandbox.Option {
	return stored.Option(func(s *settings) { s.CloseAccountDelay = sandbox.Duration(d) })
}

// WithMaxAccounts sets the account quota, management account included.
func WithMaxAccounts(n int) sandbox.Option {
	return stored.Option(func(s *settings) { s.MaxAccounts = n })
}

// WithOrganization sets the organization of a new sandbox: its feature set
// (ALL or CONSOLIDATED_BILLING), or "none" for a management account not
// in an organization yet, where every call but CreateOrganization answers
// AWSOrganizationsNotInUseException.
func WithOrganization(featureSet string) sandbox.Option {
	return stored.Option(func(s *settings) { s.Organization = featureSet })
}

// WithManagementEmail sets the management account's email.
func WithManagementEmail(email string) sandbox.Option {
	return stored.Option(func(s *settings) { s.ManagementEmail = email })
}

// WithFinalizeDelay sets how long after CreateOrganization (or Init) the
// organization is still being finalised: CreateAccount answers
// FinalizingOrganizationException until then, as AWS may for up to an hour.
func WithFinalizeDelay(d time.Duration) sandbox.Option {
	return stored.Option(func(s *settings) { s.FinalizeDelay = sandbox.Duration(d) })
}

// WithTrustedAccessDelay sets how long after EnableAWSServiceAccess the
// service's trusted access takes to reach delegated-administrator
// registration, which refuses it as not enabled until then.
func WithTrustedAccessDelay(d time.Duration) sandbox.Option {
	return stored.Option(func(s *settings) { s.TrustedAccessDelay = sandbox.Duration(d) })
}

// WithInvitedAccounts gives a new organization n member accounts that
// joined by invitation, each with an OrganizationAccountAccessRole the
// management account may assume.
func WithInvitedAccounts(n int) sandbox.Option {
	return stored.Option(func(s *settings) { s.InvitedAccounts = n })
}
