package gitsource_test

import (
	"context"
	"net/http"
	"net/http/cgi"
	"net/http/httptest"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/orgctl/orgctl/gitsource"
	"github.com/orgctl/orgctl/gitsource/gittest"
)

// A private repository over https is cloned with the token of the first of
// GIT_TOKEN, GH_TOKEN and GITHUB_TOKEN set, sent as basic auth; without
// the right one the clone fails. The server is git's own http-backend
// behind a check of the credentials, as a forge's would be.
func TestHTTPSTokenFromTheEnvironment(t *testing.T) {
	execPath, err := exec.Command("git", "--exec-path").Output()
	if err != nil {
		t.Skip("no git binary to serve the repository over HTTP")
	}
	r := gittest.New(t)
	r.Commit("one", map[string]string{"org.yaml": "version: 1\n"})
	bare := strings.TrimPrefix(r.PushBare(), "file://")
	const token = "ghs_privaterepositorytoken"
	backend := &cgi.Handler{
		Path: filepath.Join(strings.TrimSpace(string(execPath)), "git-http-backend"),
		Env:  []string{"GIT_PROJECT_ROOT=" + filepath.Dir(bare), "GIT_HTTP_EXPORT_ALL=1"},
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		user, pass, ok := req.BasicAuth()
		if !ok || user != "x-access-token" || pass != token {
			w.Header().Set("WWW-Authenticate", `Basic realm="git"`)
			http.Error(w, "authentication required", http.StatusUnauthorized)
			return
		}
		backend.ServeHTTP(w, req)
	}))
	defer srv.Close()
	url := srv.URL + "/" + filepath.Base(bare)

	tests := []struct {
		name string
		env  map[string]string
		ok   bool
	}{
		{"GH_TOKEN, as the GitHub CLI has it", map[string]string{"GH_TOKEN": token}, true},
		{"GITHUB_TOKEN, as GitHub Actions has it", map[string]string{"GITHUB_TOKEN": token}, true},
		{"GIT_TOKEN first", map[string]string{"GIT_TOKEN": token, "GH_TOKEN": "wrong-token", "GITHUB_TOKEN": "wrong-token"}, true},
		{"GH_TOKEN before GITHUB_TOKEN", map[string]string{"GH_TOKEN": "wrong-token", "GITHUB_TOKEN": token}, false},
		{"no token", nil, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			repo, err := gitsource.Open(context.Background(), url, gitsource.Options{Getenv: func(k string) string { return tt.env[k] }})
			if tt.ok != (err == nil) {
				t.Fatalf("Open: %v, want success %v", err, tt.ok)
			}
			if err != nil {
				if strings.Contains(err.Error(), "wrong-token") {
					t.Errorf("the error shows the token: %v", err)
				}
				return
			}
			if _, err := repo.Resolve("main"); err != nil {
				t.Error(err)
			}
		})
	}
}
