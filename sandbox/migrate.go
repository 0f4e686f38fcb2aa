package sandbox

import (
	"encoding/json"
	"fmt"
	"time"
)

// Version 1 of the state file was one flat document: the old core's token
// key, credentials and admin key (under "organization") beside a single
// service's world. migrateV1 keeps the core's part as the identity and
// hands the whole document to every slice that can read it (FromV1); the
// other slices start fresh. The result is written as version 2 by the next
// write; until then the file stays as it was.

func migrateV1(data []byte) (*State, error) {
	var v1 struct {
		TokenKey string `json:"tokenKey"`
		Org      struct {
			Account    string `json:"managementAccountId"`
			AdminKeyID string `json:"adminAccessKeyId"`
		} `json:"organization"`
		Credentials map[string]*Credential `json:"credentials"`
	}
	if err := json.Unmarshal(data, &v1); err != nil {
		return nil, err
	}
	id := &identity{AdminKeyID: v1.Org.AdminKeyID, Account: v1.Org.Account, Credentials: v1.Credentials}
	if id.Credentials == nil {
		id.Credentials = map[string]*Credential{}
	}
	if err := id.check(); err != nil || v1.TokenKey == "" {
		return nil, fmt.Errorf("version-1 state has no organization")
	}
	st := &State{version: stateVersion, tokenKey: v1.TokenKey, identity: id,
		slices: map[string]any{}, settings: freshSettings(nil)}
	migrated := false
	for _, d := range registeredSlices() {
		if d.fromV1 == nil {
			st.slices[d.key] = d.fresh(st, time.Time{})
			continue
		}
		v, err := d.fromV1(st, data)
		if err != nil {
			return nil, fmt.Errorf("migrating version 1 (%s): %w", d.key, err)
		}
		st.slices[d.key] = v
		migrated = true
	}
	if !migrated {
		// Saving would drop the world the file holds.
		return nil, fmt.Errorf("version-1 state: no registered service migrates it (import the service package that does)")
	}
	return st, nil
}

// fileVersion is the version a state file declares, 0 if unreadable.
func fileVersion(data []byte) int {
	var head struct {
		Version int `json:"version"`
	}
	_ = json.Unmarshal(data, &head)
	return head.Version
}
