package organizations

import (
	"time"

	"github.com/orgctl/orgctl/sandbox"
)

// advance applies every time-driven transition that is due at now:
// create-account requests finishing, policy types settling from
// PENDING_ENABLE / PENDING_DISABLE, and accounts going from PENDING_CLOSURE
// to CLOSED. Each depends only on the state (see sandbox.RunDue).
func advance(w *sandbox.State, st *state, now time.Time) {
	var events []sandbox.Event
	for _, r := range st.CreateRequests {
		if r.State == carInProgress && !r.DueAt.After(now) {
			events = append(events, sandbox.Event{Due: r.DueAt, Seq: r.Seq, Apply: func() { st.finishCreate(w, r) }})
		}
	}
	for typ, pt := range st.PolicyTypes {
		if pt.Status != statusEnabled && !pt.DueAt.After(now) {
			events = append(events, sandbox.Event{Due: pt.DueAt, Seq: pt.Seq, Apply: func() { st.settlePolicyType(typ) }})
		}
	}
	for _, a := range st.Accounts {
		if a.State == accountSuspended && !a.ClosedAt.IsZero() {
			a.State = accountClosed // closed by a sandbox older than the CLOSED state
		}
		if a.State == accountPendingClosure && !a.ClosureDueAt.After(now) {
			events = append(events, sandbox.Event{Due: a.ClosureDueAt, Seq: a.Seq, Apply: func() { a.State = accountClosed }})
		}
	}
	sandbox.RunDue(events)
}

// roleMaxSession is the MaxSessionDuration of the role CreateAccount makes.
const roleMaxSession = time.Hour

// finishCreate completes a create-account request with the outcome decided
// when it was made. A new account joins under the root, ACTIVE, with the
// default policies of the enabled policy types attached, and the role the
// request named, trusting the management account.
func (st *state) finishCreate(w *sandbox.State, r *createRequest) {
	if r.FailureReason != "" {
		r.State = carFailed
		return
	}
	r.State = carSucceeded
	st.Accounts[r.AccountID] = &account{
		ID: r.AccountID, Name: r.AccountName, Email: r.Email,
		ParentID: st.Root.ID, State: accountActive, JoinedMethod: "CREATED",
		JoinedAt: r.DueAt, Seq: r.Seq,
	}
	w.PutRole(r.AccountID, accountRole(st, r.RoleName, r.RoleID))
	if len(r.Tags) > 0 {
		st.Tags[r.AccountID] = append([]tag(nil), r.Tags...)
	}
	st.attachDefaults(r.AccountID)
}

// accountRole is the role CreateAccount makes in a new account.
func accountRole(st *state, name, id string) sandbox.Role {
	return sandbox.Role{Name: name, ID: id, Trusts: []string{st.mgmtID()}, MaxSession: sandbox.Duration(roleMaxSession)}
}

// settlePolicyType finishes enabling or disabling a policy type. Enabling a
// type with an AWS-managed default policy attaches it to the root, every OU
// and every account; disabling detaches every policy of the type.
func (st *state) settlePolicyType(typ string) {
	pt := st.PolicyTypes[typ]
	switch pt.Status {
	case statusPendingEnable:
		pt.Status = statusEnabled
		if def := policyTypes[typ].defaultPolicy; def != "" {
			st.attach(st.Root.ID, def)
			for _, ou := range st.sortedOUs(nil) {
				st.attach(ou.ID, def)
			}
			for _, a := range st.sortedAccounts(nil) {
				st.attach(a.ID, def)
			}
		}
	case statusPendingDisable:
		delete(st.PolicyTypes, typ)
		for target, ids := range st.Attachments {
			for _, id := range ids {
				if p := st.findPolicy(id); p != nil && p.Type == typ {
					st.detach(target, id)
				}
			}
		}
	}
}
