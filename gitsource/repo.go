package gitsource

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"
	"sync"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/go-git/go-git/v5/plumbing/transport"
	"github.com/go-git/go-git/v5/plumbing/transport/client"
	githttp "github.com/go-git/go-git/v5/plumbing/transport/http"
	"github.com/go-git/go-git/v5/plumbing/transport/server"
	"github.com/go-git/go-git/v5/plumbing/transport/ssh"
	"github.com/go-git/go-git/v5/storage/memory"
)

// Repo is an opened repository: on disk, or a remote cloned into memory.
type Repo struct {
	// Location is the path or URL it was opened from, for messages.
	Location string
	repo     *git.Repository
}

// Options tune Open.
type Options struct {
	// Getenv reads the environment for credentials (TokenEnv,
	// GIT_USERNAME); nil means no credentials from it.
	Getenv func(string) string
}

// TokenEnv are the variables an https URL's token is taken from, the first
// set: orgctl's own, then the GitHub CLI's and GitHub Actions' names, so
// that a job that set one for gh need not set another for orgctl.
var TokenEnv = []string{"GIT_TOKEN", "GH_TOKEN", "GITHUB_TOKEN"}

var installFileServer sync.Once

// Open opens location: an existing directory is read in place (a work
// tree or a bare repository, never modified); anything else is a URL
// (https://, ssh://, user@host:path, file://) cloned into memory with
// every branch and tag, so any ref of the remote can be read.
func Open(ctx context.Context, location string, o Options) (*Repo, error) {
	if location == "" {
		return nil, errors.New("no repository given")
	}
	if st, err := os.Stat(location); err == nil && st.IsDir() {
		r, err := git.PlainOpenWithOptions(location, &git.PlainOpenOptions{DetectDotGit: true, EnableDotGitCommonDir: true})
		if err != nil {
			return nil, fmt.Errorf("git repository %s: %w", location, err)
		}
		return &Repo{Location: location, repo: r}, nil
	}
	// go-git's file transport runs git-upload-pack; serve file:// URLs
	// in process instead, so no git binary is needed.
	installFileServer.Do(func() { client.InstallProtocol("file", server.NewClient(server.DefaultLoader)) })
	auth, err := authFor(location, o.Getenv)
	if err != nil {
		return nil, fmt.Errorf("git repository %s: %w", location, err)
	}
	r, err := git.CloneContext(ctx, memory.NewStorage(), nil, &git.CloneOptions{
		URL: location, Auth: auth, Mirror: true, Tags: git.AllTags,
	})
	if err != nil {
		return nil, fmt.Errorf("cloning git repository %s: %w", location, err)
	}
	return &Repo{Location: location, repo: r}, nil
}

// authFor picks credentials by the URL's scheme: the SSH agent for SSH, a
// token from the environment for HTTP(S), none for files.
func authFor(url string, getenv func(string) string) (transport.AuthMethod, error) {
	if getenv == nil {
		getenv = func(string) string { return "" }
	}
	ep, err := transport.NewEndpoint(url)
	if err != nil {
		return nil, err
	}
	switch ep.Protocol {
	case "ssh":
		user := ep.User
		if user == "" {
			user = "git"
		}
		auth, err := ssh.NewSSHAgentAuth(user)
		if err != nil {
			return nil, fmt.Errorf("SSH URL but no SSH agent to authenticate with (is SSH_AUTH_SOCK set?): %w", err)
		}
		return auth, nil
	case "http", "https":
		token := ""
		for _, k := range TokenEnv {
			if token = getenv(k); token != "" {
				break
			}
		}
		if token == "" {
			return nil, nil // a public repository
		}
		user := getenv("GIT_USERNAME")
		if user == "" {
			user = "x-access-token" // what GitHub expects; GitLab accepts any
		}
		return &githttp.BasicAuth{Username: user, Password: token}, nil
	}
	return nil, nil
}

// Commit is one resolved commit.
type Commit struct {
	// Ref is the revision as the user gave it (HEAD, main, v1.2, a hash).
	Ref string
	// Hash is the full commit hash.
	Hash   string
	commit *object.Commit
	tree   *object.Tree
}

// Resolve finds the commit a revision names: HEAD, a branch, a tag, a
// (short) hash, or anything else go-git's revision syntax takes (main~1).
func (r *Repo) Resolve(ref string) (*Commit, error) {
	if ref == "" {
		ref = "HEAD"
	}
	h, err := r.repo.ResolveRevision(plumbing.Revision(ref))
	if err != nil {
		// A work tree's remote branches are under origin/.
		if h2, err2 := r.repo.ResolveRevision(plumbing.Revision("origin/" + ref)); err2 == nil {
			h, err = h2, nil
		}
	}
	if err != nil {
		return nil, fmt.Errorf("git repository %s: cannot resolve ref %q: %w", r.Location, ref, err)
	}
	c, err := r.repo.CommitObject(*h)
	if err != nil {
		return nil, fmt.Errorf("git repository %s: ref %q is not a commit: %w", r.Location, ref, err)
	}
	t, err := c.Tree()
	if err != nil {
		return nil, fmt.Errorf("git repository %s: reading the tree of %s: %w", r.Location, c.Hash, err)
	}
	return &Commit{Ref: ref, Hash: c.Hash.String(), commit: c, tree: t}, nil
}

// Short is the commit's abbreviated hash.
func (c *Commit) Short() string { return c.Hash[:12] }

// Describe names the commit for messages: "main (0123456789ab)".
func (c *Commit) Describe() string {
	if c.Ref == c.Hash || strings.HasPrefix(c.Hash, c.Ref) {
		return c.Short()
	}
	return fmt.Sprintf("%s (%s)", c.Ref, c.Short())
}

// FS returns the commit's tree as a read-only file system.
func (c *Commit) FS() fs.FS { return &treeFS{tree: c.tree, when: c.commit.Committer.When} }

// ReadFile returns a file's content at the commit; ok is false when the
// commit has no such file.
func (c *Commit) ReadFile(name string) (data []byte, ok bool, err error) {
	data, err = fs.ReadFile(c.FS(), name)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, false, nil
	}
	return data, err == nil, err
}

// Relation is how one commit stands to another in history.
type Relation int

const (
	Same Relation = iota
	// Ancestor: the commit is a strict ancestor of the other (older).
	Ancestor
	// Descendant: the other is a strict ancestor of the commit (newer).
	Descendant
	// Unrelated: neither contains the other (diverged branches).
	Unrelated
	// Unknown: the other commit is not in this repository.
	Unknown
)

// RelationTo says how c stands to the commit with hash other.
func (r *Repo) RelationTo(c *Commit, other string) (Relation, error) {
	if c.Hash == other {
		return Same, nil
	}
	oc, err := r.repo.CommitObject(plumbing.NewHash(other))
	if errors.Is(err, plumbing.ErrObjectNotFound) || !plumbing.IsHash(other) {
		return Unknown, nil
	}
	if err != nil {
		return Unknown, err
	}
	older, err := c.commit.IsAncestor(oc)
	if err != nil {
		return Unknown, err
	}
	if older {
		return Ancestor, nil
	}
	newer, err := oc.IsAncestor(c.commit)
	if err != nil {
		return Unknown, err
	}
	if newer {
		return Descendant, nil
	}
	return Unrelated, nil
}
