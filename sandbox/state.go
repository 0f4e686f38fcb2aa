package sandbox

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"time"
)

// stateVersion is the version of the state file format.
const stateVersion = 1

// state is the whole emulated world. It is what the state file holds, and all
// of it is plain data: everything time-driven is derived by advance from the
// timestamps stored here, so state plus the clock determines what callers see.
type state struct {
	Version  int      `json:"version"`
	Settings settings `json:"settings"`
	// TokenKey signs pagination tokens, so tokens survive a restart.
	TokenKey string `json:"tokenKey"`
	// Seq orders entities by creation; list operations return them in Seq order.
	Seq int64 `json:"seq"`

	Org         organization                `json:"organization"`
	Root        root                        `json:"root"`
	PolicyTypes map[string]*policyTypeState `json:"policyTypes"`
	OUs         map[string]*orgUnit         `json:"organizationalUnits"`
	Accounts    map[string]*account         `json:"accounts"`
	// Policies holds customer-managed policies; AWS-managed ones are constants.
	Policies map[string]*policy `json:"policies"`
	// Attachments maps a target (root, OU, account) to policy IDs in attach order.
	Attachments map[string][]string `json:"attachments"`
	// Tags maps a resource ID to its tags in the order they were first set.
	Tags            map[string][]tag          `json:"tags"`
	ServiceAccess   map[string]time.Time      `json:"trustedAccess"`
	DelegatedAdmins []delegation              `json:"delegatedAdministrators"`
	CreateRequests  map[string]*createRequest `json:"createAccountRequests"`
	Credentials     map[string]*credential    `json:"credentials"`
}

// settings are the options stored by Init; Open may override them per process.
type settings struct {
	CreateAccountDelay duration `json:"createAccountDelay"`
	PolicyTypeDelay    duration `json:"policyTypeDelay"`
	CloseAccountDelay  duration `json:"closeAccountDelay"`
	MaxAccounts        int      `json:"maxAccounts"`
}

// duration is a time.Duration stored as its string form ("2s").
type duration time.Duration

func (d duration) MarshalJSON() ([]byte, error) { return json.Marshal(time.Duration(d).String()) }

func (d *duration) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return err
	}
	v, err := time.ParseDuration(s)
	if err != nil {
		return err
	}
	*d = duration(v)
	return nil
}

type organization struct {
	ID                  string `json:"id"`
	FeatureSet          string `json:"featureSet"`
	ManagementAccountID string `json:"managementAccountId"`
	// AdminKeyID is the access key of the management account's user.
	AdminKeyID string    `json:"adminAccessKeyId"`
	CreatedAt  time.Time `json:"createdAt"`
}

type root struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// Policy type status values, as ListRoots reports them.
const (
	statusEnabled        = "ENABLED"
	statusPendingEnable  = "PENDING_ENABLE"
	statusPendingDisable = "PENDING_DISABLE"
)

type policyTypeState struct {
	Status string `json:"status"`
	// DueAt is when a PENDING_* status settles.
	DueAt time.Time `json:"dueAt"`
	Seq   int64     `json:"seq"`
}

type orgUnit struct {
	ID        string    `json:"id"`
	Name      string    `json:"name"`
	ParentID  string    `json:"parentId"`
	CreatedAt time.Time `json:"createdAt"`
	Seq       int64     `json:"seq"`
}

// Account states.
const (
	accountActive         = "ACTIVE"
	accountPendingClosure = "PENDING_CLOSURE"
	accountSuspended      = "SUSPENDED"
)

type account struct {
	ID           string    `json:"id"`
	Name         string    `json:"name"`
	Email        string    `json:"email"`
	ParentID     string    `json:"parentId"`
	State        string    `json:"state"`
	JoinedMethod string    `json:"joinedMethod"`
	JoinedAt     time.Time `json:"joinedAt"`
	// RoleName is the role CreateAccount created for the management account
	// to assume; RoleID is that role's unique ID (AROA...).
	RoleName string `json:"roleName,omitempty"`
	RoleID   string `json:"roleId,omitempty"`
	// ClosedAt is when CloseAccount was called; ClosureDueAt is when the
	// PENDING_CLOSURE account becomes SUSPENDED.
	ClosedAt     time.Time `json:"closedAt,omitzero"`
	ClosureDueAt time.Time `json:"closureDueAt,omitzero"`
	Seq          int64     `json:"seq"`
}

type policy struct {
	ID          string `json:"id"`
	Name        string `json:"name"`
	Description string `json:"description"`
	Type        string `json:"type"`
	Content     string `json:"content"`
	AWSManaged  bool   `json:"-"`
	Seq         int64  `json:"seq"`
}

type tag struct {
	Key   string `json:"key"`
	Value string `json:"value"`
}

type delegation struct {
	AccountID        string    `json:"accountId"`
	ServicePrincipal string    `json:"servicePrincipal"`
	Since            time.Time `json:"since"`
}

// Create-account request states.
const (
	carInProgress = "IN_PROGRESS"
	carSucceeded  = "SUCCEEDED"
	carFailed     = "FAILED"
)

// createRequest is one CreateAccount call. Its outcome (AccountID or
// FailureReason) is decided when the request is made, so that completing it
// later is deterministic; callers see IN_PROGRESS until DueAt.
type createRequest struct {
	ID            string    `json:"id"`
	AccountName   string    `json:"accountName"`
	Email         string    `json:"email"`
	RoleName      string    `json:"roleName"`
	RoleID        string    `json:"roleId"`
	Tags          []tag     `json:"tags,omitempty"`
	State         string    `json:"state"`
	RequestedAt   time.Time `json:"requestedAt"`
	DueAt         time.Time `json:"dueAt"`
	AccountID     string    `json:"accountId,omitempty"`
	FailureReason string    `json:"failureReason,omitempty"`
	Seq           int64     `json:"seq"`
}

// credential is an access key the sandbox issued: the management user's
// static key, or temporary credentials from AssumeRole.
type credential struct {
	AccessKeyID     string    `json:"accessKeyId"`
	SecretAccessKey string    `json:"secretAccessKey"`
	SessionToken    string    `json:"sessionToken,omitempty"`
	AccountID       string    `json:"accountId"`
	Arn             string    `json:"arn"`
	UserID          string    `json:"userId"`
	Expires         time.Time `json:"expires,omitzero"`
}

// newState returns a fresh organization: feature set ALL, a root, and a
// management account with its admin user's static credentials.
func newState(now time.Time, set settings) *state {
	now = now.UTC()
	st := &state{
		Version:        stateVersion,
		Settings:       set,
		TokenKey:       newTokenKey(),
		PolicyTypes:    map[string]*policyTypeState{},
		OUs:            map[string]*orgUnit{},
		Accounts:       map[string]*account{},
		Policies:       map[string]*policy{},
		Attachments:    map[string][]string{},
		Tags:           map[string][]tag{},
		ServiceAccess:  map[string]time.Time{},
		CreateRequests: map[string]*createRequest{},
		Credentials:    map[string]*credential{},
	}
	mgmt := newAccountID()
	st.Org = organization{ID: newOrgID(), FeatureSet: "ALL", ManagementAccountID: mgmt, CreatedAt: now}
	st.Root = root{ID: newRootID(), Name: "Root"}
	st.Accounts[mgmt] = &account{
		ID: mgmt, Name: "management", Email: "management@sandbox.example",
		ParentID: st.Root.ID, State: accountActive, JoinedMethod: "INVITED",
		JoinedAt: now, Seq: st.nextSeq(),
	}
	key := &credential{
		AccessKeyID:     newAccessKeyID(false),
		SecretAccessKey: newSecretKey(),
		AccountID:       mgmt,
		Arn:             "arn:aws:iam::" + mgmt + ":user/sandbox-admin",
		UserID:          newUserID(),
	}
	st.Credentials[key.AccessKeyID] = key
	st.Org.AdminKeyID = key.AccessKeyID
	return st
}

// check reports a state file that cannot be served.
func (st *state) check() error {
	if st.Version != stateVersion {
		return fmt.Errorf("unsupported state version %d (want %d)", st.Version, stateVersion)
	}
	if st.Org.ID == "" || st.Root.ID == "" || st.Accounts[st.Org.ManagementAccountID] == nil ||
		st.Credentials[st.Org.AdminKeyID] == nil {
		return fmt.Errorf("state has no organization")
	}
	if st.Attachments == nil {
		st.Attachments = map[string][]string{}
	}
	if st.PolicyTypes == nil {
		st.PolicyTypes = map[string]*policyTypeState{}
	}
	if st.OUs == nil {
		st.OUs = map[string]*orgUnit{}
	}
	if st.Policies == nil {
		st.Policies = map[string]*policy{}
	}
	if st.Tags == nil {
		st.Tags = map[string][]tag{}
	}
	if st.ServiceAccess == nil {
		st.ServiceAccess = map[string]time.Time{}
	}
	if st.CreateRequests == nil {
		st.CreateRequests = map[string]*createRequest{}
	}
	if st.Credentials == nil {
		st.Credentials = map[string]*credential{}
	}
	return nil
}

func (st *state) nextSeq() int64 {
	st.Seq++
	return st.Seq
}

func (st *state) mgmtID() string { return st.Org.ManagementAccountID }

// ARNs, as in the Organizations docs.
func (st *state) orgArn() string {
	return "arn:aws:organizations::" + st.mgmtID() + ":organization/" + st.Org.ID
}
func (st *state) rootArn() string {
	return "arn:aws:organizations::" + st.mgmtID() + ":root/" + st.Org.ID + "/" + st.Root.ID
}
func (st *state) ouArn(id string) string {
	return "arn:aws:organizations::" + st.mgmtID() + ":ou/" + st.Org.ID + "/" + id
}
func (st *state) accountArn(id string) string {
	return "arn:aws:organizations::" + st.mgmtID() + ":account/" + st.Org.ID + "/" + id
}
func (st *state) policyArn(p *policy) string {
	kind := strings.ToLower(p.Type)
	if p.AWSManaged {
		return "arn:aws:organizations::aws:policy/" + kind + "/" + p.ID
	}
	return "arn:aws:organizations::" + st.mgmtID() + ":policy/" + st.Org.ID + "/" + kind + "/" + p.ID
}

// isParent reports whether id names the root or an existing OU.
func (st *state) isParent(id string) bool {
	return id == st.Root.ID || st.OUs[id] != nil
}

// isTarget reports whether id names the root, an OU or an account.
func (st *state) isTarget(id string) bool {
	return st.isParent(id) || st.Accounts[id] != nil
}

// ouDepth is 1 for an OU directly under the root.
func (st *state) ouDepth(id string) int {
	d := 0
	for id != st.Root.ID {
		ou := st.OUs[id]
		if ou == nil {
			break
		}
		d++
		id = ou.ParentID
	}
	return d
}

// path returns o-x/r-x/ou-a/.../ for a parent (root or OU).
func (st *state) path(parentID string) string {
	var ids []string
	for id := parentID; id != st.Root.ID; {
		ou := st.OUs[id]
		if ou == nil {
			break
		}
		ids = append(ids, id)
		id = ou.ParentID
	}
	var b strings.Builder
	b.WriteString(st.Org.ID + "/" + st.Root.ID + "/")
	for i := len(ids) - 1; i >= 0; i-- {
		b.WriteString(ids[i] + "/")
	}
	return b.String()
}

// sortedOUs returns the OUs that keep reports true, in creation order.
func (st *state) sortedOUs(keep func(*orgUnit) bool) []*orgUnit {
	var out []*orgUnit
	for _, ou := range st.OUs {
		if keep == nil || keep(ou) {
			out = append(out, ou)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Seq < out[j].Seq })
	return out
}

// sortedAccounts returns the accounts that keep reports true, in join order.
func (st *state) sortedAccounts(keep func(*account) bool) []*account {
	var out []*account
	for _, a := range st.Accounts {
		if keep == nil || keep(a) {
			out = append(out, a)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Seq < out[j].Seq })
	return out
}

// sortedRequests returns the create-account requests keep reports true, oldest first.
func (st *state) sortedRequests(keep func(*createRequest) bool) []*createRequest {
	var out []*createRequest
	for _, r := range st.CreateRequests {
		if keep == nil || keep(r) {
			out = append(out, r)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Seq < out[j].Seq })
	return out
}

// policyStatus returns a policy type's status, or "" when it is not enabled.
func (st *state) policyStatus(typ string) string {
	if pt := st.PolicyTypes[typ]; pt != nil {
		return pt.Status
	}
	return ""
}

// findPolicy looks up a customer-managed or AWS-managed policy.
func (st *state) findPolicy(id string) *policy {
	if p := managedPolicies[id]; p != nil {
		return p
	}
	return st.Policies[id]
}

func (st *state) attached(target, policyID string) bool {
	for _, id := range st.Attachments[target] {
		if id == policyID {
			return true
		}
	}
	return false
}

func (st *state) attach(target, policyID string) {
	if !st.attached(target, policyID) {
		st.Attachments[target] = append(st.Attachments[target], policyID)
	}
}

func (st *state) detach(target, policyID string) {
	ids := st.Attachments[target]
	for i, id := range ids {
		if id == policyID {
			ids = append(ids[:i:i], ids[i+1:]...)
			break
		}
	}
	if len(ids) == 0 {
		delete(st.Attachments, target)
	} else {
		st.Attachments[target] = ids
	}
}

// attachedOfType counts the policies of typ attached to target.
func (st *state) attachedOfType(target, typ string) int {
	n := 0
	for _, id := range st.Attachments[target] {
		if p := st.findPolicy(id); p != nil && p.Type == typ {
			n++
		}
	}
	return n
}

// attachDefaults attaches the AWS-managed default policy of every enabled
// policy type that has one, as AWS does for a new OU or account.
func (st *state) attachDefaults(target string) {
	for _, typ := range policyTypeNames {
		if def := policyTypes[typ].defaultPolicy; def != "" && st.policyStatus(typ) == statusEnabled {
			st.attach(target, def)
		}
	}
}

// forget removes what the sandbox keeps about a deleted resource.
func (st *state) forget(id string) {
	delete(st.Attachments, id)
	delete(st.Tags, id)
}
