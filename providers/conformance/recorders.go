package conformance

import (
	"context"
	"slices"
	"strconv"
	"strings"

	"github.com/aws/aws-sdk-go-v2/service/configservice"
	"github.com/aws/aws-sdk-go-v2/service/configservice/types"
	"golang.org/x/sync/errgroup"

	"github.com/orgctl/orgctl/engine"
	"github.com/orgctl/orgctl/providers/internal/members"
	cp "github.com/orgctl/orgctl/services/conformance"
	orgs "github.com/orgctl/orgctl/services/organizations"
)

// recorderChecks bounds the accounts asked about their recorders at once.
const recorderChecks = 8

// readRecorders reports, for each Region where a pack or rule of the spec
// is about to be deployed (it is not live, or its last deployment did not
// succeed), the target accounts that have no configuration recorder: one
// DescribeConfigurationRecorderStatus per account and Region, through the
// cross-account role. With Settings.Members it asks in every Region the
// spec deploys to. Once every deployment succeeded (a no-change plan) it
// asks nothing: the deployments' statuses say which accounts fail.
//
// The reports are marked Predicted: they depend on the spec, which a
// saved plan's freshness check does not read with, and are no state of
// AWS that the plan changes.
func (p *Provider) readRecorders(ctx context.Context, scope *engine.Scope, live []engine.Resource, accounts func() (map[string]members.Account, error)) ([]engine.Resource, error) {
	// Live keys name the administrator by ID until the engine rekeys
	// them: match by kind, Region and name.
	key := func(r *engine.Resource) engine.Ref {
		return cp.Ref(r.Kind, r.Attrs.String(cp.AttrRegion), "", r.Attrs.String(cp.AttrName))
	}
	deployed := map[engine.Ref]bool{}
	for i := range live {
		deployed[key(&live[i])] = live[i].Attrs.String(cp.AttrDeployment) == cp.Deployed
	}
	// excluded[region] are the accounts every pending deployment there
	// leaves out; a region absent has none pending.
	excluded := map[string][]string{}
	scope.Each(func(r *engine.Resource) {
		if r.Kind != cp.KindPack && r.Kind != cp.KindRule || deployed[key(r)] && !p.env.Settings.Members {
			return
		}
		region, out := r.Attrs.String(cp.AttrRegion), r.Attrs.Strings(cp.AttrExcluded)
		if prev, seen := excluded[region]; seen {
			out = slices.DeleteFunc(slices.Clone(prev), func(k string) bool { return !slices.Contains(out, k) })
		}
		excluded[region] = out
	})
	if len(excluded) == 0 {
		return nil, nil
	}
	all, err := accounts()
	if err != nil {
		return nil, err
	}
	var out []engine.Resource
	for _, region := range p.env.Settings.Regions {
		skip, pending := excluded[region]
		if !pending {
			continue
		}
		var targets []members.Account
		for _, a := range all {
			if !slices.Contains(skip, orgs.AccountKey(a.Email)) {
				targets = append(targets, a)
			}
		}
		slices.SortFunc(targets, func(a, b members.Account) int { return strings.Compare(a.Name, b.Name) })
		r := p.recordersIn(ctx, region, targets)
		if len(r.Attrs.Strings(cp.AttrNoRecorder))+len(r.Attrs.Strings(cp.AttrNotRecording))+len(r.Attrs.Strings(cp.AttrUnchecked)) > 0 {
			out = append(out, r)
		}
	}
	return out, nil
}

// stateAttrs are the attributes that list the accounts of each recorder
// state but a working one.
var stateAttrs = map[string]string{"none": cp.AttrNoRecorder, "stopped": cp.AttrNotRecording, "unchecked": cp.AttrUnchecked}

// recordersIn asks each target account in region about its recorders.
func (p *Provider) recordersIn(ctx context.Context, region string, targets []members.Account) engine.Resource {
	// Each check writes its own slot; an account that cannot be asked is
	// reported, not fatal, so no check fails the group.
	state := make([]string, len(targets)) // "", "none", "stopped" or "unchecked"
	var g errgroup.Group
	g.SetLimit(recorderChecks)
	for i, a := range targets {
		g.Go(func() error {
			state[i] = p.recorderState(ctx, a.ID, region)
			return nil
		})
	}
	g.Wait()
	attrs := engine.Attrs{cp.AttrRegion: region, cp.AttrTargets: strconv.Itoa(len(targets))}
	for i, a := range targets {
		attr := stateAttrs[state[i]]
		if attr != "" {
			attrs[attr] = append(attrs.Strings(attr), a.Name)
		}
	}
	return engine.Resource{Kind: cp.KindRecorders, Key: region, Attrs: attrs, Predicted: true}
}

// recorderState is "none" for an account without a recorder in region,
// "stopped" for one whose recorders all stopped, "unchecked" when it
// cannot be asked, "" when it records.
func (p *Provider) recorderState(ctx context.Context, account, region string) string {
	c, err := p.env.Sessions.Account(ctx, account, region)
	if err != nil {
		return "unchecked"
	}
	// Each account has its own AWS Config limits.
	rate := p.env.Limiters.Middleware(signing+"@"+account, c.Region, p.env.RateFor(signing, defaultRate))
	api := configservice.NewFromConfig(c, func(o *configservice.Options) { o.APIOptions = append(o.APIOptions, p.bound, rate) })
	out, err := api.DescribeConfigurationRecorderStatus(ctx, &configservice.DescribeConfigurationRecorderStatusInput{})
	switch {
	case err != nil:
		return "unchecked"
	case len(out.ConfigurationRecordersStatus) == 0:
		return "none"
	case !slices.ContainsFunc(out.ConfigurationRecordersStatus, func(s types.ConfigurationRecorderStatus) bool { return s.Recording }):
		return "stopped"
	}
	return ""
}
