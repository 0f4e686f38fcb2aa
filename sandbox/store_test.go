package sandbox

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/orgctl/orgctl/sandbox/internal/sandboxtest/coretest"
)

func TestInitOpenReset(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	path := filepath.Join(dir, "state.json")
	sb, err := Open(path) // absent: initialized
	if err != nil {
		t.Fatal(err)
	}
	id := sb.ManagementAccountID()
	sb.Close()
	if _, err := Init(path); err == nil || !strings.Contains(err.Error(), "exists") {
		t.Errorf("Init on an existing file: %v", err)
	}
	sb, err = Open(path)
	if err != nil || sb.ManagementAccountID() != id {
		t.Fatalf("Open existing: %v", err)
	}
	sb.Close()
	sb, err = Reset(path)
	if err != nil || sb.ManagementAccountID() == id {
		t.Fatalf("Reset kept the world: %v", err)
	}
	sb.Close()
	if err := os.WriteFile(path, []byte("{not json"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := Open(path); err == nil || !strings.Contains(err.Error(), path) {
		t.Errorf("Open of a corrupt file: %v", err)
	}
	if err := os.WriteFile(path, []byte(`{"version":9}`), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := Open(path); err == nil || !strings.Contains(err.Error(), "unsupported state version 9") {
		t.Errorf("Open of a future version: %v", err)
	}
	if _, err := Init(filepath.Join(dir, "x.json"), fakeConfig.Option(func(s *fakeSettings) { s.Max = 0 })); err == nil {
		t.Error("Init accepted a setting the service refuses")
	}
}

func TestLock(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "state.json")
	sb, err := Init(path)
	if err != nil {
		t.Fatal(err)
	}
	for name, open := range map[string]func() (*Sandbox, error){
		"Open":  func() (*Sandbox, error) { return Open(path) },
		"Reset": func() (*Sandbox, error) { return Reset(path) },
	} {
		if _, err := open(); err == nil || !strings.Contains(err.Error(), "state file "+path+" is in use by another sandbox") {
			t.Errorf("%s while locked: %v", name, err)
		}
	}
	sb.Close()
	sb, err = Open(path)
	if err != nil {
		t.Fatalf("Open after Close: %v", err)
	}
	sb.Close()
}

func TestFailedWriteKeepsOldFile(t *testing.T) {
	t.Parallel()
	e := newFakeEnv(t)
	e.call("Put", `{"Name":"kept"}`)
	old, err := os.ReadFile(e.path)
	if err != nil {
		t.Fatal(err)
	}
	e.sb.mu.Lock()
	e.sb.store.rename = func(string, string) error { return errors.New("disk on fire") }
	e.sb.mu.Unlock()

	r := e.call("Put", `{"Name":"lost"}`)
	if got := r.json(t); r.status != 500 || got["__type"] != "FakeInternal" || !strings.Contains(got["Message"].(string), "disk on fire") {
		t.Errorf("write while the disk fails: %d %s, want the service's server fault", r.status, r.body)
	}
	if now, _ := os.ReadFile(e.path); !bytes.Equal(old, now) {
		t.Error("the state file changed although the write failed")
	}
	if leftovers, _ := filepath.Glob(e.path + ".tmp-*"); len(leftovers) != 0 {
		t.Errorf("temp files left: %v", leftovers)
	}
	// Memory was restored to what the file holds.
	if r := e.call("List", "{}"); !strings.Contains(r.body, `"Names":["kept"]`) {
		t.Errorf("after the failed write: %s", r.body)
	}
	e.sb.mu.Lock()
	e.sb.store.rename = os.Rename
	e.sb.mu.Unlock()
	e.call("Put", `{"Name":"saved"}`)
	if saved, _ := os.ReadFile(e.path); !bytes.Contains(saved, []byte(`"saved"`)) {
		t.Error("the next write was not saved")
	}
}

// A write that fails after changing the state changes nothing.
func TestFailedOperationChangesNothing(t *testing.T) {
	t.Parallel()
	e := newFakeEnv(t)
	before, _ := os.ReadFile(e.path)
	if r := e.call("Put", `{"Name":"half","Fail":true}`); r.status != 400 {
		t.Fatalf("%d %s", r.status, r.body)
	}
	after, _ := os.ReadFile(e.path)
	if !bytes.Equal(before, after) {
		t.Error("a failed write changed the file")
	}
	if r := e.call("Get", `{"Name":"half"}`); r.status != 404 {
		t.Errorf("a failed write changed memory: %s", r.body)
	}
}

func TestReadsNeverWrite(t *testing.T) {
	t.Parallel()
	e := newFakeEnv(t)
	e.call("Put", `{"Name":"a"}`)
	coretest.Unwritten(t, e.path, func() {
		e.clock.Advance(time.Minute)
		if r := e.call("Get", `{"Name":"a"}`); r.json(t)["Ready"] != true {
			t.Fatalf("the transition is not applied on read: %s", r.body)
		}
	})
}

func TestTransitionsSurviveRestart(t *testing.T) {
	t.Parallel()
	e := newFakeEnv(t, fakeConfig.Option(func(s *fakeSettings) { s.Delay = Duration(time.Minute) }))
	e.call("Put", `{"Name":"a"}`)
	e.reopen()
	if r := e.call("Get", `{"Name":"a"}`); r.json(t)["Ready"] != false {
		t.Errorf("ready before its time: %s", r.body)
	}
	e.clock.Advance(time.Minute)
	e.reopen()
	if r := e.call("Get", `{"Name":"a"}`); r.json(t)["Ready"] != true {
		t.Errorf("not ready after its time and a reopen: %s", r.body)
	}
}

func TestSettingsAreStored(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "state.json")
	max := func(n int) Option { return fakeConfig.Option(func(s *fakeSettings) { s.Max = n }) }
	effective := func(sb *Sandbox) (s fakeSettings) {
		sb.View(func(c *Call) { s = fakeConfig.Get(c) })
		return s
	}
	sb, err := Init(path, max(5))
	if err != nil {
		t.Fatal(err)
	}
	sb.Close()
	sb, err = Open(path, max(7))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(fakeSettings{Delay: Duration(time.Second), Max: 7}, effective(sb)); diff != "" {
		t.Errorf("Open's override (-want +got):\n%s", diff)
	}
	fakeConfig.Override(sb, func(s *fakeSettings) { s.Max++ })
	if got := effective(sb).Max; got != 8 {
		t.Errorf("after Override: %d, want 8", got)
	}
	sb.Close()
	sb, err = Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer sb.Close()
	if got := effective(sb).Max; got != 5 {
		t.Errorf("stored %d, want 5 (overrides are not stored)", got)
	}
}

// A state file keeps what this process does not know (a service of a newer
// build), and gets what it lacks (a service added since) fresh.
func TestUnknownSlicesAreKept(t *testing.T) {
	t.Parallel()
	e := newFakeEnv(t)
	e.call("Put", `{"Name":"a"}`)
	e.sb.Close()
	data, err := os.ReadFile(e.path)
	if err != nil {
		t.Fatal(err)
	}
	var f map[string]any
	if err := json.Unmarshal(data, &f); err != nil {
		t.Fatal(err)
	}
	f["services"].(map[string]any)["future"] = map[string]any{"x": 1.0}
	f["settings"].(map[string]any)["future"] = map[string]any{"y": "2s"}
	delete(f["services"].(map[string]any), "fake")
	data, _ = json.Marshal(f)
	if err := os.WriteFile(e.path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	e.reopen()
	if r := e.call("List", "{}"); strings.Contains(r.body, "Names") {
		t.Errorf("a missing slice is not fresh: %s", r.body)
	}
	e.call("Put", `{"Name":"b"}`)
	data, _ = os.ReadFile(e.path)
	f = nil
	_ = json.Unmarshal(data, &f)
	if !cmp.Equal(f["services"].(map[string]any)["future"], map[string]any{"x": 1.0}) ||
		!cmp.Equal(f["settings"].(map[string]any)["future"], map[string]any{"y": "2s"}) || f["version"] != 2.0 {
		t.Errorf("what this build does not know was not kept: %s", data)
	}
}

// A version-1 file that no registered slice migrates is refused rather
// than emptied; the migration itself is the migrating service's to test.
// Not parallel: it registers only the slices that do not migrate for a while.
func TestV1NeedsAMigratingSlice(t *testing.T) {
	regMu.Lock()
	saved := sliceDefs
	sliceDefs = nil
	for _, d := range saved {
		if d.fromV1 == nil {
			sliceDefs = append(sliceDefs, d)
		}
	}
	regMu.Unlock()
	defer func() {
		regMu.Lock()
		sliceDefs = saved
		regMu.Unlock()
	}()
	data := []byte(`{"version":1,"tokenKey":"k","organization":{"managementAccountId":"111111111111","adminAccessKeyId":"AKIAX"},
		"credentials":{"AKIAX":{"accessKeyId":"AKIAX","secretAccessKey":"s","accountId":"111111111111"}}}`)
	if _, err := decodeState(data); err == nil || !strings.Contains(err.Error(), "no registered service migrates it") {
		t.Errorf("a version-1 file nothing migrates: %v", err)
	}
}

// Settings can be named SERVICE.FIELD, as a command line names them; a
// name or value the services do not take is refused with the names.
func TestSettingsByName(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	sb, err := Init(filepath.Join(dir, "ok.json"), WithSetting("fake.delay", "300ms"), WithSetting("fake.max", "4"))
	if err != nil {
		t.Fatal(err)
	}
	var got fakeSettings
	sb.View(func(c *Call) { got = fakeConfig.Get(c) })
	sb.Close()
	if diff := cmp.Diff(fakeSettings{Delay: Duration(300 * time.Millisecond), Max: 4}, got); diff != "" {
		t.Errorf("settings (-want +got):\n%s", diff)
	}
	for _, tt := range []struct{ name, value, want string }{
		{"fake.dealy", "1s", "fake.delay"},
		{"nosuch.delay", "1s", "no such setting"},
		{"fake.max", `"many"`, "is not a value it takes"},
		{"fake.max", "0", "max must be at least 1"},
	} {
		if _, err := Init(filepath.Join(dir, tt.name+".json"), WithSetting(tt.name, tt.value)); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s=%s: want an error mentioning %q, got %v", tt.name, tt.value, tt.want, err)
		}
	}
	if names := SettingNames(); !slices.Contains(names, "fake.delay") || !slices.Contains(names, "fake.max") {
		t.Errorf("SettingNames() = %v", names)
	}
}
