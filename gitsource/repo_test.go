package gitsource_test

import (
	"context"
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/orgctl/orgctl/gitsource"
	"github.com/orgctl/orgctl/gitsource/gittest"
)

func TestTreeFS(t *testing.T) {
	r := gittest.New(t)
	r.Commit("one", map[string]string{
		"org.yaml":              "version: 1\n",
		"accounts/a.yaml":       "accounts: []\n",
		"accounts/b.yaml":       "accounts: []\n",
		"policies/deep/x.json":  "{}",
		"policies/deep/y.json":  "[]",
		"policies/top-level.md": "hi",
	})
	repo, err := gitsource.Open(context.Background(), r.Dir, gitsource.Options{})
	if err != nil {
		t.Fatal(err)
	}
	c, err := repo.Resolve("HEAD")
	if err != nil {
		t.Fatal(err)
	}
	if err := fstest.TestFS(c.FS(), "org.yaml", "accounts/a.yaml", "accounts/b.yaml", "policies/deep/x.json"); err != nil {
		t.Fatal(err)
	}
	got, _ := fs.Glob(c.FS(), "accounts/*.yaml")
	if strings.Join(got, ",") != "accounts/a.yaml,accounts/b.yaml" {
		t.Errorf("glob = %v", got)
	}
	if _, ok, _ := c.ReadFile("missing.yaml"); ok {
		t.Error("ReadFile found a file the commit does not have")
	}
}

func TestResolveAndRelation(t *testing.T) {
	r := gittest.New(t)
	first := r.Commit("first", map[string]string{"org.yaml": "a\n"})
	second := r.Commit("second", map[string]string{"org.yaml": "b\n"})
	r.Tag("v2")
	r.Branch("feature")
	side := r.Commit("side", map[string]string{"org.yaml": "side\n"})
	r.Checkout("main")
	third := r.Commit("third", map[string]string{"org.yaml": "c\n"})
	url := r.PushBare()

	for _, loc := range []string{r.Dir, url} {
		t.Run(strings.SplitN(loc, ":", 2)[0], func(t *testing.T) {
			repo, err := gitsource.Open(context.Background(), loc, gitsource.Options{})
			if err != nil {
				t.Fatal(err)
			}
			for ref, want := range map[string]string{"HEAD": third, "main": third, "feature": side, "v2": second, first[:10]: first, "main~2": first} {
				c, err := repo.Resolve(ref)
				if err != nil {
					t.Fatalf("Resolve(%q): %v", ref, err)
				}
				if c.Hash != want {
					t.Errorf("Resolve(%q) = %s, want %s", ref, c.Hash, want)
				}
			}
			if _, err := repo.Resolve("nope"); err == nil || !strings.Contains(err.Error(), `"nope"`) || !strings.Contains(err.Error(), loc) {
				t.Errorf("Resolve(nope) error %v should name the ref and the repository", err)
			}
			tests := []struct {
				name       string
				ref, other string
				want       gitsource.Relation
			}{
				{"same", "main", third, gitsource.Same},
				{"older", "v2", third, gitsource.Ancestor},
				{"first is older than third", first, third, gitsource.Ancestor},
				{"newer", "main", second, gitsource.Descendant},
				{"diverged", "feature", third, gitsource.Unrelated},
				{"not in the repository", "main", strings.Repeat("ab", 20), gitsource.Unknown},
				{"not a hash", "main", "local", gitsource.Unknown},
			}
			for _, tt := range tests {
				c, err := repo.Resolve(tt.ref)
				if err != nil {
					t.Fatal(err)
				}
				got, err := repo.RelationTo(c, tt.other)
				if err != nil {
					t.Fatal(err)
				}
				if got != tt.want {
					t.Errorf("%s: RelationTo = %v, want %v", tt.name, got, tt.want)
				}
			}
		})
	}
}

func TestOpenErrors(t *testing.T) {
	_, err := gitsource.Open(context.Background(), "file:///nonexistent/repo.git", gitsource.Options{})
	if err == nil || !strings.Contains(err.Error(), "file:///nonexistent/repo.git") {
		t.Errorf("Open of a missing repository: %v", err)
	}
	_, err = gitsource.Open(context.Background(), t.TempDir(), gitsource.Options{})
	if err == nil {
		t.Error("Open of a directory without a repository succeeded")
	}
}
