package organizations

import (
	"fmt"
	"time"

	"github.com/orgctl/orgctl/sandbox"
)

// Defaults, as AWS behaves for a new organization (delays shortened).
const (
	defaultCreateAccountDelay = 2 * time.Second
	defaultPolicyTypeDelay    = 500 * time.Millisecond
	defaultCloseAccountDelay  = 2 * time.Second
	defaultMaxAccounts        = 10
)

var defaultSettings = settings{
	CreateAccountDelay: sandbox.Duration(defaultCreateAccountDelay),
	PolicyTypeDelay:    sandbox.Duration(defaultPolicyTypeDelay),
	CloseAccountDelay:  sandbox.Duration(defaultCloseAccountDelay),
	MaxAccounts:        defaultMaxAccounts,
}

func checkSettings(s *settings) error {
	for _, d := range []sandbox.Duration{s.CreateAccountDelay, s.PolicyTypeDelay, s.CloseAccountDelay} {
		if d < 0 {
			return fmt.Errorf("negative delay %s", time.Duration(d))
		}
	}
	if s.MaxAccounts < 1 {
		return fmt.Errorf("max accounts must be at least 1, got %d", s.MaxAccounts)
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
