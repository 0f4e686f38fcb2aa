package awscli

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"
)

const debianCLI = "/usr/bin/aws"

func needCLI(t *testing.T) {
	t.Helper()
	if _, err := os.Stat(debianCLI); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s is required in CI: %v", debianCLI, err)
		}
		t.Skipf("%s not installed", debianCLI)
	}
	if pythonOf(debianCLI) == "" {
		t.Skipf("%s is not a Python script; it runs once per command", debianCLI)
	}
}

func cliEnv(t *testing.T, region, key string) []string {
	return []string{
		"PATH=" + os.Getenv("PATH"), "HOME=" + t.TempDir(),
		"AWS_CONFIG_FILE=/dev/null", "AWS_SHARED_CREDENTIALS_FILE=/dev/null",
		"AWS_EC2_METADATA_DISABLED=true", "AWS_PAGER=",
		"AWS_DEFAULT_REGION=" + region, "AWS_ACCESS_KEY_ID=" + key, "AWS_SECRET_ACCESS_KEY=secret",
	}
}

// A pooled interpreter prints, and exits with, exactly what a CLI started
// for the command does, whatever the command before it had in its
// environment.
func TestPooledRunsAsTheCLIDoes(t *testing.T) {
	needCLI(t)
	ctx := context.Background()
	cases := []struct {
		name string
		env  []string
		args []string
	}{
		{"version", cliEnv(t, "us-east-1", "AKIAFIRSTKEY0001"), []string{"--version"}},
		{"env of one", cliEnv(t, "eu-west-3", "AKIAFIRSTKEY0001"), []string{"configure", "list"}},
		{"env of another", cliEnv(t, "ap-south-1", "AKIASECONDKEY002"), []string{"configure", "list"}},
		{"unknown command", cliEnv(t, "us-east-1", "AKIAFIRSTKEY0001"), []string{"organizations", "no-such-operation"}},
		{"bad parameter", cliEnv(t, "us-east-1", "AKIAFIRSTKEY0001"), []string{"organizations", "describe-account"}},
	}
	for _, c := range cases {
		want, err := runOnce(ctx, debianCLI, c.env, c.args)
		if err != nil {
			t.Fatal(err)
		}
		got, err := Run(ctx, debianCLI, c.env, c.args)
		if err != nil {
			t.Fatal(err)
		}
		if got != want {
			t.Errorf("%s: pooled %+v\nper process %+v", c.name, got, want)
		}
	}
}

// Commands from many goroutines each get their own answer, over HTTP, with
// their own credentials.
func TestConcurrentCommandsKeepTheirCredentials(t *testing.T) {
	needCLI(t)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// The access key is the first part of the credential scope.
		auth := r.Header.Get("Authorization")
		_, rest, _ := strings.Cut(auth, "Credential=")
		key, _, _ := strings.Cut(rest, "/")
		w.Header().Set("Content-Type", "text/xml")
		fmt.Fprintf(w, `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
<GetCallerIdentityResult><Arn>arn:aws:iam::123456789012:user/%s</Arn><UserId>%s</UserId><Account>123456789012</Account></GetCallerIdentityResult>
<ResponseMetadata><RequestId>1</RequestId></ResponseMetadata></GetCallerIdentityResponse>`, key, key)
	}))
	defer srv.Close()
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			key := fmt.Sprintf("AKIAKEYNUMBER%04d", i)
			r, err := Run(context.Background(), debianCLI, cliEnv(t, "us-east-1", key),
				[]string{"--endpoint-url", srv.URL, "--output", "text", "--query", "UserId", "sts", "get-caller-identity"})
			if err != nil {
				t.Error(err)
				return
			}
			if r.Code != 0 || strings.TrimSpace(r.Stdout) != key {
				t.Errorf("command %d: %+v, want %s", i, r, key)
			}
		}()
	}
	wg.Wait()
}

func TestPythonOf(t *testing.T) {
	dir := t.TempDir()
	for _, c := range []struct{ first, want string }{
		{"#!/usr/bin/python3\n", "/usr/bin/python3"},
		{"#!/usr/bin/env python3\n", "python3"},
		{"#!/bin/sh\n", ""},
		{"\x7fELF", ""},
	} {
		p := dir + "/aws"
		if err := os.WriteFile(p, []byte(c.first), 0o755); err != nil {
			t.Fatal(err)
		}
		if got := pythonOf(p); got != c.want {
			t.Errorf("pythonOf(%q) = %q, want %q", c.first, got, c.want)
		}
	}
}

// A command whose context ends is abandoned with the context's error, its
// interpreter ended, and the pool goes on with a fresh one.
func TestCanceledCommandFreesItsInterpreter(t *testing.T) {
	needCLI(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	env := cliEnv(t, "us-east-1", "AKIAFIRSTKEY0001")
	if _, err := Run(ctx, debianCLI, env, []string{"--version"}); err != context.Canceled {
		t.Fatalf("Run with a canceled context: %v, want context.Canceled", err)
	}
	if held := len(poolFor(debianCLI).slots); held != 0 {
		t.Errorf("%d interpreter slots still held after the canceled command", held)
	}
	r, err := Run(context.Background(), debianCLI, env, []string{"--version"})
	if err != nil || r.Code != 0 || !strings.HasPrefix(r.Stdout, "aws-cli/") {
		t.Fatalf("Run after a canceled one: %+v, %v", r, err)
	}
}

// An interpreter's stderr is kept to its last bytes, which say why it
// ended, and does not grow with its life.
func TestStderrTail(t *testing.T) {
	t.Parallel()
	var tl tail
	tl.Write([]byte(strings.Repeat("x", 3*tailSize)))
	tl.Write([]byte("\nTraceback: boom\n"))
	if s := tl.String(); len(s) > tailSize || !strings.HasSuffix(s, "Traceback: boom") {
		t.Errorf("tail is %d bytes ending %q, want at most %d ending with the last line", len(s), s[max(0, len(s)-20):], tailSize)
	}
}
