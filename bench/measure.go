package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/orgctl/orgctl/engine"
	"github.com/orgctl/orgctl/providers/organizations"
	"github.com/orgctl/orgctl/spec"
)

// server is an `orgctl sandbox serve` of one state file.
type server struct {
	cmd   *exec.Cmd
	url   string
	env   []string
	rated bool
}

// serve starts a sandbox server; rated models AWS's rate limit and latency.
func serve(c *config, dir string, rated bool) (*server, error) {
	args := []string{"sandbox", "serve", "--state", filepath.Join(dir, "sandbox.json"), "--addr", "127.0.0.1:0",
		"--create-delay", c.createDelay.String()}
	switch {
	case c.rate == "none":
		// a sandbox without rate limits, and perhaps without the flags
	case rated:
		args = append(args, "--rate", "organizations="+c.rate, "--latency", c.latency)
	default:
		args = append(args, "--rate", "none")
	}
	// The quota is not what is measured: generate sets it just above the
	// organization's size, which would stop the apply benchmark.
	args = append(args, "--max-accounts", "100000")
	cmd := exec.Command(c.orgctl, args...)
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	s := &server{cmd: cmd, rated: rated && c.rate != "none"}
	sc := bufio.NewScanner(out)
	for sc.Scan() && (s.url == "" || s.env == nil) {
		line := sc.Text()
		if rest, ok := strings.CutPrefix(line, "orgctl sandbox serving "); ok {
			s.url, _, _ = strings.Cut(rest, " ")
		}
		if rest, ok := strings.CutPrefix(strings.TrimSpace(line), "export "); ok {
			s.env = append(os.Environ(), strings.Fields(rest)...)
			s.env = append(s.env, "AWS_PROFILE=", "AWS_CONFIG_FILE=/dev/null", "AWS_SHARED_CREDENTIALS_FILE=/dev/null")
		}
	}
	go io.Copy(io.Discard, out)
	if s.url == "" || s.env == nil {
		s.stop()
		return nil, fmt.Errorf("orgctl sandbox serve did not say where it listens and with which credentials")
	}
	return s, nil
}

func (s *server) stop() {
	_ = s.cmd.Process.Signal(os.Interrupt)
	done := make(chan struct{})
	go func() { _ = s.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		_ = s.cmd.Process.Kill()
		<-done
	}
}

// child is one orgctl command as measured: its wall and CPU time, peak RSS,
// exit code and output.
type child struct {
	wall, cpu      time.Duration
	rssMB          float64
	code           int
	stdout, stderr string
}

// measure runs orgctl against the server. Against a rated sandbox orgctl
// is told the rate too, so that its limiter matches the sandbox's.
func (s *server) measure(c *config, args ...string) (*child, error) {
	global := []string{"--endpoint-url", s.url}
	if s.rated {
		global = append(global, "--rate", "organizations="+c.rate)
	}
	cmd := exec.Command(c.orgctl, append(global, args...)...)
	cmd.Env = s.env
	var stdout, stderr strings.Builder
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	start := time.Now()
	err := cmd.Run()
	ch := &child{wall: time.Since(start), stdout: stdout.String(), stderr: stderr.String()}
	var exit *exec.ExitError
	if err != nil && !errors.As(err, &exit) {
		return nil, err
	}
	ch.code = cmd.ProcessState.ExitCode()
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		ch.rssMB = float64(ru.Maxrss) / 1024 // kilobytes on Linux
		ch.cpu = time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
	}
	return ch, nil
}

// calls parses -v's "... with N AWS calls: 12 organizations:ListAccounts, ...".
func calls(out string) map[string]int {
	m := map[string]int{}
	for _, line := range strings.Split(out, "\n") {
		_, list, ok := strings.Cut(line, "AWS calls: ")
		if !ok {
			continue
		}
		list, _, _ = strings.Cut(list, "; ") // "; N retries" follows the counts
		for _, part := range strings.Split(list, ", ") {
			n, op, ok := strings.Cut(strings.TrimSpace(part), " ")
			if v, err := strconv.Atoi(n); ok && err == nil {
				m[op] += v
			}
		}
	}
	return m
}

func total(m map[string]int) int {
	n := 0
	for _, v := range m {
		n += v
	}
	return n
}

// specCPU is the CPU time this process spends loading the spec, turning it
// into resources and diffing it against an organization equal to it: the
// spec and engine share of a no-change plan, without the reading.
func specCPU(path string) (time.Duration, *spec.Spec, error) {
	before := rusage()
	s, ds := spec.Load(path)
	if ds.HasErrors() {
		return 0, nil, fmt.Errorf("%s: %v", path, ds)
	}
	desired := engine.Desired(s)
	if _, err := engine.Diff(desired, desired, engine.DiffOptions{Prune: true}); err != nil {
		return 0, nil, err
	}
	return rusage() - before, s, nil
}

func rusage() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// planResult is one no-change plan measured.
type planResult struct {
	accounts, ous, policies int
	dir                     string
	run                     *child
	calls, minimum          map[string]int
	specCPU                 time.Duration
	rated                   bool
}

func planBench(c *config, n int, rated bool) (*planResult, error) {
	name := fmt.Sprintf("plan-%d", n)
	dir, err := generate(c, name, n)
	if err != nil {
		return nil, err
	}
	srv, err := serve(c, dir, rated)
	if err != nil {
		return nil, err
	}
	defer srv.stop()
	res := &planResult{accounts: n, dir: dir, rated: rated}
	res.ous, res.policies = shape(n)
	fmt.Fprintf(os.Stderr, "bench: no-change plan of %d accounts...\n", n)
	if res.run, err = srv.measure(c, "-v", "plan", "-f", filepath.Join(dir, "org.yaml"), "--detailed-exitcode"); err != nil {
		return nil, err
	}
	if res.run.code != 0 {
		return nil, fmt.Errorf("the plan of the generated organization is not clean (exit %d):\n%s%s", res.run.code, head(res.run.stdout), head(res.run.stderr))
	}
	res.calls = calls(res.run.stderr + res.run.stdout)
	var s *spec.Spec
	if res.specCPU, s, err = specCPU(filepath.Join(dir, "org.yaml")); err != nil {
		return nil, err
	}
	res.minimum = organizations.MinimumCalls(s)
	return res, nil
}

func head(s string) string {
	lines := strings.SplitN(s, "\n", 40)
	if len(lines) == 40 {
		lines[39] = "..."
	}
	return strings.Join(lines, "\n")
}
