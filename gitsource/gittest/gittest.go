// Package gittest builds real git repositories with go-git for tests:
// commits of whole file sets, branches and bare remotes.
package gittest

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/config"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/go-git/go-git/v5/plumbing/transport/client"
	"github.com/go-git/go-git/v5/plumbing/transport/server"
)

// go-git's file transport runs git-receive-pack; push in process instead.
func init() { client.InstallProtocol("file", server.NewClient(server.DefaultLoader)) }

// Repo is a repository with a work tree in a temporary directory.
type Repo struct {
	t    testing.TB
	Dir  string
	Repo *git.Repository
	n    int
}

// New creates an empty repository whose first branch is main.
func New(t testing.TB) *Repo {
	t.Helper()
	dir := t.TempDir()
	r, err := git.PlainInitWithOptions(dir, &git.PlainInitOptions{
		InitOptions: git.InitOptions{DefaultBranch: plumbing.NewBranchReferenceName("main")},
	})
	if err != nil {
		t.Fatal(err)
	}
	return &Repo{t: t, Dir: dir, Repo: r}
}

// Commit makes the work tree hold exactly files (name -> content; other
// files are removed), commits it on the current branch and returns the
// hash.
func (r *Repo) Commit(msg string, files map[string]string) string {
	r.t.Helper()
	wt, err := r.Repo.Worktree()
	if err != nil {
		r.t.Fatal(err)
	}
	entries, _ := os.ReadDir(r.Dir)
	for _, e := range entries {
		if e.Name() != ".git" {
			os.RemoveAll(filepath.Join(r.Dir, e.Name()))
		}
	}
	for name, content := range files {
		p := filepath.Join(r.Dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			r.t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			r.t.Fatal(err)
		}
	}
	if err := wt.AddWithOptions(&git.AddOptions{All: true}); err != nil {
		r.t.Fatal(err)
	}
	r.n++
	when := time.Date(2026, 1, 1, 0, 0, r.n, 0, time.UTC)
	h, err := wt.Commit(msg, &git.CommitOptions{
		All:               true,
		AllowEmptyCommits: true,
		Author:            &object.Signature{Name: "Test", Email: "test@example.com", When: when},
	})
	if err != nil {
		r.t.Fatal(err)
	}
	return h.String()
}

// Branch creates branch name at the current commit and checks it out.
func (r *Repo) Branch(name string) {
	r.t.Helper()
	wt, err := r.Repo.Worktree()
	if err != nil {
		r.t.Fatal(err)
	}
	if err := wt.Checkout(&git.CheckoutOptions{Branch: plumbing.NewBranchReferenceName(name), Create: true}); err != nil {
		r.t.Fatal(err)
	}
}

// Checkout switches to an existing branch.
func (r *Repo) Checkout(name string) {
	r.t.Helper()
	wt, err := r.Repo.Worktree()
	if err != nil {
		r.t.Fatal(err)
	}
	if err := wt.Checkout(&git.CheckoutOptions{Branch: plumbing.NewBranchReferenceName(name), Force: true}); err != nil {
		r.t.Fatal(err)
	}
}

// Tag creates a lightweight tag at the current commit.
func (r *Repo) Tag(name string) {
	r.t.Helper()
	head, err := r.Repo.Head()
	if err != nil {
		r.t.Fatal(err)
	}
	if _, err := r.Repo.CreateTag(name, head.Hash(), nil); err != nil {
		r.t.Fatal(err)
	}
}

// PushBare pushes every branch and tag to a new bare repository in a
// temporary directory and returns its file:// URL.
func (r *Repo) PushBare() string {
	r.t.Helper()
	dir := r.t.TempDir()
	_, err := git.PlainInitWithOptions(dir, &git.PlainInitOptions{
		Bare:        true,
		InitOptions: git.InitOptions{DefaultBranch: plumbing.NewBranchReferenceName("main")},
	})
	if err != nil {
		r.t.Fatal(err)
	}
	return r.PushTo(dir)
}

// PushTo pushes every branch and tag to the bare repository at dir and
// returns its file:// URL.
func (r *Repo) PushTo(dir string) string {
	r.t.Helper()
	url := "file://" + filepath.ToSlash(dir)
	remote, err := r.Repo.CreateRemoteAnonymous(&config.RemoteConfig{Name: "anonymous", URLs: []string{url}})
	if err != nil {
		r.t.Fatal(err)
	}
	err = remote.Push(&git.PushOptions{
		RemoteName: "anonymous",
		RefSpecs:   []config.RefSpec{"+refs/heads/*:refs/heads/*", "+refs/tags/*:refs/tags/*"},
	})
	if err != nil && err != git.NoErrAlreadyUpToDate {
		r.t.Fatal(err)
	}
	return url
}
