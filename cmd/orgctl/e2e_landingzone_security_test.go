package main

import (
	"context"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/securityhub"
	"github.com/aws/aws-sdk-go-v2/service/securityhub/types"
)

// lzRegions are the regions the landing zone governs.
var lzRegions = []string{"us-east-1", "eu-west-1"}

// checkSecurityServices reads, with the AWS CLI, what the landing zone's
// security section made: the security account is every service's
// administrator in every governed region, and what it configures as that
// administrator is as the spec says. The checks are independent reads, so
// they run side by side.
func checkSecurityServices(t *testing.T, srv *server, security string) {
	// The checks are independent reads that mostly wait on the AWS CLI's
	// start-up: run them at once, beyond -parallel (t.Run may be called
	// from several goroutines), and wait for all.
	var wg sync.WaitGroup
	defer wg.Wait()
	check := func(name string, f func(t *testing.T)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			t.Run(name, f)
		}()
	}
	asSecurity := srv.assumeRole(t, security, "OrganizationAccountAccessRole")
	asIn := func(region string) []string {
		return append(slices.Clone(asSecurity), "AWS_REGION="+region, "AWS_DEFAULT_REGION="+region)
	}
	read := func(t *testing.T, env []string, args ...string) map[string]any {
		t.Helper()
		out, stderr, err := srv.awsAs(t, env, args...)
		if err != nil {
			t.Fatalf("aws %s: %v\n%s", strings.Join(args, " "), err, stderr)
		}
		return out
	}
	// admin asserts that the list under key names security alone, with
	// the status want under statusKey when given. The keys are the CLI's,
	// which are AWS's own: PascalCase for some services, camelCase for
	// Macie's, Inspector's and Audit Manager's.
	admin := func(t *testing.T, out map[string]any, key, idKey, statusKey, want, what string) {
		t.Helper()
		got := list(out, key)
		if len(got) != 1 || str(got[0], idKey) != security {
			t.Errorf("%s: want %s as the only administrator, got %v", what, security, out)
			return
		}
		if statusKey != "" && str(got[0], statusKey) != want {
			t.Errorf("%s: administrator %v, want %s %s", what, got[0], statusKey, want)
		}
	}

	for _, region := range lzRegions {
		check("admins/"+region, func(t *testing.T) {
			admin(t, read(t, srv.env, "securityhub", "list-organization-admin-accounts", "--region", region), "AdminAccounts", "AccountId", "Status", "ENABLED", "Security Hub in "+region)
			admin(t, read(t, srv.env, "macie2", "list-organization-admin-accounts", "--region", region), "adminAccounts", "accountId", "status", "ENABLED", "Macie in "+region)
			admin(t, read(t, srv.env, "detective", "list-organization-admin-accounts", "--region", region), "Administrators", "AccountId", "", "", "Detective in "+region)
			admin(t, read(t, srv.env, "inspector2", "list-delegated-admin-accounts", "--region", region), "delegatedAdminAccounts", "accountId", "status", "ENABLED", "Inspector in "+region)
			if out := read(t, srv.env, "auditmanager", "get-organization-admin-account", "--region", region); str(out, "adminAccountId") != security {
				t.Errorf("Audit Manager in %s: administrator %v, want %s", region, out, security)
			}
		})
		check("inspector/"+region, func(t *testing.T) {
			out := read(t, asIn(region), "inspector2", "describe-organization-configuration")
			auto, _ := out["autoEnable"].(map[string]any)
			for _, scan := range []string{"ec2", "ecr", "lambda"} {
				if auto[scan] != true {
					t.Errorf("Inspector in %s: accounts that join do not get %s scans: %v", region, scan, out)
				}
			}
		})
	}
	check("organizations", func(t *testing.T) {
		admin(t, read(t, srv.env, "organizations", "list-delegated-administrators"), "DelegatedAdministrators", "Id", "Status", "ACTIVE", "Organizations' delegated administrators")
		var principals []string
		for _, s := range list(read(t, srv.env, "organizations", "list-delegated-services-for-account", "--account-id", security), "DelegatedServices") {
			principals = append(principals, str(s, "ServicePrincipal"))
		}
		for _, p := range []string{"guardduty.amazonaws.com", "securityhub.amazonaws.com", "macie.amazonaws.com", "detective.amazonaws.com",
			"inspector2.amazonaws.com", "auditmanager.amazonaws.com", "config.amazonaws.com", "config-multiaccountsetup.amazonaws.com", "fms.amazonaws.com"} {
			if !slices.Contains(principals, p) {
				t.Errorf("the security account is not the delegated administrator of %s; it is of %v", p, principals)
			}
		}
	})
	check("firewall-manager", func(t *testing.T) {
		out := read(t, srv.env, "fms", "get-admin-account", "--region", "us-east-1")
		if str(out, "AdminAccount") != security || str(out, "RoleStatus") != "READY" {
			t.Errorf("Firewall Manager's administrator: %v, want %s READY", out, security)
		}
	})
	check("config", func(t *testing.T) {
		aggs := list(read(t, asIn("us-east-1"), "configservice", "describe-configuration-aggregators"), "ConfigurationAggregators")
		if len(aggs) != 1 || str(aggs[0], "ConfigurationAggregatorName") != "organization" {
			t.Fatalf("want the aggregator named organization in the security account, got %v", aggs)
		}
		src, _ := aggs[0]["OrganizationAggregationSource"].(map[string]any)
		if str(src, "RoleArn") != "arn:aws:iam::"+security+":role/OrgConfigAggregator" || src["AllAwsRegions"] != true {
			t.Errorf("the aggregator's source: %v, want the role OrgConfigAggregator over all regions", src)
		}
	})
	// Debian's AWS CLI predates central configuration: read it with the SDK.
	check("security-hub", func(t *testing.T) {
		ctx := context.Background()
		api := securityhub.NewFromConfig(srv.shConfig("us-east-1", srv.shAssume(t, "aws+security-tooling@acme.example").creds))
		oc, err := api.DescribeOrganizationConfiguration(ctx, &securityhub.DescribeOrganizationConfigurationInput{})
		if err != nil || oc.OrganizationConfiguration.ConfigurationType != types.OrganizationConfigurationConfigurationTypeCentral ||
			oc.OrganizationConfiguration.Status != types.OrganizationConfigurationStatusEnabled {
			t.Errorf("the organization configuration: %+v, %v; want CENTRAL and ENABLED", oc, err)
		}
		assocs, err := api.ListConfigurationPolicyAssociations(ctx, &securityhub.ListConfigurationPolicyAssociationsInput{
			Filters: &types.AssociationFilters{AssociationType: types.AssociationTypeApplied}})
		if err != nil || len(assocs.ConfigurationPolicyAssociationSummaries) != 1 {
			t.Fatalf("applied associations: %+v, %v; want the root's", assocs, err)
		}
		a := assocs.ConfigurationPolicyAssociationSummaries[0]
		if !strings.HasPrefix(aws.ToString(a.TargetId), "r-") || a.AssociationStatus != types.ConfigurationPolicyAssociationStatusSuccess {
			t.Errorf("the root's association: target %s, %s", aws.ToString(a.TargetId), a.AssociationStatus)
		}
	})
}

// checkMembersConfigDrift turns auto-enable off by hand for Macie and
// Detective, each in one region: drift names both, apply restores them.
func checkMembersConfigDrift(t *testing.T, srv *server, ep func(...string) []string, security string) {
	asSecurity := srv.assumeRole(t, security, "OrganizationAccountAccessRole")
	change := func(args ...string) {
		t.Helper()
		if _, stderr, err := srv.awsAs(t, asSecurity, args...); err != nil {
			t.Fatalf("aws %s: %v\n%s", strings.Join(args, " "), err, stderr)
		}
	}
	// service, operation, then its arguments
	macie := func(op string, args ...string) []string {
		return append([]string{"macie2", op, "--region", "eu-west-1"}, args...)
	}
	graph := graphArn(t, srv, asSecurity)
	detective := func(op string, args ...string) []string {
		return append([]string{"detective", op, "--region", "us-east-1", "--graph-arn", graph}, args...)
	}
	autoEnable := func(args []string) any {
		out, _, _ := srv.awsAs(t, asSecurity, args...)
		if v, ok := out["autoEnable"]; ok { // Macie's key
			return v
		}
		return out["AutoEnable"]
	}
	change(macie("update-organization-configuration", "--no-auto-enable")...)
	change(detective("update-organization-configuration", "--no-auto-enable")...)

	r := run(t, srv.env, ep("drift", "-f", landingZone)...)
	wantCode(t, r, 2, "drift after auto-enable was turned off")
	for _, name := range []string{`macie-org-config "eu-west-1/aws+security-tooling@acme.example"`, `detective-org-config "us-east-1/aws+security-tooling@acme.example"`} {
		if !strings.Contains(r.stdout, name) {
			t.Errorf("drift does not name %s:\n%s", name, r.stdout)
		}
	}
	wantCode(t, run(t, srv.env, ep("apply", "-f", landingZone, "--auto-approve")...), 0, "apply after auto-enable was turned off")
	if got := autoEnable(macie("describe-organization-configuration")); got != true {
		t.Errorf("apply did not turn Macie's auto-enable back on: %v", got)
	}
	if got := autoEnable(detective("describe-organization-configuration")); got != true {
		t.Errorf("apply did not turn Detective's auto-enable back on: %v", got)
	}
}

// graphArn is the security account's Detective behavior graph in us-east-1.
func graphArn(t *testing.T, srv *server, env []string) string {
	t.Helper()
	out, stderr, err := srv.awsAs(t, env, "detective", "list-graphs", "--region", "us-east-1")
	graphs := list(out, "GraphList")
	if err != nil || len(graphs) != 1 {
		t.Fatalf("the security account's behavior graph: %v %v %s", out, err, stderr)
	}
	return str(graphs[0], "Arn")
}
