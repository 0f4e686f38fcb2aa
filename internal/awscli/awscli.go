// Package awscli runs the AWS CLI for tests that check the sandbox from
// outside. Starting the CLI costs most of a second of CPU (Python imports
// botocore and awscli), several times what one command then costs, and
// the suite runs hundreds of commands. So a CLI that is a Python script,
// as Debian's is, runs its commands in a few long-lived interpreters that
// import it once and call its own entry point per command, each with that
// command's environment, arguments and captured output. Parsing, request
// signing, the HTTP exchange and output formatting are the CLI's own code.
// Any other CLI (a frozen binary, a wrapper) runs once per command.
package awscli

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"sync"
)

// Result is what one command printed and its exit status.
type Result struct {
	Code           int
	Stdout, Stderr string
}

// Run runs the CLI at path with args and exactly the environment env
// (KEY=VALUE entries), from the working directory of the caller.
func Run(ctx context.Context, path string, env, args []string) (Result, error) {
	p := poolFor(path)
	if p.python == "" {
		return runOnce(ctx, path, env, args)
	}
	w, err := p.get()
	if err != nil {
		return Result{}, err
	}
	r, err := w.run(ctx, env, args)
	p.put(w, err == nil)
	return r, err
}

// runOnce starts the CLI for one command.
func runOnce(ctx context.Context, path string, env, args []string) (Result, error) {
	cmd := exec.CommandContext(ctx, path, args...)
	cmd.Env = env
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		return Result{ee.ExitCode(), out.String(), errb.String()}, nil
	}
	if err != nil {
		return Result{}, err
	}
	return Result{0, out.String(), errb.String()}, nil
}

// maxWorkers bounds the interpreters per CLI: tests check concurrently,
// and each interpreter runs one command at a time.
const maxWorkers = 4

var (
	poolsMu sync.Mutex
	pools   = map[string]*pool{}
)

type pool struct {
	path   string
	python string // the interpreter of the CLI's script; "" runs it per command
	slots  chan struct{}
	mu     sync.Mutex
	idle   []*worker
}

func poolFor(path string) *pool {
	poolsMu.Lock()
	defer poolsMu.Unlock()
	p := pools[path]
	if p == nil {
		p = &pool{path: path, python: pythonOf(path), slots: make(chan struct{}, maxWorkers)}
		pools[path] = p
	}
	return p
}

// pythonOf returns the interpreter named by the #! line of the CLI's
// script when it is Python, and "" otherwise.
func pythonOf(path string) string {
	f, err := os.Open(path)
	if err != nil {
		return ""
	}
	defer f.Close()
	line, _ := bufio.NewReader(io.LimitReader(f, 256)).ReadString('\n')
	fields := strings.Fields(strings.TrimPrefix(line, "#!"))
	if !strings.HasPrefix(line, "#!") || len(fields) == 0 {
		return ""
	}
	interp := fields[0]
	if strings.HasSuffix(interp, "/env") && len(fields) > 1 {
		interp = fields[1]
	}
	if !strings.Contains(interp, "python") {
		return ""
	}
	return interp
}

// get returns an idle interpreter, or starts one while fewer than
// maxWorkers run, or waits for one to be returned.
func (p *pool) get() (*worker, error) {
	p.slots <- struct{}{}
	p.mu.Lock()
	if n := len(p.idle); n > 0 {
		w := p.idle[n-1]
		p.idle = p.idle[:n-1]
		p.mu.Unlock()
		return w, nil
	}
	p.mu.Unlock()
	w, err := startWorker(p.python, p.path)
	if err != nil {
		<-p.slots
		return nil, err
	}
	return w, nil
}

// put returns w to the pool, or ends it when its last command broke it.
func (p *pool) put(w *worker, healthy bool) {
	if healthy {
		p.mu.Lock()
		p.idle = append(p.idle, w)
		p.mu.Unlock()
	} else {
		w.stop()
	}
	<-p.slots
}

// worker is one interpreter that has imported the CLI and runs a command
// per request line, answering with a line of JSON.
type worker struct {
	cmd    *exec.Cmd
	in     io.WriteCloser
	out    *bufio.Reader
	stderr *tail // what the interpreter said last, for when it ends
}

// tail keeps the last bytes written to it: an interpreter's stderr, whose
// last lines say why it ended, without growing for its whole life.
type tail struct {
	mu  sync.Mutex
	buf []byte
}

const tailSize = 4096

func (t *tail) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.buf = append(t.buf, p...)
	if over := len(t.buf) - tailSize; over > 0 {
		t.buf = append(t.buf[:0], t.buf[over:]...)
	}
	return len(p), nil
}

func (t *tail) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return strings.TrimSpace(string(t.buf))
}

type request struct {
	Env  map[string]string `json:"env"`
	Args []string          `json:"args"`
}

type response struct {
	Code   int    `json:"code"`
	Stdout string `json:"stdout"`
	Stderr string `json:"stderr"`
	Error  string `json:"error"`
}

func startWorker(python, cli string) (*worker, error) {
	cmd := exec.Command(python, "-c", workerScript, cli)
	// The interpreter ends when its stdin closes, that is when the test
	// binary that started it exits.
	in, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	stderr := &tail{}
	cmd.Stderr = stderr
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("starting the AWS CLI's interpreter %s: %w", python, err)
	}
	return &worker{cmd: cmd, in: in, out: bufio.NewReader(out), stderr: stderr}, nil
}

func (w *worker) run(ctx context.Context, env, args []string) (Result, error) {
	req := request{Env: map[string]string{}, Args: args}
	for _, kv := range env {
		k, v, _ := strings.Cut(kv, "=")
		req.Env[k] = v
	}
	line, err := json.Marshal(req)
	if err != nil {
		return Result{}, err
	}
	type answer struct {
		r   response
		err error
	}
	done := make(chan answer, 1)
	go func() {
		if _, err := w.in.Write(append(line, '\n')); err != nil {
			done <- answer{err: err}
			return
		}
		b, err := w.out.ReadBytes('\n')
		if err != nil {
			done <- answer{err: fmt.Errorf("the AWS CLI's interpreter ended (%s): %w", w.stderr, err)}
			return
		}
		var r response
		done <- answer{r, json.Unmarshal(b, &r)}
	}()
	select {
	case <-ctx.Done():
		return Result{}, ctx.Err() // put ends the interpreter, mid-command
	case a := <-done:
		if a.err != nil {
			return Result{}, a.err
		}
		if a.r.Error != "" {
			return Result{}, errors.New("the AWS CLI's interpreter: " + a.r.Error)
		}
		return Result{a.r.Code, a.r.Stdout, a.r.Stderr}, nil
	}
}

func (w *worker) stop() {
	w.in.Close()
	_ = w.cmd.Process.Kill()
	_ = w.cmd.Wait()
}
