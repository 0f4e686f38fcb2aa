package conformance

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/configservice"

	"github.com/orgctl/orgctl/engine"
	"github.com/orgctl/orgctl/providers/internal/awsapi"
	cp "github.com/orgctl/orgctl/services/conformance"
)

// deploy follows one pack's or rule's deployment to the organization.
type deploy struct {
	p            *Provider
	api          *configservice.Client
	kind         engine.Kind
	name, region string
}

func (d *deploy) label() string {
	what := "organization Config rule"
	if d.kind == cp.KindPack {
		what = "conformance pack"
	}
	return what + " " + d.name + " in " + d.region
}

// status is the organization-wide status; "" when it does not exist.
func (d *deploy) status(ctx context.Context) (string, error) {
	if d.kind == cp.KindPack {
		out, err := awsapi.Do(ctx, func() (*configservice.DescribeOrganizationConformancePackStatusesOutput, error) {
			return d.api.DescribeOrganizationConformancePackStatuses(ctx, &configservice.DescribeOrganizationConformancePackStatusesInput{OrganizationConformancePackNames: []string{d.name}})
		})
		if notFound(err) || err == nil && len(out.OrganizationConformancePackStatuses) == 0 {
			return "", nil
		}
		if err != nil {
			return "", apiError("DescribeOrganizationConformancePackStatuses "+d.name, err)
		}
		return string(out.OrganizationConformancePackStatuses[0].Status), nil
	}
	out, err := awsapi.Do(ctx, func() (*configservice.DescribeOrganizationConfigRuleStatusesOutput, error) {
		return d.api.DescribeOrganizationConfigRuleStatuses(ctx, &configservice.DescribeOrganizationConfigRuleStatusesInput{OrganizationConfigRuleNames: []string{d.name}})
	})
	if notFound(err) || err == nil && len(out.OrganizationConfigRuleStatuses) == 0 {
		return "", nil
	}
	if err != nil {
		return "", apiError("DescribeOrganizationConfigRuleStatuses "+d.name, err)
	}
	return string(out.OrganizationConfigRuleStatuses[0].OrganizationRuleStatus), nil
}

// wait polls until no deployment runs. Before a change it only waits;
// after one it reports progress per account and fails, naming the
// accounts, when the deployment failed in any.
func (d *deploy) wait(ctx context.Context, before bool) error {
	var last string
	err := d.p.polling.Poll(ctx, 0, d.p.deploy, "waiting for the deployment of "+d.label(), func() (bool, error) {
		st, err := d.status(ctx)
		if err != nil || st == "" {
			return st == "", err
		}
		last = st
		if !strings.HasSuffix(st, "_IN_PROGRESS") {
			return true, nil
		}
		if !before {
			all, err := d.p.memberStatuses(ctx, d.api, d.kind, d.name)
			if err != nil {
				return false, err
			}
			done := 0
			for _, m := range all {
				if !strings.HasSuffix(m.Status, "_IN_PROGRESS") {
					done++
				}
			}
			engine.Progress(ctx, "%s: deployed in %d of %d accounts", d.label(), done, len(all))
		}
		return false, nil
	})
	if err != nil || before || !strings.HasSuffix(last, "_FAILED") {
		return err
	}
	return d.failure(ctx)
}

// failure names the accounts where the deployment failed, with AWS's
// reason.
func (d *deploy) failure(ctx context.Context) error {
	failed, total, err := d.p.members(ctx, d.api, d.kind, d.name)
	if err != nil {
		return err
	}
	accounts, err := d.p.accounts(ctx)
	if err != nil {
		return err
	}
	e := &DeploymentError{What: d.label(), Total: total}
	for _, m := range failed {
		name := m.Account
		if a, ok := accounts[m.Account]; ok {
			name = a.Name + " (" + a.ID + ")"
		}
		e.Failed = append(e.Failed, AccountFailure{Account: name, Code: m.Code, Message: m.Message})
	}
	return e
}

// delete deletes the pack or rule and waits until it is gone. A delete
// whose answer was lost meets its own deletion on the SDK's retry: that
// is waited for like the rest.
func (d *deploy) delete(ctx context.Context) error {
	err := d.deleteOnce(ctx)
	if inUse(err) {
		if err := d.wait(ctx, true); err != nil {
			return err
		}
		err = d.deleteOnce(ctx)
	}
	if notFound(err) {
		return nil
	}
	if err != nil {
		return apiError("Delete "+d.label(), err)
	}
	return d.p.polling.Poll(ctx, 0, d.p.deploy, "waiting for the deletion of "+d.label(), func() (bool, error) {
		st, err := d.status(ctx)
		if st == "DELETE_FAILED" {
			return false, fmt.Errorf("AWS Config could not delete the %s from every account (DELETE_FAILED); see its detailed status", d.label())
		}
		return st == "" || st == "DELETE_SUCCESSFUL", err
	})
}

func (d *deploy) deleteOnce(ctx context.Context) error {
	var err error
	if d.kind == cp.KindPack {
		_, err = awsapi.Do(ctx, func() (*configservice.DeleteOrganizationConformancePackOutput, error) {
			return d.api.DeleteOrganizationConformancePack(ctx, &configservice.DeleteOrganizationConformancePackInput{OrganizationConformancePackName: aws.String(d.name)})
		})
	} else {
		_, err = awsapi.Do(ctx, func() (*configservice.DeleteOrganizationConfigRuleOutput, error) {
			return d.api.DeleteOrganizationConfigRule(ctx, &configservice.DeleteOrganizationConfigRuleInput{OrganizationConfigRuleName: aws.String(d.name)})
		})
	}
	return err
}

// memberStatus is one account's part of a deployment.
type memberStatus struct {
	Account, Status, Code, Message string
}

// memberStatuses lists every account's status.
func (p *Provider) memberStatuses(ctx context.Context, api *configservice.Client, kind engine.Kind, name string) ([]memberStatus, error) {
	var out []memberStatus
	if kind == cp.KindPack {
		err := awsapi.Pages(ctx, apiError, "GetOrganizationConformancePackDetailedStatus",
			configservice.NewGetOrganizationConformancePackDetailedStatusPaginator(api, &configservice.GetOrganizationConformancePackDetailedStatusInput{OrganizationConformancePackName: aws.String(name)}),
			func(page *configservice.GetOrganizationConformancePackDetailedStatusOutput) error {
				for _, s := range page.OrganizationConformancePackDetailedStatuses {
					out = append(out, memberStatus{aws.ToString(s.AccountId), string(s.Status), aws.ToString(s.ErrorCode), aws.ToString(s.ErrorMessage)})
				}
				return nil
			})
		return out, err
	}
	err := awsapi.Pages(ctx, apiError, "GetOrganizationConfigRuleDetailedStatus",
		configservice.NewGetOrganizationConfigRuleDetailedStatusPaginator(api, &configservice.GetOrganizationConfigRuleDetailedStatusInput{OrganizationConfigRuleName: aws.String(name)}),
		func(page *configservice.GetOrganizationConfigRuleDetailedStatusOutput) error {
			for _, s := range page.OrganizationConfigRuleDetailedStatus {
				out = append(out, memberStatus{aws.ToString(s.AccountId), string(s.MemberAccountRuleStatus), aws.ToString(s.ErrorCode), aws.ToString(s.ErrorMessage)})
			}
			return nil
		})
	return out, err
}

// members returns the accounts where the deployment failed, sorted, and
// how many accounts it went to.
func (p *Provider) members(ctx context.Context, api *configservice.Client, kind engine.Kind, name string) ([]memberStatus, int, error) {
	all, err := p.memberStatuses(ctx, api, kind, name)
	var failed []memberStatus
	for _, m := range all {
		if strings.HasSuffix(m.Status, "_FAILED") {
			failed = append(failed, m)
		}
	}
	sort.Slice(failed, func(i, j int) bool { return failed[i].Account < failed[j].Account })
	return failed, len(all), err
}

// DeploymentError is a deployment that failed in some accounts: it names
// them and AWS's reasons. The pack or rule is in place in the others.
type DeploymentError struct {
	What   string
	Total  int
	Failed []AccountFailure
}

// AccountFailure is one account where a deployment failed.
type AccountFailure struct {
	Account, Code, Message string
}

func (e *DeploymentError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s failed in %d of %d accounts:", e.What, len(e.Failed), e.Total)
	recorder := false
	for _, f := range e.Failed {
		fmt.Fprintf(&b, "\n  %s: %s: %s", f.Account, f.Code, f.Message)
		recorder = recorder || strings.Contains(f.Code, "ConfigurationRecorder") || strings.Contains(strings.ToLower(f.Message), "recorder")
	}
	if recorder {
		b.WriteString("\nA configuration recorder in every member account is a prerequisite orgctl does not create: start one in these accounts (or exclude them), then run apply again.")
	}
	return b.String()
}

// IsDeploymentError reports whether err is a failed deployment.
func IsDeploymentError(err error) bool {
	var d *DeploymentError
	return errors.As(err, &d)
}
