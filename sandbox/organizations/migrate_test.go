package organizations

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	"github.com/aws/aws-sdk-go-v2/service/organizations/types"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/google/go-cmp/cmp"

	"github.com/orgctl/orgctl/sandbox"
	"github.com/orgctl/orgctl/sandbox/internal/sandboxtest"
)

// orgView reads an organization through the SDK: what a migrated state
// must still serve.
func orgView(ctx context.Context, t *testing.T, org *organizations.Client) map[string]any {
	t.Helper()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	v := map[string]any{}
	roots, err := org.ListRoots(ctx, &organizations.ListRootsInput{})
	must(err)
	v["ListRoots"] = roots.Roots
	accts, err := org.ListAccounts(ctx, &organizations.ListAccountsInput{})
	must(err)
	v["ListAccounts"] = accts.Accounts
	parents := []string{*roots.Roots[0].Id}
	for i := 0; i < len(parents); i++ {
		out, err := org.ListOrganizationalUnitsForParent(ctx, &organizations.ListOrganizationalUnitsForParentInput{ParentId: aws.String(parents[i])})
		must(err)
		v["ListOrganizationalUnitsForParent "+parents[i]] = out.OrganizationalUnits
		for _, ou := range out.OrganizationalUnits {
			parents = append(parents, *ou.Id)
		}
	}
	var resources []string
	resources = append(resources, parents...)
	for _, a := range accts.Accounts {
		resources = append(resources, *a.Id)
	}
	for _, typ := range []types.PolicyType{"SERVICE_CONTROL_POLICY", "TAG_POLICY", "BACKUP_POLICY"} {
		out, err := org.ListPolicies(ctx, &organizations.ListPoliciesInput{Filter: typ})
		must(err)
		v["ListPolicies "+string(typ)] = out.Policies
		for _, p := range out.Policies {
			tg, err := org.ListTargetsForPolicy(ctx, &organizations.ListTargetsForPolicyInput{PolicyId: p.Id})
			must(err)
			v["ListTargetsForPolicy "+*p.Id] = tg.Targets
			if !p.AwsManaged {
				resources = append(resources, *p.Id)
			}
		}
	}
	sort.Strings(resources)
	for _, id := range resources {
		out, err := org.ListTagsForResource(ctx, &organizations.ListTagsForResourceInput{ResourceId: aws.String(id)})
		must(err)
		v["ListTagsForResource "+id] = out.Tags
	}
	access, err := org.ListAWSServiceAccessForOrganization(ctx, &organizations.ListAWSServiceAccessForOrganizationInput{})
	must(err)
	v["ListAWSServiceAccessForOrganization"] = access.EnabledServicePrincipals
	admins, err := org.ListDelegatedAdministrators(ctx, &organizations.ListDelegatedAdministratorsInput{})
	must(err)
	v["ListDelegatedAdministrators"] = admins.DelegatedAdministrators
	reqs, err := org.ListCreateAccountStatus(ctx, &organizations.ListCreateAccountStatusInput{})
	must(err)
	v["ListCreateAccountStatus"] = reqs.CreateAccountStatuses
	return v
}

// v1View reads the version-1 fixture's organization as its own code served
// it (testdata/state-v1.view.json was written by that code at 17:03 on the
// fixture's clock), and the identity of every temporary credential in it.
func v1View(t *testing.T, e *env, data []byte) map[string]any {
	t.Helper()
	v := orgView(e.Ctx, t, e.Org)
	var st struct {
		Credentials map[string]struct {
			SecretAccessKey string `json:"secretAccessKey"`
			SessionToken    string `json:"sessionToken"`
		} `json:"credentials"`
	}
	if err := json.Unmarshal(data, &st); err != nil {
		t.Fatal(err)
	}
	for id, k := range st.Credentials {
		if k.SessionToken == "" {
			continue
		}
		_, s := e.Clients(credentials.NewStaticCredentialsProvider(id, k.SecretAccessKey, k.SessionToken))
		out, err := s.GetCallerIdentity(e.Ctx, &sts.GetCallerIdentityInput{})
		if err != nil {
			t.Fatalf("GetCallerIdentity with the fixture's temporary credentials: %v", err)
		}
		v["GetCallerIdentity "+id] = map[string]string{"Account": *out.Account, "Arn": *out.Arn, "UserId": *out.UserId}
	}
	return v
}

// asJSON compares values as their JSON.
func asJSON(t *testing.T, v any) any {
	t.Helper()
	data, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	var out any
	if err := json.Unmarshal(data, &out); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestVersion1StateLoads opens a state file the previous format wrote
// (testdata/state-v1.json) and checks it serves the same organization
// through the SDK, that it can be written (in the new format), and that
// what the new code wrote loads again to the same organization.
func TestVersion1StateLoads(t *testing.T) {
	t.Parallel()
	data, err := os.ReadFile("../testdata/state-v1.json")
	if err != nil {
		t.Fatal(err)
	}
	wantData, err := os.ReadFile("../testdata/state-v1.view.json")
	if err != nil {
		t.Fatal(err)
	}
	var want any
	if err := json.Unmarshal(wantData, &want); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "state.json")
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	clock := sandboxtest.NewClock()
	clock.Advance(5*time.Hour + 3*time.Minute) // 17:03, when the view was read
	e := &env{sandboxtest.Open(t, path, clock)}
	if diff := cmp.Diff(want, asJSON(t, v1View(t, e, data))); diff != "" {
		t.Fatalf("the migrated organization differs (-version 1 +now):\n%s", diff)
	}
	if got, _ := os.ReadFile(path); string(got) != string(data) {
		t.Error("opening rewrote the file before any write")
	}

	// Migrated settings and roles: the pending request still completes
	// after the stored 2s delay, with its role, and the roles of accounts
	// created before can be assumed.
	var set settings
	e.SB.View(func(c *sandbox.Call) { set = stored.Get(c) })
	if set.MaxAccounts != 12 || time.Duration(set.CreateAccountDelay) != 2*time.Second {
		t.Errorf("settings after migration: %+v", set)
	}
	accts := want.(map[string]any)["ListAccounts"].([]any)
	for _, a := range accts {
		a := a.(map[string]any)
		role := "OrganizationAccountAccessRole"
		if a["Name"] == "payments-prod" {
			role = "AdminAccess"
		}
		_, err := e.STS.AssumeRole(e.Ctx, &sts.AssumeRoleInput{RoleArn: aws.String("arn:aws:iam::" + a["Id"].(string) + ":role/" + role),
			RoleSessionName: aws.String("migrated")})
		switch {
		case a["Id"] == e.SB.ManagementAccountID() || a["Status"] == "SUSPENDED":
			if err == nil {
				t.Errorf("assumed a role in %s (%s)", a["Name"], a["Status"])
			}
		case err != nil:
			t.Errorf("assume %s in %s: %v", role, a["Name"], err)
		}
	}

	// A write saves the new format; reopening it serves the same organization.
	e.Clock.Advance(2 * time.Second)
	root := e.RootID()
	e.createOU(root, "AfterMigration")
	written, _ := os.ReadFile(path)
	if fileVersion := func() float64 {
		var h map[string]any
		_ = json.Unmarshal(written, &h)
		v, _ := h["version"].(float64)
		return v
	}(); fileVersion != 2 {
		t.Fatalf("written as version %v", fileVersion)
	}
	before := asJSON(t, orgView(e.Ctx, t, e.Org))
	e.Reopen()
	if diff := cmp.Diff(before, asJSON(t, orgView(e.Ctx, t, e.Org))); diff != "" {
		t.Errorf("a state written by the new code reads back differently (-written +reopened):\n%s", diff)
	}
}
