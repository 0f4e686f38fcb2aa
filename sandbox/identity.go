package sandbox

import (
	"fmt"
	"time"
)

// identity is the core's slice of the state: who may call. The admin user's
// static key, temporary credentials issued by AssumeRole, and IAM roles per
// account with the accounts they trust.
type identity struct {
	// AdminKeyID is the access key of the admin user, in Account.
	AdminKeyID string `json:"adminAccessKeyId"`
	// Account is the admin user's account: the sandbox's first account.
	Account     string                      `json:"account"`
	Credentials map[string]*Credential      `json:"credentials"`
	Roles       map[string]map[string]*Role `json:"roles"`
	// Closed accounts can no longer be entered by assuming a role.
	Closed map[string]time.Time `json:"closedAccounts,omitempty"`
}

// Credential is an access key the sandbox issued: the admin user's static
// key, or temporary credentials (SessionToken and Expires set).
type Credential struct {
	AccessKeyID     string    `json:"accessKeyId"`
	SecretAccessKey string    `json:"secretAccessKey"`
	SessionToken    string    `json:"sessionToken,omitempty"`
	AccountID       string    `json:"accountId"`
	Arn             string    `json:"arn"`
	UserID          string    `json:"userId"`
	Expires         time.Time `json:"expires,omitzero"`
}

// Role is an IAM role: who may assume it, and for how long.
type Role struct {
	Name string `json:"name"`
	// ID is the role's unique ID (AROA...).
	ID string `json:"id"`
	// Trusts are the accounts whose principals the trust policy allows.
	Trusts []string `json:"trusts"`
	// ExternalID, when set, is the external ID the trust policy requires.
	ExternalID string   `json:"externalId,omitempty"`
	MaxSession Duration `json:"maxSession"`
}

// newIdentity makes the admin user in account acct, a random one when empty.
func newIdentity(acct string) *identity {
	if acct == "" {
		acct = NewAccountID()
	}
	key := &Credential{
		AccessKeyID:     NewAccessKeyID(false),
		SecretAccessKey: NewSecretKey(),
		AccountID:       acct,
		Arn:             "arn:aws:iam::" + acct + ":user/sandbox-admin",
		UserID:          NewUserID(),
	}
	return &identity{
		AdminKeyID: key.AccessKeyID, Account: acct,
		Credentials: map[string]*Credential{key.AccessKeyID: key},
		Roles:       map[string]map[string]*Role{},
	}
}

func (id *identity) check() error {
	if id.Account == "" || id.Credentials[id.AdminKeyID] == nil {
		return fmt.Errorf("state has no admin credentials")
	}
	if id.Roles == nil {
		id.Roles = map[string]map[string]*Role{}
	}
	return nil
}

// AdminAccount returns the admin user's account, the account of the static
// credentials (Sandbox.Credentials).
func (st *State) AdminAccount() string { return st.identity.Account }

// PutRole creates or replaces a role in an account.
func (st *State) PutRole(account string, r Role) {
	if st.identity.Roles[account] == nil {
		st.identity.Roles[account] = map[string]*Role{}
	}
	st.identity.Roles[account][r.Name] = &r
}

// Role returns an account's role, or nil.
func (st *State) Role(account, name string) *Role {
	return st.identity.Roles[account][name]
}

// CloseAccount marks an account closed: its roles can no longer be assumed.
// Credentials already issued stay valid until they expire, as on AWS.
func (st *State) CloseAccount(account string, at time.Time) {
	if st.identity.Closed == nil {
		st.identity.Closed = map[string]time.Time{}
	}
	if _, ok := st.identity.Closed[account]; !ok {
		st.identity.Closed[account] = at
	}
}

// AccountClosed reports whether CloseAccount was called for account.
func (st *State) AccountClosed(account string) bool {
	_, ok := st.identity.Closed[account]
	return ok
}

// Issue stores credentials, so requests signed with them act as their account.
func (st *State) Issue(c Credential) { st.identity.Credentials[c.AccessKeyID] = &c }

// PruneCredentials forgets temporary credentials expired for longer than keep;
// until then they still answer as expired rather than unknown.
func (st *State) PruneCredentials(now time.Time, keep time.Duration) {
	for id, k := range st.identity.Credentials {
		if !k.Expires.IsZero() && now.Sub(k.Expires) > keep {
			delete(st.identity.Credentials, id)
		}
	}
}

// authenticate resolves the access key and session token to a principal.
func (st *State) authenticate(cred sigv4Credential, token string, now time.Time) (Caller, authFailure) {
	k := st.identity.Credentials[cred.accessKey]
	if k == nil || k.SessionToken != token {
		return Caller{}, authUnknownKey
	}
	if !k.Expires.IsZero() && !now.Before(k.Expires) {
		return Caller{}, authExpired
	}
	return Caller{AccountID: k.AccountID, Arn: k.Arn, UserID: k.UserID}, authNone
}
