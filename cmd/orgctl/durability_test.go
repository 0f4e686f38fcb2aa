package main

import (
	"bufio"
	"context"
	"fmt"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	"github.com/aws/aws-sdk-go-v2/service/organizations/types"
)

// A sandbox killed with SIGKILL during a burst of concurrent writes restarts
// on its state file holding every write it acknowledged: three rounds of
// eight writers creating and tagging OUs, each ended by kill -9 at a
// different point.
func TestDurabilityE2E(t *testing.T) {
	if testing.Short() {
		t.Skip("starts and kills the sandbox several times")
	}
	t.Parallel()
	state := filepath.Join(t.TempDir(), "state.json")
	acked := map[string]string{} // OU name -> tag value, "" until tagged
	total := 0
	for round, killAt := range []int{25, 60, 110} {
		srv, proc := startServe(t, state)
		org := srv.orgClient(t)
		ctx := context.Background()
		root, err := org.ListRoots(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		rootID := aws.ToString(root.Roots[0].Id)
		checkAcked(t, org, rootID, acked, round)

		var mu sync.Mutex
		n := 0
		ack := func(name, tag string) int {
			mu.Lock()
			defer mu.Unlock()
			acked[name] = tag
			n++
			return n
		}
		killed := make(chan struct{})
		var once sync.Once
		kill := func() {
			once.Do(func() {
				_ = proc.Process.Kill()
				_ = proc.Wait()
				close(killed)
			})
		}
		var wg sync.WaitGroup
		for w := range 8 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				one := func(o *organizations.Options) { o.RetryMaxAttempts = 1 }
				for i := 0; ; i++ {
					name := fmt.Sprintf("r%d-w%d-%d", round, w, i)
					out, err := org.CreateOrganizationalUnit(ctx, &organizations.CreateOrganizationalUnitInput{
						ParentId: aws.String(rootID), Name: aws.String(name)}, one)
					if err != nil {
						return // the sandbox is gone
					}
					if ack(name, "") >= killAt {
						kill()
					}
					v := fmt.Sprint(i)
					_, err = org.TagResource(ctx, &organizations.TagResourceInput{
						ResourceId: out.OrganizationalUnit.Id, Tags: []types.Tag{{Key: aws.String("n"), Value: aws.String(v)}}}, one)
					if err != nil {
						return
					}
					if ack(name, v) >= killAt {
						kill()
					}
				}
			}()
		}
		select {
		case <-killed:
		case <-time.After(2 * time.Minute):
			kill()
			t.Fatal("the writers stopped before the kill point")
		}
		wg.Wait()
		total += n
	}
	srv, _ := startServe(t, state)
	org := srv.orgClient(t)
	root, err := org.ListRoots(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	checkAcked(t, org, aws.ToString(root.Roots[0].Id), acked, 3)
	t.Logf("%d acknowledged writes over 3 kill -9 rounds, all held after restart", total)
}

// checkAcked checks that every acknowledged OU and tag is in the sandbox.
func checkAcked(t *testing.T, org *organizations.Client, rootID string, acked map[string]string, round int) {
	t.Helper()
	ctx := context.Background()
	have := map[string]string{} // name -> ID
	p := organizations.NewListOrganizationalUnitsForParentPaginator(org, &organizations.ListOrganizationalUnitsForParentInput{ParentId: aws.String(rootID)})
	for p.HasMorePages() {
		out, err := p.NextPage(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, ou := range out.OrganizationalUnits {
			have[aws.ToString(ou.Name)] = aws.ToString(ou.Id)
		}
	}
	for name, tag := range acked {
		id, ok := have[name]
		if !ok {
			t.Errorf("after kill %d: OU %s was acknowledged but is gone", round, name)
			continue
		}
		if tag == "" {
			continue
		}
		out, err := org.ListTagsForResource(ctx, &organizations.ListTagsForResourceInput{ResourceId: aws.String(id)})
		if err != nil {
			t.Fatal(err)
		}
		if len(out.Tags) != 1 || aws.ToString(out.Tags[0].Value) != tag {
			t.Errorf("after kill %d: OU %s has tags %v, want the acknowledged n=%s", round, name, out.Tags, tag)
		}
	}
}

// startServe starts 'orgctl sandbox serve' on state and returns it with its
// process, for tests that kill it. The test's end kills it if still running.
func startServe(t *testing.T, state string) (*server, *exec.Cmd) {
	t.Helper()
	cmd := exec.Command(orgctlBin, "sandbox", "serve", "--addr", "127.0.0.1:0", "--state", state)
	cmd.Env = baseEnv(t)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	sc := bufio.NewScanner(stdout)
	s := &server{}
	for (s.url == "" || s.env == nil) && sc.Scan() {
		if m := servingRE.FindStringSubmatch(sc.Text()); m != nil {
			s.url = m[1]
		}
		if m := credsRE.FindStringSubmatch(sc.Text()); m != nil {
			s.env = []string{"AWS_ACCESS_KEY_ID=" + m[1], "AWS_SECRET_ACCESS_KEY=" + m[2], "AWS_REGION=us-east-1"}
		}
	}
	if s.url == "" || s.env == nil {
		t.Fatalf("sandbox serve on %s did not start", state)
	}
	go func() {
		for sc.Scan() {
		}
	}()
	return s, cmd
}
