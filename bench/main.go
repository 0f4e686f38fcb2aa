package main

import (
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

type config struct {
	orgctl      string
	sizes       []int
	memory      int
	creates     int
	rate        string
	rps         float64
	latency     string
	createDelay time.Duration
	seed        int
	dir         string
	generator   string
}

func main() {
	var c config
	var sizes string
	flag.StringVar(&c.orgctl, "orgctl", "bin/orgctl", "the orgctl binary to measure")
	flag.StringVar(&sizes, "sizes", "100,1000,5000", "organization sizes (accounts) to plan, comma-separated")
	flag.IntVar(&c.memory, "memory", 10000, "accounts of the organization planned for memory only (0 to skip)")
	flag.IntVar(&c.creates, "creates", 30, "accounts the apply benchmark creates (0 to skip); with a rate, AWS's CreateAccount bucket (one in ten seconds, burst 3) bounds it")
	flag.StringVar(&c.rate, "rate", "10:20", "the sandbox's Organizations rate limit, RPS:BURST")
	flag.StringVar(&c.latency, "latency", "20ms", "the sandbox's latency per call")
	flag.DurationVar(&c.createDelay, "create-delay", 2*time.Second, "how long the sandbox takes to create an account")
	flag.IntVar(&c.seed, "seed", 1, "seed of the generated organizations")
	flag.StringVar(&c.generator, "generator", "orgctl", "how organizations are built: orgctl (sandbox generate) or synth (a synthetic spec applied in-process; small sizes only)")
	flag.StringVar(&c.dir, "dir", "", "keep the generated organizations here (default a temporary directory, removed)")
	flag.Parse()
	for _, s := range strings.FieldsFunc(sizes, func(r rune) bool { return r == ',' }) {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n < 1 {
			fatalf("-sizes: %q is not a number of accounts", s)
		}
		c.sizes = append(c.sizes, n)
	}
	if c.rate != "none" {
		rps, _, ok := strings.Cut(c.rate, ":")
		var err error
		if c.rps, err = strconv.ParseFloat(rps, 64); !ok || err != nil || c.rps <= 0 {
			fatalf("-rate %q: want RPS:BURST, such as 10:20, or none", c.rate)
		}
	}
	if c.generator != "orgctl" && c.generator != "synth" {
		fatalf("-generator %q: want orgctl or synth", c.generator)
	}
	if _, err := os.Stat(c.orgctl); err != nil {
		fatalf("no orgctl binary at %s: run 'make build' first, or pass -orgctl", c.orgctl)
	}
	if c.dir == "" {
		d, err := os.MkdirTemp("", "orgctl-bench-")
		if err != nil {
			fatalf("%v", err)
		}
		defer os.RemoveAll(d)
		c.dir = d
	}
	if err := run(&c); err != nil {
		fatalf("%v", err)
	}
}

func fatalf(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "bench: "+format+"\n", args...)
	os.Exit(1)
}

func run(c *config) error {
	if err := preflight(c); err != nil {
		return err
	}
	r := &report{config: c, started: time.Now()}
	for i, n := range c.sizes {
		res, err := planBench(c, n, true)
		if err != nil {
			return fmt.Errorf("%d accounts: %w", n, err)
		}
		r.plans = append(r.plans, res)
		if i == len(c.sizes)-1 {
			if r.edit, err = editBench(c, res); err != nil {
				return fmt.Errorf("one-account edit at %d accounts: %w", n, err)
			}
		}
	}
	if c.memory > 0 {
		res, err := planBench(c, c.memory, false)
		if err != nil {
			return fmt.Errorf("%d accounts (memory): %w", c.memory, err)
		}
		r.memory = res
	}
	if c.creates > 0 {
		res, err := applyBench(c)
		if err != nil {
			return fmt.Errorf("apply creating %d accounts: %w", c.creates, err)
		}
		r.apply = res
	}
	r.print(os.Stdout)
	return nil
}

// preflight checks that the binary has what the benchmark needs, which
// lands in pieces: sandbox generate, and the sandbox's rate and latency.
func preflight(c *config) error {
	out, _ := exec.Command(c.orgctl, "sandbox", "generate", "--help").CombinedOutput()
	if c.generator == "orgctl" && !strings.Contains(string(out), "--accounts") {
		return fmt.Errorf("%s has no 'orgctl sandbox generate --accounts N --ous M --policies P --seed S -o DIR', which builds the organizations measured; build an orgctl that has it (or try -generator synth for small sizes)", c.orgctl)
	}
	if c.rate == "none" {
		return nil
	}
	out, _ = exec.Command(c.orgctl, "sandbox", "serve", "--help").CombinedOutput()
	for _, f := range []string{"--rate", "--latency"} {
		if !strings.Contains(string(out), f) {
			return fmt.Errorf("%s's 'sandbox serve' has no %s flag, so the sandbox cannot model AWS's rate limit and latency; build an orgctl that has it", c.orgctl, f)
		}
	}
	return nil
}

// shape is the OUs and policies generated with n accounts: the issue's
// 5,000 / 500 / 300, scaled.
func shape(n int) (ous, policies int) {
	return max(1, n/10), max(1, n*3/50)
}

// generate builds an organization of n accounts in a new sandbox state and
// its spec, and returns the directory holding both.
func generate(c *config, name string, n int) (string, error) {
	dir := filepath.Join(c.dir, name)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	if c.generator == "synth" {
		return dir, synthesize(c, dir, n)
	}
	state := filepath.Join(dir, "sandbox.json")
	ous, policies := shape(n)
	if _, err := orgctl(c, "sandbox", "init", "--state", state, "--max-accounts", strconv.Itoa(n+c.creates+10)); err != nil {
		return "", err
	}
	if _, err := orgctl(c, "--sandbox="+state, "sandbox", "generate", "--accounts", strconv.Itoa(n),
		"--ous", strconv.Itoa(ous), "--policies", strconv.Itoa(policies), "--seed", strconv.Itoa(c.seed), "-o", dir, "--force"); err != nil { // --force: the state file lives beside the spec
		return "", err
	}
	return dir, nil
}

// orgctl runs the binary and returns its output, or an error quoting it.
func orgctl(c *config, args ...string) (string, error) {
	out, err := exec.Command(c.orgctl, args...).CombinedOutput()
	if err != nil {
		return string(out), fmt.Errorf("orgctl %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out), nil
}
