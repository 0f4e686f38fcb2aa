package sandbox

import (
	"sort"
	"time"
)

// advance applies every time-driven transition that is due at now, oldest
// first: create-account requests finishing, policy types settling from
// PENDING_ENABLE / PENDING_DISABLE, and accounts going from PENDING_CLOSURE to
// SUSPENDED. Each transition depends only on the state, never on randomness
// or on when advance runs, so running it on every read (without saving) and
// again after a restart gives the same world. It needs no goroutines.
func (st *state) advance(now time.Time) {
	type event struct {
		due   time.Time
		seq   int64
		apply func()
	}
	var events []event
	for _, r := range st.CreateRequests {
		if r.State == carInProgress && !r.DueAt.After(now) {
			events = append(events, event{r.DueAt, r.Seq, func() { st.finishCreate(r) }})
		}
	}
	for typ, pt := range st.PolicyTypes {
		if pt.Status != statusEnabled && !pt.DueAt.After(now) {
			events = append(events, event{pt.DueAt, pt.Seq, func() { st.settlePolicyType(typ) }})
		}
	}
	for _, a := range st.Accounts {
		if a.State == accountPendingClosure && !a.ClosureDueAt.After(now) {
			events = append(events, event{a.ClosureDueAt, a.Seq, func() { a.State = accountSuspended }})
		}
	}
	sort.Slice(events, func(i, j int) bool {
		if !events[i].due.Equal(events[j].due) {
			return events[i].due.Before(events[j].due)
		}
		return events[i].seq < events[j].seq
	})
	for _, e := range events {
		e.apply()
	}
}

// finishCreate completes a create-account request with the outcome decided
// when it was made. A new account joins under the root, ACTIVE, with the
// default policies of the enabled policy types attached.
func (st *state) finishCreate(r *createRequest) {
	if r.FailureReason != "" {
		r.State = carFailed
		return
	}
	r.State = carSucceeded
	st.Accounts[r.AccountID] = &account{
		ID: r.AccountID, Name: r.AccountName, Email: r.Email,
		ParentID: st.Root.ID, State: accountActive, JoinedMethod: "CREATED",
		JoinedAt: r.DueAt, RoleName: r.RoleName, RoleID: r.RoleID, Seq: r.Seq,
	}
	if len(r.Tags) > 0 {
		st.Tags[r.AccountID] = append([]tag(nil), r.Tags...)
	}
	st.attachDefaults(r.AccountID)
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
