package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"
)

// wantIn checks that s holds every one of wants.
func wantIn(t *testing.T, r result, s string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(s, w) {
			t.Errorf("output lacks %q:\n%s", w, r)
		}
	}
}

// An apply from files on disk while git's commit is live warns, then
// records that the commit is no longer live; plans say so until the next
// apply from git, and an older commit is still refused.
func TestE2EApplyFromDiskOverridesTheLiveCommit(t *testing.T) {
	t.Parallel()
	h := newHistory(t)
	sb := "--sandbox=" + filepath.Join(t.TempDir(), "sandbox.json")
	at := func(ref string, args ...string) []string {
		return append([]string{sb, "--git-repo", h.url, "--git-ref", ref}, args...)
	}
	r := run(t, nil, at("main", "apply", "--auto-approve")...)
	wantCode(t, r, 0, "apply main")

	// The files on disk add OU Sandbox to main's spec.
	disk := writeSpec(t, specFiles([]string{"Prod", "Dev", "Sandbox"}, denyLeave2))
	live := "commit " + h.c2[:12] + " (main, applied "
	for _, cmd := range [][]string{{"plan"}, {"drift"}, {"plan", "--format", "markdown"}} {
		r = run(t, nil, append([]string{sb}, append(cmd, "-f", disk)...)...)
		if r.code == 1 {
			t.Fatalf("%v from disk: %s", cmd, r)
		}
		wantIn(t, r, r.stdout, "The spec was read from files on disk, but "+live, "applying this plan overrides what git applied")
	}
	if i, j := strings.Index(r.stdout, "files on disk"), strings.Index(r.stdout, "| Kind"); !strings.HasPrefix(r.stdout, "### orgctl plan\n\n> [!WARNING]\n") || i > j {
		t.Errorf("the Markdown plan does not open with the warning:\n%s", r)
	}

	r = run(t, nil, sb, "apply", "-f", disk, "--auto-approve")
	wantCode(t, r, 0, "apply from disk")
	wantIn(t, r, r.stdout, "Warning: The spec was read from files on disk, but "+live,
		"Commit "+h.c2[:12]+" is no longer recorded as live: this apply from files on disk changed what git applied")

	// Plans no longer name main's commit as live.
	r = run(t, nil, at("main", "plan")...)
	wantCode(t, r, 0, "plan of main after the override")
	wantIn(t, r, r.stdout, "Live commit: none: an apply from files on disk at ", "overrode commit "+h.c2[:12]+" (main)",
		"Warning: No commit is live: an apply from files on disk at ")
	if strings.Contains(r.stdout, "Live commit: "+h.c2[:12]) {
		t.Errorf("the plan still names the overridden commit live:\n%s", r)
	}

	// An older commit than the one git applied last is still refused.
	r = run(t, nil, at(h.c1, "apply", "--auto-approve", "--allow-destroy")...)
	wantCode(t, r, 1, "apply an older commit after the override")
	wantIn(t, r, r.stderr, "commit "+h.c1[:12]+" is older than commit "+h.c2[:12]+" (main), the last one applied from git", "--allow-older")

	// The next apply from git records a live commit again.
	r = run(t, nil, at("main", "apply", "--auto-approve", "--allow-destroy")...)
	wantCode(t, r, 0, "apply main again")
	wantIn(t, r, r.stdout, "Recorded commit "+h.c2[:12]+" as live.")
	r = run(t, nil, at("main", "plan")...)
	wantIn(t, r, r.stdout, "Live commit: "+h.c2[:12]+" (main), applied ", "No changes.")
	if strings.Contains(r.stdout, "Warning") {
		t.Errorf("warnings after the record was restored:\n%s", r)
	}
}

// merge commits the files as a merge of the current branch with other,
// as GitHub makes refs/pull/N/merge, and returns its hash.
func merge(t *testing.T, h *history, other string, files map[string]string) string {
	t.Helper()
	for name, content := range files {
		p := filepath.Join(h.repo.Dir, filepath.FromSlash(name))
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	wt, err := h.repo.Repo.Worktree()
	if err != nil {
		t.Fatal(err)
	}
	if err := wt.AddWithOptions(&git.AddOptions{All: true}); err != nil {
		t.Fatal(err)
	}
	head, err := h.repo.Repo.Head()
	if err != nil {
		t.Fatal(err)
	}
	sig := &object.Signature{Name: "Test", Email: "test@example.com", When: time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC)}
	c, err := wt.Commit("merge", &git.CommitOptions{Author: sig, Parents: []plumbing.Hash{head.Hash(), plumbing.NewHash(other)}})
	if err != nil {
		t.Fatal(err)
	}
	return c.String()
}

// A pull request's branch behind main plans to undo what main applied:
// its plan says so at the top, naming both commits. The merge result,
// which the example workflow plans, does not.
func TestE2EPlanOfABranchBehindTheLiveCommit(t *testing.T) {
	t.Parallel()
	h := newHistory(t) // feature (c3) branched from main at c2
	h.repo.Checkout("main")
	c4 := h.repo.Commit("Audit", specFiles([]string{"Prod", "Dev", "Audit"}, denyLeave2))
	sb := "--sandbox=" + filepath.Join(t.TempDir(), "sandbox.json")
	repo := []string{sb, "--git-repo", h.repo.Dir}
	r := run(t, nil, append(repo, "--git-ref", "main", "apply", "--auto-approve")...)
	wantCode(t, r, 0, "apply main")

	behind := "Commit feature (" + h.c3[:12] + ") does not contain the live commit " + c4[:12] + " (main, applied "
	r = run(t, nil, append(repo, "--git-ref", "feature", "plan")...)
	wantCode(t, r, 0, "plan of the branch")
	wantIn(t, r, r.stdout, "Warning: "+behind, "would undo what "+c4[:12]+" applied that "+h.c3[:12]+" lacks")
	if strings.Index(r.stdout, behind) > strings.Index(r.stdout, "orgctl will make these changes") {
		t.Errorf("the warning is not above the plan:\n%s", r)
	}
	r = run(t, nil, append(repo, "--git-ref", "feature", "plan", "--format", "markdown")...)
	wantCode(t, r, 0, "Markdown plan of the branch")
	if !strings.HasPrefix(r.stdout, "### orgctl plan\n\n> [!WARNING]\n> "+behind) {
		t.Errorf("the Markdown plan does not open with the warning:\n%s", r)
	}

	// The merge result holds both: only the branch's change, no warning.
	m := merge(t, h, h.c3, specFiles([]string{"Prod", "Dev", "Audit", "Sandbox"}, denyLeave2))
	r = run(t, nil, append(repo, "--git-ref", m, "plan", "--git-base", m+"^1", "--format", "markdown")...)
	wantCode(t, r, 0, "plan of the merge result")
	wantIn(t, r, r.stdout, "`+` | ou | `Sandbox`")
	wantIn(t, r, r.stderr, "+  - name: Sandbox")
	if strings.Contains(r.stdout, "WARNING") || strings.Contains(r.stdout, "Audit") || strings.Contains(r.stderr, "-  - name: Audit") {
		t.Errorf("the merge result's plan warns, or undoes or shows main's change:\n%s", r)
	}
}
