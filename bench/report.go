package main

import (
	"fmt"
	"io"
	"maps"
	"os"
	"runtime"
	"slices"
	"strings"
	"time"

	"github.com/orgctl/orgctl/facts"
)

type report struct {
	config  *config
	started time.Time
	plans   []*planResult
	memory  *planResult
	edit    *editResult
	apply   *applyResult
}

func (r *report) print(w io.Writer) {
	c := r.config
	host, _ := os.Hostname()
	fmt.Fprintf(w, "## orgctl benchmark, %s\n\n", r.started.UTC().Format("2006-01-02 15:04 MST"))
	fmt.Fprintf(w, "Machine: %s, %d CPUs, %s/%s, %s.\n", host, runtime.NumCPU(), runtime.GOOS, runtime.GOARCH, cpuModel())
	if c.rate == "none" {
		fmt.Fprint(w, "Sandbox: no rate limit or latency, and orgctl's limiter off: calls as fast as the sandbox answers. ")
	} else {
		fmt.Fprintf(w, "Sandbox: Organizations %s (requests/s:burst), %s latency a call. ", c.rate, c.latency)
	}
	fmt.Fprintf(w, "Account creation %s, %d in progress at once. Organizations built by %s.\n\n", c.createDelay, createCap, c.generator)

	fmt.Fprintln(w, "### No-change plan")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "| accounts / OUs / policies | wall | API calls | minimum | calls ÷ min | wall ÷ (calls ÷ rate) | peak RSS | CPU (process) | CPU spec+engine |")
	fmt.Fprintln(w, "|---|---|---|---|---|---|---|---|---|")
	for _, p := range r.plans {
		n, min := total(p.calls), total(p.minimum)
		ratio := "–"
		if c.rps > 0 {
			ratio = fmt.Sprintf("%.2f", p.run.wall.Seconds()/(float64(n)/c.rps))
		}
		fmt.Fprintf(w, "| %d / %d / %d | %s | %d | %d | %.2f | %s | %.0f MB | %s | %s |\n",
			p.accounts, p.ous, p.policies, p.run.wall.Round(100*time.Millisecond), n, min,
			float64(n)/float64(max(1, min)), ratio, p.run.rssMB,
			p.run.cpu.Round(10*time.Millisecond), p.specCPU.Round(time.Millisecond))
	}
	if m := r.memory; m != nil {
		fmt.Fprintf(w, "| %d / %d / %d (memory; unthrottled) | %s | %d | %d | %.2f | – | %.0f MB | %s | %s |\n",
			m.accounts, m.ous, m.policies, m.run.wall.Round(100*time.Millisecond), total(m.calls), total(m.minimum),
			float64(total(m.calls))/float64(max(1, total(m.minimum))), m.run.rssMB,
			m.run.cpu.Round(10*time.Millisecond), m.specCPU.Round(time.Millisecond))
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "API calls by operation (made / minimum):")
	fmt.Fprintln(w)
	for _, p := range r.plans {
		ops := slices.Sorted(maps.Keys(union(p.calls, p.minimum)))
		parts := make([]string, 0, len(ops))
		for _, op := range ops {
			parts = append(parts, fmt.Sprintf("%s %d/%d", strings.TrimPrefix(op, "organizations:"), p.calls[op], p.minimum[op]))
		}
		fmt.Fprintf(w, "- %d accounts: %s\n", p.accounts, strings.Join(parts, ", "))
	}
	if e := r.edit; e != nil {
		verdict := "exactly that change"
		if !e.ok() {
			verdict = "NOT just that change"
		}
		fmt.Fprintf(w, "\n### One-account edit at %d accounts\n\nTagged %s in the spec; the plan shows %s: %s (%d calls, %s).\n",
			e.accounts, e.email, verdict, strings.Join(e.changes, "; "), total(calls(e.run.stderr)), e.run.wall.Round(100*time.Millisecond))
	}
	if a := r.apply; a != nil {
		clean := "and a plan afterwards is clean"
		if !a.clean {
			clean = "but a plan afterwards is NOT clean"
		}
		fmt.Fprintf(w, "\n### Apply creating %d accounts\n\nwall %s, of which the changes %s; ideal %s (rounds of %d creations of %s%s); changes ÷ ideal %.2f, wall ÷ ideal %.2f; %d API calls; peak RSS %.0f MB; %s.\n",
			a.creates, a.run.wall.Round(100*time.Millisecond), a.changes, a.ideal, createCap, c.createDelay, createBound(c),
			a.changes.Seconds()/a.ideal.Seconds(), a.run.wall.Seconds()/a.ideal.Seconds(), total(calls(a.run.stderr)), a.run.rssMB, clean)
	}
}

// createBound names the CreateAccount bucket in the ideal, when it binds.
func createBound(c *config) string {
	if c.rate == "none" {
		return ""
	}
	t := facts.OrganizationsThrottles["CreateAccount"]
	return fmt.Sprintf(", or AWS's CreateAccount bucket, %g a second with a burst of %d, whichever is longer", t.RPS, t.Burst)
}

func union(a, b map[string]int) map[string]int {
	m := maps.Clone(a)
	for k := range b {
		m[k] += 0
	}
	return m
}

func cpuModel() string {
	b, err := os.ReadFile("/proc/cpuinfo")
	if err != nil {
		return runtime.GOARCH
	}
	for _, line := range strings.Split(string(b), "\n") {
		if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "model name" {
			return strings.TrimSpace(v)
		}
	}
	return runtime.GOARCH
}
