package guardduty

import (
	"time"

	"github.com/orgctl/orgctl/sandbox"
)

// The organization configuration, set by the region's administrator on its
// own detector: UpdateOrganizationConfiguration,
// DescribeOrganizationConfiguration.

var (
	orgFeatures   = []string{"S3_DATA_EVENTS", "EKS_AUDIT_LOGS", "EBS_MALWARE_PROTECTION", "RDS_LOGIN_EVENTS", "LAMBDA_NETWORK_LOGS", "EKS_RUNTIME_MONITORING", "RUNTIME_MONITORING", "AI_PROTECTION"}
	orgAdditional = []string{"EKS_ADDON_MANAGEMENT", "ECS_FARGATE_AGENT_MANAGEMENT", "EC2_AGENT_MANAGEMENT", "RDS_DATA_RISK"}
	autoEnables   = []string{"NEW", "ALL", "NONE"}
)

// adminDetector checks the caller is the region's administrator, settled,
// and names its own detector.
func (c *call) adminDetector(id string) (*admin, *sandbox.Error) {
	a := c.st.Admins[c.Region]
	if a == nil || a.Account != c.Caller.AccountID {
		return nil, badRequest(msgNoPermission)
	}
	if c.Now.Before(a.Since.Add(time.Duration(stored.Get(c.Call).AdminSettleDelay))) {
		return nil, badRequest(msgInvalid)
	}
	if _, e := c.owned(id); e != nil {
		return nil, e
	}
	return a, nil
}

type autoEnableIn struct {
	AutoEnable *bool `json:"autoEnable"`
}

type updateOrgConfigInput struct {
	DetectorId                    string  `json:"-" uri:"detectorId"`
	AutoEnable                    *bool   `json:"autoEnable"`
	AutoEnableOrganizationMembers *string `json:"autoEnableOrganizationMembers"`
	Features                      []struct {
		Name                    *string `json:"name"`
		AutoEnable              *string `json:"autoEnable"`
		AdditionalConfiguration []struct {
			Name       *string `json:"name"`
			AutoEnable *string `json:"autoEnable"`
		} `json:"additionalConfiguration"`
	} `json:"features"`
	DataSources *struct {
		S3Logs     *autoEnableIn `json:"s3Logs"`
		Kubernetes *struct {
			AuditLogs *autoEnableIn `json:"auditLogs"`
		} `json:"kubernetes"`
		MalwareProtection *struct {
			ScanEc2InstanceWithFindings *struct {
				EbsVolumes *autoEnableIn `json:"ebsVolumes"`
			} `json:"scanEc2InstanceWithFindings"`
		} `json:"malwareProtection"`
	} `json:"dataSources"`
}

// newOrNone is the feature setting an older boolean stands for.
func newOrNone(b bool) string {
	if b {
		return "NEW"
	}
	return "NONE"
}

// updateOrgConfig sets who is auto-enabled (AutoEnableOrganizationMembers,
// or the older AutoEnable, never both) and which features, by the model's
// names (never RUNTIME_MONITORING and EKS_RUNTIME_MONITORING together).
func updateOrgConfig(c *call, in *updateOrgConfigInput) (*empty, *sandbox.Error) {
	a, e := c.adminDetector(in.DetectorId)
	if e != nil {
		return nil, e
	}
	switch {
	case (in.AutoEnable == nil) == (in.AutoEnableOrganizationMembers == nil):
		return nil, badRequest(msgInvalid)
	case in.AutoEnableOrganizationMembers != nil && !contains(autoEnables, *in.AutoEnableOrganizationMembers):
		return nil, badRequest(msgInvalid)
	}
	next := orgConfig{Members: a.Config.Members, Features: map[string]*orgFeature{}}
	for k, v := range a.Config.Features {
		f := *v
		next.Features[k] = &f
	}
	if in.AutoEnableOrganizationMembers != nil {
		next.Members = *in.AutoEnableOrganizationMembers
	} else {
		next.Members = newOrNone(*in.AutoEnable)
	}
	set := func(name, autoEnable string) *orgFeature {
		f := next.Features[name]
		if f == nil {
			f = &orgFeature{}
			next.Features[name] = f
		}
		f.AutoEnable = autoEnable
		return f
	}
	if ds := in.DataSources; ds != nil {
		if ds.S3Logs != nil && ds.S3Logs.AutoEnable != nil {
			set("S3_DATA_EVENTS", newOrNone(*ds.S3Logs.AutoEnable))
		}
		if k := ds.Kubernetes; k != nil && k.AuditLogs != nil && k.AuditLogs.AutoEnable != nil {
			set("EKS_AUDIT_LOGS", newOrNone(*k.AuditLogs.AutoEnable))
		}
		if m := ds.MalwareProtection; m != nil && m.ScanEc2InstanceWithFindings != nil &&
			m.ScanEc2InstanceWithFindings.EbsVolumes != nil && m.ScanEc2InstanceWithFindings.EbsVolumes.AutoEnable != nil {
			set("EBS_MALWARE_PROTECTION", newOrNone(*m.ScanEc2InstanceWithFindings.EbsVolumes.AutoEnable))
		}
	}
	named := map[string]bool{}
	for _, f := range in.Features {
		if f.Name == nil || !contains(orgFeatures, *f.Name) || f.AutoEnable != nil && !contains(autoEnables, *f.AutoEnable) {
			return nil, badRequest(msgInvalid)
		}
		named[*f.Name] = true
		auto := "NONE"
		if f.AutoEnable != nil {
			auto = *f.AutoEnable
		}
		of := set(*f.Name, auto)
		for _, ac := range f.AdditionalConfiguration {
			if ac.Name == nil || !contains(orgAdditional, *ac.Name) || ac.AutoEnable != nil && !contains(autoEnables, *ac.AutoEnable) {
				return nil, badRequest(msgInvalid)
			}
			if of.Additional == nil {
				of.Additional = map[string]string{}
			}
			of.Additional[*ac.Name] = "NONE"
			if ac.AutoEnable != nil {
				of.Additional[*ac.Name] = *ac.AutoEnable
			}
		}
	}
	if named["RUNTIME_MONITORING"] && named["EKS_RUNTIME_MONITORING"] {
		return nil, badRequest(msgInvalid)
	}
	a.Config = next
	return &empty{}, nil
}

type describeOrgConfigInput struct {
	DetectorId string `json:"-" uri:"detectorId"`
	listInput
}

type autoEnableOut struct {
	AutoEnable bool `json:"autoEnable"`
}

type additionalOut struct {
	Name       string `json:"name"`
	AutoEnable string `json:"autoEnable"`
}

type orgFeatureOut struct {
	Name                    string          `json:"name"`
	AutoEnable              string          `json:"autoEnable"`
	AdditionalConfiguration []additionalOut `json:"additionalConfiguration,omitempty"`
}

type describeOrgConfigOut struct {
	// AutoEnable and DataSources are the older members, which AWS still
	// sends and older clients (Debian's AWS CLI 2.9) alone understand.
	AutoEnable                    bool            `json:"autoEnable"`
	AutoEnableOrganizationMembers string          `json:"autoEnableOrganizationMembers"`
	MemberAccountLimitReached     bool            `json:"memberAccountLimitReached"`
	DataSources                   map[string]any  `json:"dataSources"`
	Features                      []orgFeatureOut `json:"features"`
	NextToken                     *string         `json:"nextToken,omitempty"`
}

func describeOrgConfig(c *call, in *describeOrgConfigInput) (*describeOrgConfigOut, *sandbox.Error) {
	a, e := c.adminDetector(in.DetectorId)
	if e != nil {
		return nil, e
	}
	if in.MaxResults != nil && (*in.MaxResults < 1 || *in.MaxResults > 50) {
		return nil, badRequest(msgInvalid)
	}
	auto := func(name string) string {
		if f := a.Config.Features[name]; f != nil {
			return f.AutoEnable
		}
		return "NONE"
	}
	out := &describeOrgConfigOut{
		AutoEnable: a.Config.Members != "NONE", AutoEnableOrganizationMembers: a.Config.Members,
		DataSources: map[string]any{
			"s3Logs":     autoEnableOut{auto("S3_DATA_EVENTS") != "NONE"},
			"kubernetes": map[string]any{"auditLogs": autoEnableOut{auto("EKS_AUDIT_LOGS") != "NONE"}},
			"malwareProtection": map[string]any{"scanEc2InstanceWithFindings": map[string]any{
				"ebsVolumes": autoEnableOut{auto("EBS_MALWARE_PROTECTION") != "NONE"}}},
		},
		Features: []orgFeatureOut{},
	}
	for _, name := range orgFeatures {
		f := orgFeatureOut{Name: name, AutoEnable: auto(name)}
		if of := a.Config.Features[name]; of != nil {
			for _, ac := range orgAdditional {
				if v, ok := of.Additional[ac]; ok {
					f.AdditionalConfiguration = append(f.AdditionalConfiguration, additionalOut{Name: ac, AutoEnable: v})
				}
			}
		}
		out.Features = append(out.Features, f)
	}
	return out, nil
}
