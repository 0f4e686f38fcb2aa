package organizations

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/orgctl/orgctl/sandbox"
)

// state is Organizations' slice of the sandbox state: the organization. It
// is plain data; everything time-driven is derived by advance from the
// timestamps stored here.
type state struct {
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
	Handshakes      map[string]*handshake     `json:"handshakes,omitempty"`
}

// settings are Organizations' stored options (see options.go).
type settings struct {
	CreateAccountDelay sandbox.Duration `json:"createAccountDelay"`
	PolicyTypeDelay    sandbox.Duration `json:"policyTypeDelay"`
	CloseAccountDelay  sandbox.Duration `json:"closeAccountDelay"`
	MaxAccounts        int              `json:"maxAccounts"`
	// Organization is the feature set of a new sandbox's organization, or
	// "none" for an account not in one yet (CreateOrganization makes it).
	Organization string `json:"organization"`
	// ManagementEmail is the management account's email.
	ManagementEmail string `json:"managementEmail"`
	// FinalizeDelay is how long after its creation the organization
	// answers FinalizingOrganizationException to CreateAccount.
	FinalizeDelay sandbox.Duration `json:"finalizeDelay"`
	// InvitedAccounts is how many member accounts a new organization has
	// that joined by invitation (which EnableAllFeatures asks to approve).
	InvitedAccounts int `json:"invitedAccounts"`
	// TrustedAccessDelay is how long after EnableAWSServiceAccess a
	// service's delegated administrator cannot be registered yet.
	TrustedAccessDelay sandbox.Duration `json:"trustedAccessDelay"`
}

type organization struct {
	ID                  string    `json:"id"`
	FeatureSet          string    `json:"featureSet"`
	ManagementAccountID string    `json:"managementAccountId"`
	CreatedAt           time.Time `json:"createdAt"`
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

// Account states (the State field): a closed account is CLOSED for its
// 90-day reinstatement window; SUSPENDED is AWS's suspension, which no
// API call makes (tests set it). The older Status field says SUSPENDED for
// both.
const (
	accountActive         = "ACTIVE"
	accountPendingClosure = "PENDING_CLOSURE"
	accountClosed         = "CLOSED"
	accountSuspended      = "SUSPENDED"
)

// maxClosuresInFlight is how many accounts may be PENDING_CLOSURE at once
// (the quota page: three closures in flight).
const maxClosuresInFlight = 3

// account is a member of the organization. The role CreateAccount made in
// it is the core's (sandbox.State.Role), not kept here.
type account struct {
	ID           string    `json:"id"`
	Name         string    `json:"name"`
	Email        string    `json:"email"`
	ParentID     string    `json:"parentId"`
	State        string    `json:"state"`
	JoinedMethod string    `json:"joinedMethod"`
	JoinedAt     time.Time `json:"joinedAt"`
	// ClosedAt is when CloseAccount was called; ClosureDueAt is when the
	// PENDING_CLOSURE account becomes CLOSED.
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
	// CreatedAt dates the policy for eventual consistency; zero for a
	// policy migrated from version 1, which is old enough anyway.
	CreatedAt time.Time `json:"createdAt,omitzero"`
	Seq       int64     `json:"seq"`
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

// newState returns a fresh slice: an organization with the stored
// settings' feature set, a root, and the sandbox's first account (the
// static credentials') as management account; or, with the organization
// "none", no organization at all.
func newState(w *sandbox.State, now time.Time) *state {
	st := &state{}
	st.Check()
	set := stored.Stored(w)
	if set.Organization != noOrganization {
		st.create(w.AdminAccount(), set.ManagementEmail, set.Organization, now.UTC())
		st.addInvited(w, set.InvitedAccounts, now.UTC())
	}
	return st
}

// create makes the organization, with mgmt as its management account.
func (st *state) create(mgmt, email, featureSet string, now time.Time) {
	st.Org = organization{ID: newOrgID(), FeatureSet: featureSet, ManagementAccountID: mgmt, CreatedAt: now}
	st.Root = root{ID: newRootID(), Name: "Root"}
	st.Accounts[mgmt] = &account{
		ID: mgmt, Name: "management", Email: email,
		ParentID: st.Root.ID, State: accountActive, JoinedMethod: "INVITED",
		JoinedAt: now, Seq: st.nextSeq(),
	}
}

// exists reports whether there is an organization.
func (st *state) exists() bool { return st.Org.ID != "" }

// Check reports a slice that cannot be served, and fills absent maps.
func (st *state) Check() error {
	if st.Attachments == nil {
		st.Attachments = map[string][]string{}
	}
	if st.PolicyTypes == nil {
		st.PolicyTypes = map[string]*policyTypeState{}
	}
	if st.OUs == nil {
		st.OUs = map[string]*orgUnit{}
	}
	if st.Accounts == nil {
		st.Accounts = map[string]*account{}
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
	if st.Handshakes == nil {
		st.Handshakes = map[string]*handshake{}
	}
	if st.Org.ID != "" && (st.Root.ID == "" || st.Accounts[st.Org.ManagementAccountID] == nil) {
		return fmt.Errorf("the organization has no root or management account")
	}
	return nil
}

func (st *state) nextSeq() int64 {
	st.Seq++
	return st.Seq
}

func (st *state) mgmtID() string { return st.Org.ManagementAccountID }

// ARNs, as in the Organizations docs, in the partition of the request's
// region (partitionOf): one world answers in every partition.
func (c *call) arn() string { return "arn:" + partitionOf(c.Region) + ":organizations::" }

func (c *call) orgArn() string {
	return c.arn() + c.st.mgmtID() + ":organization/" + c.st.Org.ID
}
func (c *call) rootArn() string {
	return c.arn() + c.st.mgmtID() + ":root/" + c.st.Org.ID + "/" + c.st.Root.ID
}
func (c *call) ouArn(id string) string {
	return c.arn() + c.st.mgmtID() + ":ou/" + c.st.Org.ID + "/" + id
}
func (c *call) accountArn(id string) string {
	return c.arn() + c.st.mgmtID() + ":account/" + c.st.Org.ID + "/" + id
}
func (c *call) policyArn(p *policy) string {
	kind := strings.ToLower(p.Type)
	if p.AWSManaged {
		return c.arn() + "aws:policy/" + kind + "/" + p.ID
	}
	return c.arn() + c.st.mgmtID() + ":policy/" + c.st.Org.ID + "/" + kind + "/" + p.ID
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

// sorted returns the values keep reports true, by Seq.
func sorted[T any](m map[string]*T, seq func(*T) int64, keep func(*T) bool) []*T {
	var out []*T
	for _, v := range m {
		if keep == nil || keep(v) {
			out = append(out, v)
		}
	}
	sort.Slice(out, func(i, j int) bool { return seq(out[i]) < seq(out[j]) })
	return out
}

// sortedOUs returns the OUs that keep reports true, in creation order.
func (st *state) sortedOUs(keep func(*orgUnit) bool) []*orgUnit {
	return sorted(st.OUs, func(o *orgUnit) int64 { return o.Seq }, keep)
}

// sortedAccounts returns the accounts that keep reports true, in join order.
func (st *state) sortedAccounts(keep func(*account) bool) []*account {
	return sorted(st.Accounts, func(a *account) int64 { return a.Seq }, keep)
}

// sortedRequests returns the create-account requests keep reports true, oldest first.
func (st *state) sortedRequests(keep func(*createRequest) bool) []*createRequest {
	return sorted(st.CreateRequests, func(r *createRequest) int64 { return r.Seq }, keep)
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
