package main

import (
	"bufio"
	"bytes"
	"os/exec"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/orgctl/orgctl/gitsource/gittest"
)

// proc is an orgctl running in the background whose stderr is watched.
type proc struct {
	cmd    *exec.Cmd
	mu     sync.Mutex
	stdout bytes.Buffer
	stderr bytes.Buffer
	lines  chan string
	done   chan struct{}
}

func start(t *testing.T, env []string, args ...string) *proc {
	t.Helper()
	p := &proc{cmd: exec.Command(orgctlBin, args...), lines: make(chan string, 1000), done: make(chan struct{})}
	p.cmd.Dir = repoRoot
	p.cmd.Env = append(baseEnv(t), env...)
	p.cmd.Stdout = &p.stdout
	errPipe, err := p.cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		sc := bufio.NewScanner(errPipe)
		for sc.Scan() {
			p.mu.Lock()
			p.stderr.WriteString(sc.Text() + "\n")
			p.mu.Unlock()
			select {
			case p.lines <- sc.Text():
			default:
			}
		}
		close(p.lines)
	}()
	t.Cleanup(func() { p.cmd.Process.Kill(); p.wait() })
	return p
}

// waitFor returns the first submatches of re in a stderr line.
func (p *proc) waitFor(t *testing.T, re *regexp.Regexp) []string {
	t.Helper()
	deadline := time.After(2 * time.Minute)
	for {
		select {
		case line, ok := <-p.lines:
			if !ok {
				t.Fatalf("orgctl ended before printing %s:\n%s", re, p.err())
			}
			if m := re.FindStringSubmatch(line); m != nil {
				return m
			}
		case <-deadline:
			t.Fatalf("orgctl did not print %s:\n%s", re, p.err())
		}
	}
}

func (p *proc) err() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.stderr.String()
}

// wait waits for the process and returns its result.
func (p *proc) wait() result {
	err := p.cmd.Wait()
	for range p.lines {
	}
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	}
	return result{code, p.stdout.String(), p.err()}
}

var (
	acquiredRE = regexp.MustCompile(`^Acquired the apply lock (p-\S+) at (\S+)\.$`)
	releasedRE = regexp.MustCompile(`^Released the apply lock (p-\S+) at (\S+)\.$`)
)

// lockSpan is when one process held the lock, by its own messages.
type lockSpan struct {
	id         string
	start, end time.Time
}

func spanOf(t *testing.T, r result) lockSpan {
	t.Helper()
	var s lockSpan
	for _, line := range strings.Split(r.stderr, "\n") {
		if m := acquiredRE.FindStringSubmatch(line); m != nil {
			s.id = m[1]
			s.start, _ = time.Parse(time.RFC3339Nano, m[2])
		}
		if m := releasedRE.FindStringSubmatch(line); m != nil && m[1] == s.id {
			s.end, _ = time.Parse(time.RFC3339Nano, m[2])
		}
	}
	if s.id == "" || s.start.IsZero() || s.end.IsZero() {
		t.Fatalf("no lock taken and released:\n%s", r)
	}
	return s
}

// Two applies race against one sandbox: each holds the lock in turn, never
// both at once, and the organization ends at the later commit whichever
// wins: either the older one goes first and the newer follows, or the
// newer goes first and the older is refused.
func TestE2EConcurrentAppliesTakeTurns(t *testing.T) {
	t.Parallel()
	awsCLI(t)
	h := newHistory(t)
	srv := serve(t, t.TempDir()+"/sandbox.json")
	// Quick heartbeats, so they run during the applies.
	env := append(srv.env, "ORGCTL_LOCK_TTL=6s")
	at := func(ref string) []string {
		return []string{"--endpoint-url", srv.url, "--git-repo", h.url, "--git-ref", ref, "apply", "--auto-approve", "--allow-destroy", "--lock-timeout", "2m"}
	}
	older := start(t, env, at(h.c1)...)
	newer := start(t, env, at("main")...)
	ro, rn := older.wait(), newer.wait()

	wantCode(t, rn, 0, "the newer apply")
	switch {
	case ro.code == 0:
	case ro.code == 1 && strings.Contains(ro.stderr, "is older than the live commit "+h.c2[:12]):
	default:
		t.Fatalf("the older apply neither applied nor was refused as older: %s", ro)
	}
	so, sn := spanOf(t, ro), spanOf(t, rn)
	if so.id == sn.id {
		t.Errorf("both applies report the same lock %s", so.id)
	}
	if !(so.end.Before(sn.start) || sn.end.Before(so.start)) {
		t.Errorf("the applies held the lock at the same time: older %v-%v, newer %v-%v", so.start, so.end, sn.start, sn.end)
	}
	if got := rootTags(t, srv)["orgctl:commit"]; got != h.c2 {
		t.Errorf("live commit = %s, want the later %s", got, h.c2)
	}
	r := run(t, env, "--endpoint-url", srv.url, "--git-repo", h.url, "--git-ref", "main", "plan", "--detailed-exitcode")
	wantCode(t, r, 0, "plan of the later commit after both applies")
}

// slowSpec asks for an account, which the sandbox below takes an hour to
// create: an apply of it holds the lock until killed.
func slowRepo(t *testing.T) string {
	r := gittest.New(t)
	r.Commit("an account", map[string]string{"org.yaml": `version: 1
organization:
  policyTypes: [SERVICE_CONTROL_POLICY]
accounts:
  - name: slow
    email: slow@example.com
`})
	return r.Dir
}

// killHolder starts an apply that hangs creating an account, waits until
// it holds the lock and kills it, as a runner that dies would be.
func killHolder(t *testing.T, env []string, url, repo string) string {
	t.Helper()
	p := start(t, env, "--endpoint-url", url, "--git-repo", repo, "apply", "--auto-approve")
	id := p.waitFor(t, acquiredRE)[1]
	p.waitFor(t, regexp.MustCompile(`account "slow@example.com": creating`))
	if err := p.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	r := p.wait()
	if strings.Contains(r.stderr, "Released the apply lock") {
		t.Fatalf("the killed apply released its lock:\n%s", r)
	}
	return id
}

func TestE2EKilledHolderLockExpires(t *testing.T) {
	t.Parallel()
	h := newHistory(t)
	srv := serve(t, t.TempDir()+"/sandbox.json", "--create-delay", "1h")
	env := append(srv.env, "ORGCTL_LOCK_TTL=2s") // short, with room for renewals under load
	dead := killHolder(t, env, srv.url, slowRepo(t))

	r := run(t, env, "--endpoint-url", srv.url, "--git-repo", h.url, "apply", "--auto-approve", "--lock-timeout", "2m")
	wantCode(t, r, 0, "apply after the holder died")
	if !strings.Contains(r.stderr, "Broke the expired apply lock "+dead) {
		t.Errorf("apply does not say it broke %s:\n%s", dead, r)
	}
	if s := spanOf(t, r); s.id == dead {
		t.Errorf("apply reused the dead holder's lock ID %s", dead)
	}
}

func TestE2EUnlock(t *testing.T) {
	t.Parallel()
	h := newHistory(t)
	srv := serve(t, t.TempDir()+"/sandbox.json", "--create-delay", "1h")
	env := srv.env // the default lifetime: the dead holder's lock outlives the test
	dead := killHolder(t, env, srv.url, slowRepo(t))
	apply := []string{"--endpoint-url", srv.url, "--git-repo", h.url, "apply", "--auto-approve"}

	r := run(t, env, append(apply, "--lock-timeout", "1s")...)
	wantCode(t, r, 1, "apply while another holds the lock")
	// The unlock it suggests reaches the same organization.
	for _, w := range []string{"another apply holds the apply lock: lock " + dead + " held by ", "(pid ", "waited 1s (--lock-timeout)", "run: orgctl --endpoint-url " + srv.url + " unlock " + dead} {
		if !strings.Contains(r.stderr, w) {
			t.Errorf("stderr lacks %q:\n%s", w, r)
		}
	}
	if strings.Contains(r.stdout, "Apply complete") {
		t.Errorf("apply ran without the lock:\n%s", r)
	}

	r = run(t, env, "--endpoint-url", srv.url, "unlock", "p-00000000")
	wantCode(t, r, 1, "unlock with the wrong ID")
	if !strings.Contains(r.stderr, "the apply lock held now is "+dead+", not p-00000000; nothing was changed") {
		t.Errorf("unlock with the wrong ID:\n%s", r)
	}
	r = run(t, env, "--endpoint-url", srv.url, "unlock", dead)
	wantCode(t, r, 0, "unlock")
	if !strings.Contains(r.stdout, "Broke the apply lock "+dead) {
		t.Errorf("unlock:\n%s", r)
	}
	r = run(t, env, append(apply, "--lock-timeout", "0s")...)
	wantCode(t, r, 0, "apply after unlock")
	r = run(t, env, "--endpoint-url", srv.url, "unlock", dead)
	wantCode(t, r, 1, "unlock with no lock held")
}
