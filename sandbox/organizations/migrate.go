package organizations

import (
	"encoding/json"

	"github.com/orgctl/orgctl/sandbox"
)

// fromV1 reads the organization of a version-1 state file, in which it was
// the whole world. The slice keeps version 1's field names, so the document
// decodes as it is; what moved is what the core now owns: the roles
// CreateAccount made (then fields of each account) become the core's roles,
// trusting the management account, and closed accounts are closed there
// too. Version 1's settings were all Organizations'.
func fromV1(w *sandbox.State, data []byte) (*state, error) {
	var st state
	if err := json.Unmarshal(data, &st); err != nil {
		return nil, err
	}
	if err := st.Check(); err != nil {
		return nil, err
	}
	var v1 struct {
		Settings json.RawMessage `json:"settings"`
		Accounts map[string]struct {
			RoleName string `json:"roleName"`
			RoleID   string `json:"roleId"`
		} `json:"accounts"`
	}
	if err := json.Unmarshal(data, &v1); err != nil {
		return nil, err
	}
	for _, a := range st.sortedAccounts(nil) {
		if r := v1.Accounts[a.ID]; r.RoleName != "" {
			w.PutRole(a.ID, accountRole(&st, r.RoleName, r.RoleID))
		}
		if !a.ClosedAt.IsZero() {
			w.CloseAccount(a.ID, a.ClosedAt)
		}
	}
	if v1.Settings != nil {
		// Over the defaults: version 1 knew fewer settings.
		set := defaultSettings
		if err := json.Unmarshal(v1.Settings, &set); err != nil {
			return nil, err
		}
		if err := checkSettings(&set); err != nil {
			return nil, err
		}
		*stored.Stored(w) = set
	}
	return &st, nil
}
