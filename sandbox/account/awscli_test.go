package account

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/orgctl/orgctl/sandbox/internal/sandboxtest"
)

// TestAWSCLI drives the Regions with Debian's AWS CLI 2.9, whose model of
// Account Management predates them (CLI 2.10 added list-regions): the
// test gives the CLI AWS's model of the four operations
// (testdata/account-2021-02-01.json, cut from AWS's published
// account-2021-02-01 model) with `aws configure add-model`, as a user of
// that CLI would. It also shows the CLI refused in an opt-in Region
// until it is enabled. (Each CLI run costs seconds: the fewest that show it.)
func TestAWSCLI(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	cli := e.AdminCLI()
	model, err := filepath.Abs("testdata/account-2021-02-01.json")
	if err != nil {
		t.Fatal(err)
	}
	cli.Must("configure", "add-model", "--service-model", "file://"+model, "--service-name", "account")

	_, err = cli.Run("sts", "get-caller-identity", "--region", "ap-east-2")
	var ce *sandboxtest.CLIError
	if !errors.As(err, &ce) || !strings.Contains(ce.Stderr, "(InvalidClientTokenId)") || !strings.Contains(ce.Stderr, "The security token included in the request is invalid") {
		t.Errorf("sts get-caller-identity in the disabled ap-east-2: %v", err)
	}
	list := cli.Must("account", "list-regions", "--region-opt-status-contains", "ENABLED_BY_DEFAULT", "--max-results", "50")
	if n := len(list["Regions"].([]any)); n != 17 {
		t.Errorf("list-regions ENABLED_BY_DEFAULT: %d Regions, want the 17 of before 2019: %v", n, list)
	}
	cli.Must("account", "enable-region", "--region-name", "ap-east-2")
	if got := cli.Must("account", "get-region-opt-status", "--region-name", "ap-east-2"); got["RegionOptStatus"] != "ENABLING" {
		t.Errorf("after enable-region: %v", got)
	}
	e.Clock.Advance(settle)
	if got := cli.Must("sts", "get-caller-identity", "--region", "ap-east-2"); got["Account"] != e.SB.ManagementAccountID() {
		t.Errorf("sts get-caller-identity in the enabled ap-east-2: %v", got)
	}
}
