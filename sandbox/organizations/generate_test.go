package organizations

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
	"unicode"

	"github.com/aws/aws-sdk-go-v2/service/organizations"
	"github.com/google/go-cmp/cmp"

	"github.com/orgctl/orgctl/sandbox"
	"github.com/orgctl/orgctl/sandbox/internal/sandboxtest"
)

var ownerTag = map[string]string{"managed-by": "orgctl"}

func generated(t *testing.T, o GenerateOptions) (*sandbox.Sandbox, *Generated) {
	t.Helper()
	sb, err := sandbox.Init(filepath.Join(t.TempDir(), "state.json"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sb.Close() })
	g, err := Generate(sb, o)
	if err != nil {
		t.Fatalf("Generate: %v", err)
	}
	return sb, g
}

// view describes an organization by names only, as a spec would: two
// sandboxes (whose roots have different IDs) compare equal when they hold
// the same organization.
func view(st *state) []string {
	name := func(id string) string {
		switch {
		case id == st.Root.ID:
			return "root"
		case st.OUs[id] != nil:
			var parts []string
			for p := id; p != st.Root.ID; p = st.OUs[p].ParentID {
				parts = append([]string{st.OUs[p].Name}, parts...)
			}
			return "ou:" + strings.Join(parts, "/")
		case st.Accounts[id] != nil:
			return "account:" + st.Accounts[id].Email
		}
		if p := st.findPolicy(id); p != nil {
			return "policy:" + p.Name
		}
		return id
	}
	var out []string
	for id, tags := range st.Tags {
		b, _ := json.Marshal(tags)
		out = append(out, fmt.Sprintf("tags %s %s", name(id), b))
	}
	for target, ids := range st.Attachments {
		for _, id := range ids {
			out = append(out, fmt.Sprintf("attach %s %s", name(id), name(target)))
		}
	}
	for _, p := range st.Policies {
		out = append(out, fmt.Sprintf("policy %s %s %q %s", p.Type, p.Name, p.Description, p.Content))
	}
	for _, a := range st.Accounts {
		if a.ID != st.mgmtID() {
			out = append(out, fmt.Sprintf("account %s %s %q in %s", a.ID, a.Email, a.Name, name(a.ParentID)))
		}
	}
	for p := range st.ServiceAccess {
		out = append(out, "trusted "+p)
	}
	for t := range st.PolicyTypes {
		out = append(out, "type "+t)
	}
	sort.Strings(out)
	return out
}

func TestGenerateIsDeterministic(t *testing.T) {
	t.Parallel()
	o := GenerateOptions{Accounts: 80, OUs: 12, Policies: 10, Seed: 42, Tags: ownerTag}
	a, _ := generated(t, o)
	b, _ := generated(t, o)
	if diff := cmp.Diff(view(orgState(a)), view(orgState(b))); diff != "" {
		t.Fatalf("the same seed gave different organizations (-a +b):\n%s", diff)
	}
	o.Seed = 43
	c, _ := generated(t, o)
	if cmp.Equal(view(orgState(a)), view(orgState(c))) {
		t.Fatal("seeds 42 and 43 gave the same organization")
	}
}

// The generated organization keeps AWS's rules and has the shape the
// benchmarks and round-trip tests need.
func TestGenerateShape(t *testing.T) {
	t.Parallel()
	const accounts, ous, policies = 400, 40, 30
	sb, g := generated(t, GenerateOptions{Accounts: accounts, OUs: ous, Policies: policies, Seed: 7, Tags: ownerTag})
	st := orgState(sb)
	if g.Accounts != accounts || g.OUs != ous || g.Policies != policies || len(st.Accounts) != accounts+1 ||
		len(st.OUs) != ous || len(st.Policies) != policies {
		t.Fatalf("counts: %+v, state has %d accounts, %d OUs, %d policies", g, len(st.Accounts), len(st.OUs), len(st.Policies))
	}
	var quota int
	sb.View(func(c *sandbox.Call) { quota = stored.Get(c).MaxAccounts })
	if quota < accounts+1 {
		t.Errorf("account quota %d is below the %d accounts", quota, accounts+1)
	}

	// Depth: never past five, and five is reached.
	deepest := 0
	for id := range st.OUs {
		deepest = max(deepest, st.ouDepth(id))
	}
	if deepest != 5 || g.MaxDepth != 5 {
		t.Errorf("deepest OU is %d levels down (reported %d), want 5", deepest, g.MaxDepth)
	}

	// Uneven spread: some OUs empty, one holding far more than its share.
	perParent := map[string]int{}
	for _, a := range st.Accounts {
		perParent[a.ParentID]++
	}
	empty, most := 0, 0
	for id := range st.OUs {
		if perParent[id] == 0 {
			empty++
		}
		most = max(most, perParent[id])
	}
	if empty == 0 || most < 3*accounts/(ous+1) {
		t.Errorf("accounts are spread too evenly: %d empty OUs, at most %d in one", empty, most)
	}

	// Limits per target, and every type attached at every level.
	levels := map[string]map[string]bool{} // type -> levels it is attached at
	for target, ids := range st.Attachments {
		level := "account"
		if target == st.Root.ID {
			level = "root"
		} else if st.OUs[target] != nil {
			level = fmt.Sprintf("ou%d", st.ouDepth(target))
		}
		count := map[string]int{}
		for _, id := range ids {
			p := st.findPolicy(id)
			count[p.Type]++
			if !p.AWSManaged {
				if levels[p.Type] == nil {
					levels[p.Type] = map[string]bool{}
				}
				levels[p.Type][level] = true
			}
		}
		for typ, n := range count {
			if n > policyTypes[typ].maxPerTarget {
				t.Errorf("%s has %d policies of type %s; AWS allows %d", target, n, typ, policyTypes[typ].maxPerTarget)
			}
		}
		if count["SERVICE_CONTROL_POLICY"] < 1 {
			t.Errorf("%s has no SCP attached; AWS keeps at least one", target)
		}
	}
	for _, typ := range DefaultGeneratePolicyTypes {
		for _, level := range []string{"root", "ou1", "ou2", "ou3", "ou4", "ou5", "account"} {
			if !levels[typ][level] {
				t.Errorf("no %s attached at level %s", typ, level)
			}
		}
	}

	// Tags: the owner's on everything generated, odd characters present,
	// all within AWS's rules.
	odd := map[string]bool{}
	for id, tags := range st.Tags {
		if len(tags) > maxTags {
			t.Errorf("%s has %d tags", id, len(tags))
		}
		for _, tg := range tags {
			if !reTagText.MatchString(tg.Key) || !reTagText.MatchString(tg.Value) || tg.Key == "" {
				t.Errorf("%s: tag %q=%q breaks AWS's rules", id, tg.Key, tg.Value)
			}
			for _, r := range tg.Key + tg.Value {
				switch {
				case r > unicode.MaxASCII:
					odd["unicode"] = true
				case strings.ContainsRune(" +-=._:/@", r):
					odd[string(r)] = true
				}
			}
		}
	}
	for _, want := range []string{"unicode", " ", "+", "-", "=", ".", "_", ":", "/", "@"} {
		if !odd[want] {
			t.Errorf("no tag uses %q", want)
		}
	}
	owned := func(id string) bool {
		return slices.Contains(st.Tags[id], tag{Key: "managed-by", Value: "orgctl"})
	}
	for id := range st.OUs {
		if !owned(id) {
			t.Errorf("OU %s lacks the owner's tag", id)
		}
	}
	for id := range st.Policies {
		if !owned(id) {
			t.Errorf("policy %s lacks the owner's tag", id)
		}
	}
	for id := range st.Accounts {
		if id != st.mgmtID() && !owned(id) {
			t.Errorf("account %s lacks the owner's tag", id)
		}
	}
	for _, p := range st.Policies {
		if e := checkContent(p.Type, p.Content); e != nil {
			t.Errorf("policy %s: document refused: %v", p.Name, e.Message)
		}
	}
}

// What Generate writes is on disk and served like anything else.
func TestGenerateIsSavedAndServed(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "state.json")
	sb, err := sandbox.Init(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Generate(sb, GenerateOptions{Accounts: 45, OUs: 6, Policies: 5, Seed: 1}); err != nil {
		t.Fatal(err)
	}
	want := view(orgState(sb))
	sb.Close()
	e := &env{sandboxtest.Open(t, path, nil)} // the real clock, as Generate had
	if diff := cmp.Diff(want, view(orgState(e.SB))); diff != "" {
		t.Fatalf("reopened state differs (-generated +reopened):\n%s", diff)
	}
	n := 0
	pg := organizations.NewListAccountsPaginator(e.Org, &organizations.ListAccountsInput{})
	for pg.HasMorePages() {
		out, err := pg.NextPage(e.Ctx)
		if err != nil {
			t.Fatal(err)
		}
		n += len(out.Accounts)
	}
	if n != 46 {
		t.Errorf("ListAccounts lists %d accounts, want 46", n)
	}
	// A generated organization is not new: generating again is refused.
	if _, err := Generate(e.SB, GenerateOptions{Accounts: 1, Seed: 1}); err == nil || !strings.Contains(err.Error(), "reset") {
		t.Errorf("generating over an organization: %v", err)
	}
}

func TestGenerateRefusesBadOptions(t *testing.T) {
	t.Parallel()
	sb, err := sandbox.Init(filepath.Join(t.TempDir(), "state.json"))
	if err != nil {
		t.Fatal(err)
	}
	defer sb.Close()
	for _, o := range []GenerateOptions{
		{Accounts: -1},
		{OUs: maxGenerateOUs + 1},
		{Policies: -3},
		{PolicyTypes: []string{"NOT_A_TYPE"}},
		{PolicyTypes: []string{"INSPECTOR_POLICY"}},
		{Tags: map[string]string{"bad#key": "x"}},
	} {
		if _, err := Generate(sb, o); err == nil {
			t.Errorf("Generate(%+v) accepted", o)
		}
	}
	if st := orgState(sb); len(st.Accounts) != 1 || len(st.OUs) != 0 {
		t.Error("a refused Generate changed the state")
	}
}

func BenchmarkGenerate10000(b *testing.B) {
	for b.Loop() {
		b.StopTimer()
		sb, err := sandbox.Init(filepath.Join(b.TempDir(), "state.json"))
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		if _, err := Generate(sb, GenerateOptions{Accounts: 10000, OUs: 500, Policies: 300, Seed: 1, Tags: ownerTag}); err != nil {
			b.Fatal(err)
		}
		sb.Close()
	}
}
