package main

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"go.yaml.in/yaml/v3"
)

// ciDir holds the ready-to-copy CI examples.
var ciDir = filepath.Join(repoRoot, "examples", "ci")

// yamlDocs parses every YAML document of a file into generic values.
func yamlDocs(t *testing.T, path string) []map[string]any {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	dec := yaml.NewDecoder(bytes.NewReader(b))
	var docs []map[string]any
	for {
		var doc map[string]any
		err := dec.Decode(&doc)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("%s is not valid YAML: %v", path, err)
		}
		docs = append(docs, doc)
	}
	if len(docs) == 0 {
		t.Fatalf("%s holds no YAML document", path)
	}
	return docs
}

// dig follows keys into nested maps and lists (an int key indexes a list).
func dig(v any, path ...any) any {
	for _, p := range path {
		switch k := p.(type) {
		case string:
			m, _ := v.(map[string]any)
			v = m[k]
		case int:
			l, _ := v.([]any)
			if k >= len(l) {
				return nil
			}
			v = l[k]
		}
	}
	return v
}

func workflowFiles(t *testing.T) []string {
	files, err := filepath.Glob(filepath.Join(ciDir, "github-actions", "*.yml"))
	if err != nil || len(files) != 3 {
		t.Fatalf("want the plan, apply and drift workflows, found %v (%v)", files, err)
	}
	return files
}

// The workflows are valid YAML, get AWS credentials only by assuming a
// role through OIDC, and each does its job.
func TestCIWorkflows(t *testing.T) {
	t.Parallel()
	want := map[string]func(t *testing.T, wf map[string]any, text string){
		"orgctl-plan.yml": func(t *testing.T, wf map[string]any, text string) {
			if dig(wf, "on", "pull_request") == nil {
				t.Error("the plan workflow must run on pull_request")
			}
			if dig(wf, "permissions", "pull-requests") != "write" {
				t.Error("posting the comment needs pull-requests: write")
			}
			for _, w := range []string{"--format markdown", "--git-base", "<!-- orgctl-plan -->", "--method PATCH"} {
				if !strings.Contains(text, w) {
					t.Errorf("the plan workflow lacks %q", w)
				}
			}
			// The plan is of the merge result (GITHUB_SHA on pull_request),
			// which contains the live commit of main: the branch's head may
			// be behind main, and its plan would undo what main applied.
			for _, w := range []string{`--git-ref "$GITHUB_SHA"`, `--git-base "$GITHUB_SHA^1"`, "fetch-depth: 0"} {
				if !strings.Contains(text, w) {
					t.Errorf("the plan workflow does not plan the merge result: it lacks %q", w)
				}
			}
			if strings.Contains(text, "pull_request.head.sha") {
				t.Error("the plan workflow plans the branch's head, which may lack what main applied; plan the merge result")
			}
		},
		"orgctl-apply.yml": func(t *testing.T, wf map[string]any, text string) {
			if b := dig(wf, "on", "push", "branches"); !slices.Contains(asList(b), "main") {
				t.Errorf("apply must run on push to main, has %v", b)
			}
			if g, _ := dig(wf, "concurrency", "group").(string); g == "" {
				t.Error("apply needs a concurrency group")
			}
			if dig(wf, "concurrency", "cancel-in-progress") != false {
				t.Error("an apply in progress must never be cancelled")
			}
			for _, w := range []string{`--git-ref "$GITHUB_SHA"`, "-o plan.json", "--lock-timeout", "actions/upload-artifact@", "actions/download-artifact@"} {
				if !strings.Contains(text, w) {
					t.Errorf("the apply workflow lacks %q", w)
				}
			}
			// What is applied is the plan a reviewer approved: saved by one
			// job, applied by another that waits for the environment's
			// approval, never a fresh plan waved through.
			apply := dig(wf, "jobs", "apply")
			if !slices.Contains(append(asList(dig(apply, "needs")), fmt.Sprint(dig(apply, "needs"))), "plan") {
				t.Error("the apply job must need the plan job, whose plan it applies")
			}
			if dig(apply, "environment") == nil {
				t.Error("the apply job must run in an environment, whose reviewers approve the plan")
			}
			applies := 0
			for _, step := range asAnyList(dig(apply, "steps")) {
				run, _ := dig(step, "run").(string)
				for _, args := range orgctlInvocations(run) {
					if name, rest := splitCommand(args); name == "apply" {
						applies++
						if !slices.Contains(rest, "plan.json") || slices.Contains(rest, "-f") {
							t.Errorf("the apply job runs 'orgctl %s'; it must apply the saved plan.json", strings.Join(args, " "))
						}
					}
				}
			}
			if applies != 1 {
				t.Errorf("the apply job runs orgctl apply %d times, want once", applies)
			}
			if strings.Contains(text, "--auto-approve") {
				t.Error("the apply workflow approves automatically; it must apply the reviewed plan")
			}
		},
		"orgctl-drift.yml": func(t *testing.T, wf map[string]any, text string) {
			if dig(wf, "on", "schedule", 0, "cron") == nil {
				t.Error("drift must run on a schedule")
			}
			if dig(wf, "permissions", "issues") != "write" {
				t.Error("the drift issue needs issues: write")
			}
			for _, w := range []string{"drift -f org.yaml --format markdown", "code == '2'", "gh issue edit", "gh issue create"} {
				if !strings.Contains(text, w) {
					t.Errorf("the drift workflow lacks %q", w)
				}
			}
		},
	}
	for _, f := range workflowFiles(t) {
		name := filepath.Base(f)
		t.Run(name, func(t *testing.T) {
			docs := yamlDocs(t, f)
			wf := docs[0]
			text, _ := os.ReadFile(f)
			if dig(wf, "permissions", "id-token") != "write" {
				t.Error("OIDC role assumption needs permissions: id-token: write")
			}
			assumes := 0
			for jobName, job := range asMap(wf["jobs"]) {
				// A hung job would hold the runner, and an apply the apply
				// lock, for GitHub's six hours.
				if n, ok := dig(job, "timeout-minutes").(int); !ok || n <= 0 || n > 180 {
					t.Errorf("job %s has no timeout-minutes (or one over three hours): %v", jobName, dig(job, "timeout-minutes"))
				}
				for _, step := range asAnyList(dig(job, "steps")) {
					uses, _ := dig(step, "uses").(string)
					if strings.HasPrefix(uses, "aws-actions/configure-aws-credentials@") {
						if r, _ := dig(step, "with", "role-to-assume").(string); r == "" {
							t.Error("configure-aws-credentials without role-to-assume")
						}
						assumes++
					}
				}
			}
			if assumes != len(asMap(wf["jobs"])) {
				t.Errorf("want one configure-aws-credentials step a job, found %d in %d jobs", assumes, len(asMap(wf["jobs"])))
			}
			if regexp.MustCompile(`(?i)aws-access-key-id|aws-secret-access-key|AWS_SECRET_ACCESS_KEY`).Match(text) {
				t.Error("stored AWS keys are used; assume a role through OIDC instead")
			}
			check, ok := want[name]
			if !ok {
				t.Fatalf("unexpected workflow %s", name)
			}
			check(t, wf, string(text))
		})
	}
}

// The CronJob is valid YAML, runs as a service account that assumes a role
// through IRSA, and its image is the Dockerfile's.
func TestCIKubernetesCronJob(t *testing.T) {
	t.Parallel()
	docs := yamlDocs(t, filepath.Join(ciDir, "kubernetes", "drift-cronjob.yaml"))
	byKind := map[string]map[string]any{}
	for _, d := range docs {
		kind, _ := d["kind"].(string)
		byKind[kind] = d
	}
	sa, cj := byKind["ServiceAccount"], byKind["CronJob"]
	if sa == nil || cj == nil {
		t.Fatalf("want a ServiceAccount and a CronJob, got %v", slices.Collect(mapsKeys(byKind)))
	}
	if dig(cj, "apiVersion") != "batch/v1" {
		t.Errorf("CronJob apiVersion %v, want batch/v1", dig(cj, "apiVersion"))
	}
	role, _ := dig(sa, "metadata", "annotations", "eks.amazonaws.com/role-arn").(string)
	if !strings.HasPrefix(role, "arn:aws:iam::") {
		t.Errorf("the service account has no IRSA role annotation: %q", role)
	}
	pod := dig(cj, "spec", "jobTemplate", "spec", "template", "spec")
	if dig(pod, "serviceAccountName") != dig(sa, "metadata", "name") {
		t.Error("the job does not run as the IRSA service account")
	}
	if dig(cj, "spec", "concurrencyPolicy") != "Forbid" {
		t.Error("two drift checks should not overlap")
	}
	if dig(pod, "containers", 0, "image") == nil {
		t.Error("no image")
	}
	b, _ := os.ReadFile(filepath.Join(ciDir, "kubernetes", "drift-cronjob.yaml"))
	if regexp.MustCompile(`AWS_SECRET_ACCESS_KEY|AWS_ACCESS_KEY_ID`).Match(b) {
		t.Error("stored AWS keys in the CronJob")
	}
	df, _ := os.ReadFile(filepath.Join(ciDir, "kubernetes", "Dockerfile"))
	if !bytes.Contains(df, []byte("COPY drift.sh ")) || !bytes.Contains(df, []byte("ENTRYPOINT")) {
		t.Error("the Dockerfile should run drift.sh")
	}
}

// Every orgctl invocation in the examples names a command and flags that
// this orgctl has, as its --help says.
func TestCIExamplesUseRealCommandsAndFlags(t *testing.T) {
	t.Parallel()
	var scripts []struct{ where, text string }
	for _, f := range workflowFiles(t) {
		for jobName, job := range asMap(yamlDocs(t, f)[0]["jobs"]) {
			for i, step := range asAnyList(dig(job, "steps")) {
				if run, ok := dig(step, "run").(string); ok {
					scripts = append(scripts, struct{ where, text string }{filepath.Base(f) + " job " + jobName + " step " + strconv.Itoa(i+1), run})
				}
			}
		}
	}
	for _, d := range yamlDocs(t, filepath.Join(ciDir, "kubernetes", "drift-cronjob.yaml")) {
		for _, c := range asAnyList(dig(d, "spec", "jobTemplate", "spec", "template", "spec", "containers")) {
			cmd := append(asList(dig(c, "command")), asList(dig(c, "args"))...)
			scripts = append(scripts, struct{ where, text string }{"drift-cronjob.yaml", strings.Join(cmd, " ")})
		}
	}
	for _, f := range []string{"drift.sh", "Dockerfile"} {
		b, err := os.ReadFile(filepath.Join(ciDir, "kubernetes", f))
		if err != nil {
			t.Fatal(err)
		}
		scripts = append(scripts, struct{ where, text string }{f, string(b)})
	}

	invocations := 0
	for _, s := range scripts {
		for _, args := range orgctlInvocations(s.text) {
			invocations++
			name, rest := splitCommand(args)
			flags, ok := helpFlags(t, name)
			if !ok {
				// A global flag orgctl does not know is the likely cause: its
				// value is then taken for the command name.
				global, _ := helpFlags(t, "")
				var unknown []string
				for _, a := range args {
					if a == name {
						break
					}
					if f, _, _ := strings.Cut(a, "="); strings.HasPrefix(f, "-") && !global[f] {
						unknown = append(unknown, f)
					}
				}
				t.Errorf("%s: orgctl has no command %q; unknown global flags before it: %v (in: orgctl %s)",
					s.where, name, unknown, strings.Join(args, " "))
				continue
			}
			for _, a := range rest {
				if !strings.HasPrefix(a, "-") || a == "-" {
					continue
				}
				flag, _, _ := strings.Cut(a, "=")
				if !flags[flag] {
					t.Errorf("%s: 'orgctl %s' has no flag %s", s.where, name, flag)
				}
			}
		}
	}
	if invocations < 4 {
		t.Errorf("found only %d orgctl invocations in the examples; the extraction is broken", invocations)
	}
}

var (
	helpMu    sync.Mutex
	helpCache = map[string]map[string]bool{}
	flagRE    = regexp.MustCompile(`(?m)^\s+(?:(-\w), )?(--[\w-]+)`)
)

// helpFlags runs 'orgctl NAME --help' and returns the flags it lists; ok
// is false when orgctl has no such command. NAME "" gives the global flags
// from 'orgctl --help'.
func helpFlags(t *testing.T, name string) (map[string]bool, bool) {
	t.Helper()
	helpMu.Lock()
	defer helpMu.Unlock()
	if f, ok := helpCache[name]; ok {
		return f, f != nil
	}
	args, usage := []string{name, "--help"}, "Usage: orgctl "+name
	if name == "" { // the global flags
		args, usage = []string{"--help"}, "orgctl keeps"
	}
	out, err := exec.Command(orgctlBin, args...).Output()
	if err != nil || !strings.HasPrefix(string(out), usage) {
		helpCache[name] = nil
		return nil, false
	}
	flags := map[string]bool{}
	for _, m := range flagRE.FindAllStringSubmatch(string(out), -1) {
		if m[1] != "" {
			flags[m[1]] = true
		}
		flags[m[2]] = true
	}
	if name != "" {
		// A command's help names the global flags in short; every
		// command takes them all.
		helpMu.Unlock()
		global, _ := helpFlags(t, "")
		helpMu.Lock()
		for f := range global {
			flags[f] = true
		}
	}
	helpCache[name] = flags
	return flags, true
}

// orgctlInvocations finds the commands of a shell script that run orgctl
// and returns their arguments, quotes removed; redirections, pipes and
// command separators end an invocation.
func orgctlInvocations(script string) [][]string {
	script = strings.ReplaceAll(script, "\\\n", " ")
	var out [][]string
	sc := bufio.NewScanner(strings.NewReader(script))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if strings.HasPrefix(line, "#") {
			continue
		}
		words := shellWords(line)
		for i := 0; i < len(words); i++ {
			if words[i] != "orgctl" || (i > 0 && !isSeparator(words[i-1])) {
				continue
			}
			var args []string
			for _, w := range words[i+1:] {
				if isSeparator(w) || strings.HasPrefix(w, ">") || strings.HasPrefix(w, "<") || strings.HasPrefix(w, "2>") {
					break
				}
				args = append(args, w)
			}
			out = append(out, args)
		}
	}
	return out
}

func isSeparator(w string) bool {
	switch w {
	case "|", "||", "&&", ";", "(", "$(", "then", "do", "else", "!":
		return true
	}
	return false
}

// shellWords splits a line into words the way sh would, enough for these
// scripts: single and double quotes, and operators as words of their own.
func shellWords(line string) []string {
	var words []string
	var cur strings.Builder
	inWord := false
	flush := func() {
		if inWord {
			words = append(words, cur.String())
			cur.Reset()
			inWord = false
		}
	}
	for i := 0; i < len(line); i++ {
		c := line[i]
		switch {
		case c == '\'' || c == '"':
			j := strings.IndexByte(line[i+1:], c)
			if j < 0 {
				j = len(line) - i - 1
			}
			cur.WriteString(line[i+1 : i+1+j])
			inWord = true
			i += j + 1
		case c == ' ' || c == '\t':
			flush()
		case c == '$' && i+1 < len(line) && line[i+1] == '(':
			flush()
			words = append(words, "$(")
			i++
		case strings.IndexByte("|&;()", c) >= 0:
			flush()
			op := string(c)
			if i+1 < len(line) && (line[i+1] == '|' || line[i+1] == '&') && c != ';' && c != '(' && c != ')' {
				op += string(line[i+1])
				i++
			}
			words = append(words, op)
		default:
			cur.WriteByte(c)
			inWord = true
		}
	}
	flush()
	return words
}

func asMap(v any) map[string]any { m, _ := v.(map[string]any); return m }

func asAnyList(v any) []any { l, _ := v.([]any); return l }

func asList(v any) []string {
	var out []string
	for _, e := range asAnyList(v) {
		if s, ok := e.(string); ok {
			out = append(out, s)
		}
	}
	return out
}

func mapsKeys(m map[string]map[string]any) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

// The examples install an orgctl that exists: the module path of this
// repository at a version the user sets, never a made-up tag.
func TestCIExamplesInstallARealOrgctl(t *testing.T) {
	t.Parallel()
	gomod, err := os.ReadFile(filepath.Join(repoRoot, "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	module := regexp.MustCompile(`(?m)^module (\S+)$`).FindSubmatch(gomod)
	if module == nil {
		t.Fatal("go.mod names no module")
	}
	install := `go install "` + string(module[1]) + `/cmd/orgctl@${ORGCTL_VERSION}"`
	files := append(workflowFiles(t), filepath.Join(ciDir, "kubernetes", "Dockerfile"))
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		text := string(b)
		if !strings.Contains(text, install) {
			t.Errorf("%s does not install with %s", f, install)
		}
		if strings.HasSuffix(f, ".yml") && !strings.Contains(text, "ORGCTL_VERSION: ${{ vars.ORGCTL_VERSION }}") {
			t.Errorf("%s: the version to install must be the repository variable ORGCTL_VERSION", f)
		}
	}
	// No release is tagged yet: an example naming one would not install.
	tags, err := exec.Command("git", "-C", repoRoot, "tag", "--list", "v*").Output()
	if err != nil {
		t.Skipf("no git to list the tags: %v", err)
	}
	tagged := map[string]bool{}
	for _, tag := range strings.Fields(string(tags)) {
		tagged[tag] = true
	}
	err = filepath.WalkDir(ciDir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		for _, v := range regexp.MustCompile(`(?:orgctl@|ORGCTL_VERSION[:=] ?)(v\d+\.\d+\.\d+)`).FindAllSubmatch(b, -1) {
			if !tagged[string(v[1])] {
				t.Errorf("%s installs orgctl %s, which is not a tag of this repository", path, v[1])
			}
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}
