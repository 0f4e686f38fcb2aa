package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/orgctl/orgctl/facts"
	"go.yaml.in/yaml/v3"
)

// accountsFile finds the first spec file under dir with an accounts list,
// and returns its path, its parsed document and the list.
func accountsFile(dir string) (string, *yaml.Node, *yaml.Node, error) {
	var found string
	var doc, list *yaml.Node
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || found != "" || d.IsDir() || !(strings.HasSuffix(path, ".yaml") || strings.HasSuffix(path, ".yml")) {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		var n yaml.Node
		if yaml.Unmarshal(b, &n) != nil || len(n.Content) == 0 || n.Content[0].Kind != yaml.MappingNode {
			return nil
		}
		m := n.Content[0]
		for i := 0; i+1 < len(m.Content); i += 2 {
			if m.Content[i].Value == "accounts" && m.Content[i+1].Kind == yaml.SequenceNode && len(m.Content[i+1].Content) > 0 {
				found, doc, list = path, &n, m.Content[i+1]
			}
		}
		return nil
	})
	if err == nil && found == "" {
		err = fmt.Errorf("no spec file under %s lists accounts", dir)
	}
	return found, doc, list, err
}

func writeYAML(path string, doc *yaml.Node) error {
	var b bytes.Buffer
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(doc); err != nil {
		return err
	}
	return os.WriteFile(path, b.Bytes(), 0o644)
}

func field(m *yaml.Node, key string) *yaml.Node {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i+1]
		}
	}
	return nil
}

func scalar(v string) *yaml.Node { return &yaml.Node{Kind: yaml.ScalarNode, Value: v} }

// editResult is the plan after editing one account of a large spec.
type editResult struct {
	accounts int
	email    string
	changes  []string
	run      *child
}

// editBench tags one account in the spec of a planned organization and
// checks that the plan is that one change.
func editBench(c *config, p *planResult) (*editResult, error) {
	file, doc, list, err := accountsFile(p.dir)
	if err != nil {
		return nil, err
	}
	acct := list.Content[0]
	email := field(acct, "email")
	if email == nil {
		return nil, fmt.Errorf("%s: its first account has no email", file)
	}
	tags := field(acct, "tags")
	if tags == nil {
		tags = &yaml.Node{Kind: yaml.MappingNode}
		acct.Content = append(acct.Content, scalar("tags"), tags)
	}
	tags.Style = 0
	tags.Content = append(tags.Content, scalar("bench-edit"), scalar("one"))
	if err := writeYAML(file, doc); err != nil {
		return nil, err
	}
	srv, err := serve(c, p.dir, false)
	if err != nil {
		return nil, err
	}
	defer srv.stop()
	fmt.Fprintf(os.Stderr, "bench: plan of one edited account among %d...\n", p.accounts)
	run, err := srv.measure(c, "-v", "plan", "-f", filepath.Join(p.dir, "org.yaml"), "--format", "json")
	if err != nil {
		return nil, err
	}
	var plan struct {
		Changes []struct{ Kind, Key, Action string }
	}
	if err := json.Unmarshal([]byte(run.stdout), &plan); err != nil {
		return nil, fmt.Errorf("plan --format json: %v\n%s", err, head(run.stderr))
	}
	res := &editResult{accounts: p.accounts, email: strings.ToLower(email.Value), run: run}
	for _, ch := range plan.Changes {
		res.changes = append(res.changes, ch.Action+" "+ch.Kind+" "+ch.Key)
	}
	return res, nil
}

// ok reports whether the plan is exactly the edit.
func (e *editResult) ok() bool {
	return len(e.changes) == 1 && e.changes[0] == "update account "+e.email
}

// applyResult is an apply creating accounts.
type applyResult struct {
	creates int
	run     *child
	changes time.Duration // the apply walk alone
	ideal   time.Duration
	clean   bool
}

// createCap is how many account creations AWS, and the sandbox, allow in
// progress at once.
const createCap = 5

// idealCreates is the least time c.creates account creations can take:
// rounds of createCap under the creation delay, and, with a rate, no
// faster than AWS's CreateAccount bucket lets them start.
func idealCreates(c *config) time.Duration {
	rounds := math.Ceil(float64(c.creates) / createCap)
	ideal := time.Duration(rounds * float64(c.createDelay))
	if t := facts.OrganizationsThrottles["CreateAccount"]; c.rate != "none" && c.creates > t.Burst {
		// The last start comes (n - burst) / rate after the first;
		// its creation takes the delay.
		bucket := time.Duration(float64(c.creates-t.Burst)/t.RPS*float64(time.Second)) + c.createDelay
		ideal = max(ideal, bucket)
	}
	return ideal
}

// applyBench adds accounts to a small generated organization's spec and
// applies it: creation is bound by the sandbox's delay and cap.
func applyBench(c *config) (*applyResult, error) {
	dir, err := generate(c, "apply", 20)
	if err != nil {
		return nil, err
	}
	file, doc, list, err := accountsFile(dir)
	if err != nil {
		return nil, err
	}
	var ou *yaml.Node
	if o := field(list.Content[0], "ou"); o != nil {
		ou = scalar(o.Value)
	}
	for i := range c.creates {
		a := &yaml.Node{Kind: yaml.MappingNode, Content: []*yaml.Node{
			scalar("name"), scalar(fmt.Sprintf("bench-new-%03d", i)),
			scalar("email"), scalar(fmt.Sprintf("bench-new-%03d@example.com", i)),
		}}
		if ou != nil {
			a.Content = append(a.Content, scalar("ou"), ou)
		}
		list.Content = append(list.Content, a)
	}
	if err := writeYAML(file, doc); err != nil {
		return nil, err
	}
	srv, err := serve(c, dir, true)
	if err != nil {
		return nil, err
	}
	defer srv.stop()
	fmt.Fprintf(os.Stderr, "bench: apply creating %d accounts...\n", c.creates)
	run, err := srv.measure(c, "-v", "apply", "-f", filepath.Join(dir, "org.yaml"), "--auto-approve")
	if err != nil {
		return nil, err
	}
	if run.code != 0 {
		return nil, fmt.Errorf("apply failed (exit %d):\n%s%s", run.code, head(run.stdout), head(run.stderr))
	}
	res := &applyResult{creates: c.creates, run: run, ideal: idealCreates(c)}
	// "Apply complete in 1m23.4s: ..." times the changes, without the read.
	if _, rest, ok := strings.Cut(run.stdout, "Apply complete in "); ok {
		d, _, _ := strings.Cut(rest, ":")
		res.changes, _ = time.ParseDuration(d)
	}
	after, err := srv.measure(c, "plan", "-f", filepath.Join(dir, "org.yaml"), "--detailed-exitcode")
	if err != nil {
		return nil, err
	}
	res.clean = after.code == 0
	return res, nil
}
