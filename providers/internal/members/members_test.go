package members_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/orgctl/orgctl/engine"
	"github.com/orgctl/orgctl/providers"
	"github.com/orgctl/orgctl/providers/internal/members"
	orgp "github.com/orgctl/orgctl/providers/organizations"
	"github.com/orgctl/orgctl/providers/providertest"
)

func TestActiveAndMissing(t *testing.T) {
	t.Parallel()
	sb := providertest.NewSandbox(t)
	env := providertest.Env(sb.Cfg, providers.Settings{HomeRegion: "us-east-1", Regions: []string{"us-east-1"}})
	providertest.Runner{T: t, NewProviders: func() []engine.Provider { return []engine.Provider{orgp.New(env)} }}.Apply(map[string]string{"org.yaml": `version: 1
accounts:
  - {name: a, email: a@example.com}
  - {name: b, email: b@example.com}
  - {name: gone, email: gone@example.com, closed: true}
`}, true)
	all, err := members.Active(context.Background(), sb.Cfg)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	ids := map[string]string{}
	for _, a := range all {
		names = append(names, a.Name)
		ids[a.Name] = a.ID
	}
	slices.Sort(names)
	if strings.Join(names, ",") != "a,b,management" {
		t.Fatalf("active accounts = %v, want the management account, a and b (gone is closed)", names)
	}
	missing := members.Missing(all, map[string]bool{ids["a"]: true}, ids["management"])
	if len(missing) != 1 || missing[0].Name != "b" {
		t.Errorf("missing = %v, want b alone (a is enrolled, the administrator skipped)", missing)
	}
}

func TestState(t *testing.T) {
	if got := members.State(120, 120); got != members.All {
		t.Errorf("all enrolled = %q", got)
	}
	if got := members.State(37, 120); got != "37 of 120 accounts enrolled" {
		t.Errorf("partial = %q", got)
	}
}

// Enrol tries every account, in batches, and names each that failed.
func TestEnrol(t *testing.T) {
	var accounts []members.Account
	for _, id := range []string{"1", "2", "3", "4", "5"} {
		accounts = append(accounts, members.Account{ID: id, Name: "acct-" + id})
	}
	var mu sync.Mutex
	var seen []string
	err := members.Enrol(context.Background(), accounts, 2, 2, func(_ context.Context, batch []members.Account) (map[string]string, error) {
		mu.Lock()
		defer mu.Unlock()
		for _, a := range batch {
			seen = append(seen, a.ID)
		}
		if batch[0].ID == "5" {
			return nil, errors.New("AccessDeniedException: no")
		}
		return map[string]string{"2": "the account is suspended"}, nil
	})
	if len(seen) != 5 {
		t.Errorf("tried %v, want all five", seen)
	}
	for _, want := range []string{"2 of 5 accounts not enrolled", "acct-2 (2): the account is suspended", "acct-5 (5): AccessDeniedException: no"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("want %q in %v", want, err)
		}
	}
	if err := members.Enrol(context.Background(), nil, 1, 1, nil); err != nil {
		t.Errorf("nothing to enrol: %v", err)
	}
}
