package organizations

// What other services need of the organization's tree: the root, OUs and
// accounts by ID and their parents (Security Hub associates configuration
// policies with them, and a target inherits its parent's).

// RootID is the root's ID (r-...).
func (o *Org) RootID() string { return o.st.Root.ID }

// IsOU reports whether id is an OU of the organization.
func (o *Org) IsOU(id string) bool { return o.st.OUs[id] != nil }

// ParentOf returns the ID of the parent of an OU or account, or "" for
// the root and IDs the organization does not know.
func (o *Org) ParentOf(id string) string {
	if ou := o.st.OUs[id]; ou != nil {
		return ou.ParentID
	}
	if a := o.st.Accounts[id]; a != nil {
		return a.ParentID
	}
	return ""
}

// OUIDs lists the OUs' IDs, oldest first.
func (o *Org) OUIDs() []string {
	ous := o.st.sortedOUs(nil)
	out := make([]string, len(ous))
	for i, ou := range ous {
		out[i] = ou.ID
	}
	return out
}

// AccountIDs lists the accounts' IDs, the management account included,
// oldest first.
func (o *Org) AccountIDs() []string {
	as := o.st.sortedAccounts(nil)
	out := make([]string, len(as))
	for i, a := range as {
		out[i] = a.ID
	}
	return out
}
