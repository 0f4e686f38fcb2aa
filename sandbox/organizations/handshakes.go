package organizations

import (
	"slices"
	"strings"
	"time"

	"github.com/orgctl/orgctl/sandbox"
)

// Handshakes of enabling all features: EnableAllFeatures,
// ListHandshakesForOrganization, ListHandshakesForAccount,
// DescribeHandshake, AcceptHandshake, DeclineHandshake, CancelHandshake.
//
// AWS's flow (API Reference, Handshake and EnableAllFeatures): the
// management account's EnableAllFeatures makes a request handshake
// (ENABLE_ALL_FEATURES) and sends one ENABLE_ALL_FEATURES handshake to
// every invited member account; created accounts are not asked, their
// approval is inferred. When every invited account has accepted, the
// request turns OPEN and Organizations sends the management account an
// APPROVE_ALL_FEATURES handshake; accepting it finalises the change and
// the organization has all features. Invitations to join (INVITE) are not
// modelled.

// Handshake actions and states.
const (
	actionEnableAll  = "ENABLE_ALL_FEATURES"
	actionApproveAll = "APPROVE_ALL_FEATURES"

	hsRequested = "REQUESTED"
	hsOpen      = "OPEN"
	hsAccepted  = "ACCEPTED"
	hsDeclined  = "DECLINED"
	hsCanceled  = "CANCELED"
)

// handshakeLifetime is how long a handshake stays open, as its
// ExpirationTimestamp says: 15 days in the AWS CLI's example of
// enable-all-features. Expiry itself is not modelled.
const handshakeLifetime = 15 * 24 * time.Hour

type handshake struct {
	ID     string `json:"id"`
	Action string `json:"action"`
	State  string `json:"state"`
	// Recipient is the account the handshake is for; the request's is the
	// management account.
	Recipient string `json:"recipient"`
	// Parent is the request handshake a member's or the approval belongs to.
	Parent      string    `json:"parent,omitempty"`
	RequestedAt time.Time `json:"requestedAt"`
	ExpiresAt   time.Time `json:"expiresAt"`
	Seq         int64     `json:"seq"`
}

var reHandshakeID = sandbox.NewPattern(`^h-[0-9a-z]{8,32}$`)

func newHandshakeID() string { return "h-" + sandbox.RandString(sandbox.LowerAlnum, 10) }

func (st *state) newHandshake(action, recipient, parent string, now time.Time) *handshake {
	h := &handshake{ID: newHandshakeID(), Action: action, State: hsRequested, Recipient: recipient,
		Parent: parent, RequestedAt: now, ExpiresAt: now.Add(handshakeLifetime), Seq: st.nextSeq()}
	st.Handshakes[h.ID] = h
	return h
}

// pendingRequest is the enable-all-features request in progress, or nil.
func (st *state) pendingRequest() *handshake {
	for _, h := range st.Handshakes {
		if h.Action == actionEnableAll && h.Parent == "" && (h.State == hsRequested || h.State == hsOpen) {
			return h
		}
	}
	return nil
}

func (st *state) sortedHandshakes(keep func(*handshake) bool) []*handshake {
	return sorted(st.Handshakes, func(h *handshake) int64 { return h.Seq }, keep)
}

type handshakePartyOut struct {
	Id   string `json:"Id"`
	Type string `json:"Type"`
}

type handshakeResourceOut struct {
	Value string `json:"Value"`
	Type  string `json:"Type"`
}

type handshakeOut struct {
	Id                  string                 `json:"Id"`
	Arn                 string                 `json:"Arn"`
	Parties             []handshakePartyOut    `json:"Parties"`
	State               string                 `json:"State"`
	RequestedTimestamp  *sandbox.Epoch         `json:"RequestedTimestamp,omitempty"`
	ExpirationTimestamp *sandbox.Epoch         `json:"ExpirationTimestamp,omitempty"`
	Action              string                 `json:"Action"`
	Resources           []handshakeResourceOut `json:"Resources"`
}

func (c *call) handshakeOut(h *handshake) handshakeOut {
	st := c.st
	// The request names the organization alone (the AWS CLI's example);
	// a handshake to an account names it too.
	parties := []handshakePartyOut{{Id: st.Org.ID, Type: "ORGANIZATION"}}
	if h.Parent != "" {
		parties = append(parties, handshakePartyOut{Id: h.Recipient, Type: "ACCOUNT"})
	}
	return handshakeOut{
		Id:    h.ID,
		Arn:   c.arn() + st.mgmtID() + ":handshake/" + st.Org.ID + "/" + strings.ToLower(h.Action) + "/" + h.ID,
		State: h.State, Action: h.Action, Parties: parties,
		RequestedTimestamp: sandbox.EpochOf(h.RequestedAt), ExpirationTimestamp: sandbox.EpochOf(h.ExpiresAt),
		Resources: []handshakeResourceOut{{Value: st.Org.ID, Type: "ORGANIZATION"}},
	}
}

type handshakeResult struct {
	Handshake handshakeOut `json:"Handshake"`
}

func handshakeConstraint(reason, msg string) *sandbox.Error {
	e := orgError("HandshakeConstraintViolationException", msg)
	e.Fields = map[string]string{"Reason": reason}
	return e
}

// enableAllFeatures starts the change to all features (see the top of the
// file). Without invited accounts the approval is sent at once.
func enableAllFeatures(c *call, _ *empty) (*handshakeResult, *sandbox.Error) {
	st := c.st
	if st.Org.FeatureSet == featureSetAll {
		return nil, handshakeConstraint("ORGANIZATION_ALREADY_HAS_ALL_FEATURES",
			"The handshake request is invalid because the organization has already enabled all features.")
	}
	if st.pendingRequest() != nil {
		return nil, handshakeConstraint("ORGANIZATION_IS_ALREADY_PENDING_ALL_FEATURES_MIGRATION",
			"The handshake request is invalid because the organization has already started the process to enable all features.")
	}
	req := st.newHandshake(actionEnableAll, st.mgmtID(), "", c.Now)
	for _, a := range st.sortedAccounts(func(a *account) bool {
		return a.ID != st.mgmtID() && a.JoinedMethod == "INVITED" && a.State == accountActive
	}) {
		st.newHandshake(actionEnableAll, a.ID, req.ID, c.Now)
	}
	st.maybeApprove(req, c.Now)
	return &handshakeResult{Handshake: c.handshakeOut(req)}, nil
}

// maybeApprove sends the management account the approval once every
// invited account has accepted the request.
func (st *state) maybeApprove(req *handshake, now time.Time) {
	for _, h := range st.Handshakes {
		if h.Parent == req.ID && h.Action == actionEnableAll && h.State != hsAccepted {
			return
		}
	}
	req.State = hsOpen
	st.newHandshake(actionApproveAll, st.mgmtID(), req.ID, now)
}

type handshakeIDInput struct {
	HandshakeId *string `json:"HandshakeId"`
}

// lookupHandshake finds a handshake the caller is a party to: its
// recipient, or the management account, which sent it.
func (c *call) lookupHandshake(in *handshakeIDInput) (*handshake, *sandbox.Error) {
	var v sandbox.Validator
	v.Str("HandshakeId", in.HandshakeId, true, 0, 34, reHandshakeID)
	if e := orgInvalid(&v); e != nil {
		return nil, e
	}
	h := c.st.Handshakes[*in.HandshakeId]
	if h == nil || (h.Recipient != c.Caller.AccountID && c.Caller.AccountID != c.st.mgmtID()) {
		return nil, orgError("HandshakeNotFoundException", "We can't find a handshake with the HandshakeId that you specified.")
	}
	return h, nil
}

func describeHandshake(c *call, in *handshakeIDInput) (*handshakeResult, *sandbox.Error) {
	h, e := c.lookupHandshake(in)
	if e != nil {
		return nil, e
	}
	return &handshakeResult{Handshake: c.handshakeOut(h)}, nil
}

// respond moves a handshake addressed to the caller to state.
func (c *call) respond(in *handshakeIDInput, state string) (*handshake, *sandbox.Error) {
	h, e := c.lookupHandshake(in)
	if e != nil {
		return nil, e
	}
	if h.Recipient != c.Caller.AccountID || (h.Action == actionEnableAll && h.Parent == "") {
		// The request is the management account's to cancel, not to answer.
		return nil, awsError("AccessDeniedException")
	}
	if e := transition(h, state, hsRequested); e != nil {
		return nil, e
	}
	return h, nil
}

// transition moves h to state from one of the states from, or says why
// it cannot, as AWS does.
func transition(h *handshake, state string, from ...string) *sandbox.Error {
	switch {
	case h.State == state:
		return orgError("HandshakeAlreadyInStateException", "The specified handshake is already in the requested state.")
	case !slices.Contains(from, h.State):
		return orgError("InvalidHandshakeTransitionException", "You can't perform the operation on the handshake in its current state.")
	}
	h.State = state
	return nil
}

// acceptHandshake: a member's acceptance may complete the approvals; the
// management account's acceptance of APPROVE_ALL_FEATURES finishes the
// change.
func acceptHandshake(c *call, in *handshakeIDInput) (*handshakeResult, *sandbox.Error) {
	h, e := c.respond(in, hsAccepted)
	if e != nil {
		return nil, e
	}
	st := c.st
	req := st.Handshakes[h.Parent]
	switch {
	case req == nil:
	case h.Action == actionEnableAll:
		st.maybeApprove(req, c.Now)
	case h.Action == actionApproveAll:
		req.State = hsAccepted
		st.Org.FeatureSet = featureSetAll
	}
	return &handshakeResult{Handshake: c.handshakeOut(h)}, nil
}

func declineHandshake(c *call, in *handshakeIDInput) (*handshakeResult, *sandbox.Error) {
	h, e := c.respond(in, hsDeclined)
	if e != nil {
		return nil, e
	}
	return &handshakeResult{Handshake: c.handshakeOut(h)}, nil
}

// cancelHandshake: the management account cancels its request, and with
// it every handshake of the request still waiting.
func cancelHandshake(c *call, in *handshakeIDInput) (*handshakeResult, *sandbox.Error) {
	h, e := c.lookupHandshake(in)
	if e != nil {
		return nil, e
	}
	if c.Caller.AccountID != c.st.mgmtID() || h.Parent != "" {
		return nil, awsError("AccessDeniedException")
	}
	if e := transition(h, hsCanceled, hsRequested, hsOpen); e != nil {
		return nil, e
	}
	for _, o := range c.st.Handshakes {
		if o.Parent == h.ID && o.State == hsRequested {
			o.State = hsCanceled
		}
	}
	return &handshakeResult{Handshake: c.handshakeOut(h)}, nil
}

type handshakeFilter struct {
	ActionType        *string `json:"ActionType"`
	ParentHandshakeId *string `json:"ParentHandshakeId"`
}

type listHandshakesInput struct {
	Filter *handshakeFilter `json:"Filter"`
	listInput
}

type listHandshakesOut struct {
	Handshakes []handshakeOut `json:"Handshakes"`
	NextToken  *string        `json:"NextToken,omitempty"`
}

func (c *call) listHandshakes(in *listHandshakesInput, scope string, keep func(*handshake) bool) (*listHandshakesOut, *sandbox.Error) {
	var v sandbox.Validator
	in.check(&v)
	var action, parent string
	if f := in.Filter; f != nil {
		v.Enum("ActionType", f.ActionType, false, []string{"INVITE", actionEnableAll, actionApproveAll, "ADD_ORGANIZATIONS_SERVICE_LINKED_ROLE", "TRANSFER_RESPONSIBILITY"})
		v.Str("ParentHandshakeId", f.ParentHandshakeId, false, 0, 34, reHandshakeID)
		if f.ActionType != nil {
			action = *f.ActionType
		}
		if f.ParentHandshakeId != nil {
			parent = *f.ParentHandshakeId
		}
	}
	if e := orgInvalid(&v); e != nil {
		return nil, e
	}
	items := c.st.sortedHandshakes(func(h *handshake) bool {
		return keep(h) && (action == "" || h.Action == action) && (parent == "" || h.Parent == parent)
	})
	out, next, e := page(c, in.listInput, scope+"|"+action+"|"+parent, items, c.handshakeOut)
	if e != nil {
		return nil, e
	}
	return &listHandshakesOut{Handshakes: out, NextToken: next}, nil
}

// listHandshakesForOrganization lists every handshake of the organization.
func listHandshakesForOrganization(c *call, in *listHandshakesInput) (*listHandshakesOut, *sandbox.Error) {
	return c.listHandshakes(in, "", func(*handshake) bool { return true })
}

// listHandshakesForAccount lists the handshakes addressed to the caller.
func listHandshakesForAccount(c *call, in *listHandshakesInput) (*listHandshakesOut, *sandbox.Error) {
	return c.listHandshakes(in, c.Caller.AccountID, func(h *handshake) bool { return h.Recipient == c.Caller.AccountID })
}
