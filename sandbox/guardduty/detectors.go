package guardduty

import (
	"time"

	"github.com/orgctl/orgctl/sandbox"
)

// Detectors: CreateDetector, ListDetectors, GetDetector, DeleteDetector.
// A detector is GuardDuty in one account and region; there is at most one.

var (
	frequencies      = []string{"FIFTEEN_MINUTES", "ONE_HOUR", "SIX_HOURS"}
	detectorFeatures = []string{"S3_DATA_EVENTS", "EKS_AUDIT_LOGS", "EBS_MALWARE_PROTECTION", "RDS_LOGIN_EVENTS",
		"LAMBDA_NETWORK_LOGS", "EKS_RUNTIME_MONITORING", "RUNTIME_MONITORING", "AI_PROTECTION", "AI_ANALYST"}
	reTagKey = sandbox.NewPattern(`^[a-zA-Z+\-=._:/]{1,128}$`)
)

// timeString is how GuardDuty writes its string timestamps.
func timeString(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000Z") }

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

type featureIn struct {
	Name                    *string `json:"name"`
	Status                  *string `json:"status"`
	AdditionalConfiguration []struct {
		Name   *string `json:"name"`
		Status *string `json:"status"`
	} `json:"additionalConfiguration"`
}

type createDetectorInput struct {
	Enable                     *bool             `json:"enable"`
	ClientToken                *string           `json:"clientToken"`
	FindingPublishingFrequency *string           `json:"findingPublishingFrequency"`
	Tags                       map[string]string `json:"tags"`
	Features                   []featureIn       `json:"features"`
	DataSources                map[string]any    `json:"dataSources"`
}

type createDetectorOut struct {
	DetectorId string `json:"detectorId"`
}

// createDetector enables GuardDuty in the caller's account and region.
func createDetector(c *call, in *createDetectorInput) (*createDetectorOut, *sandbox.Error) {
	switch {
	case in.Enable == nil:
		return nil, badRequest(msgInvalid)
	case in.ClientToken != nil && len(*in.ClientToken) > 64:
		return nil, badRequest(msgInvalid)
	case in.FindingPublishingFrequency != nil && !contains(frequencies, *in.FindingPublishingFrequency):
		return nil, badRequest(msgInvalid)
	case len(in.Tags) > 200:
		return nil, badRequest(msgInvalid)
	}
	for k, v := range in.Tags {
		if !reTagKey.MatchString(k) || len(k) >= 4 && k[:4] == "aws:" || len(v) > 256 {
			return nil, badRequest(msgInvalid)
		}
	}
	features := map[string]string{}
	for _, f := range in.Features {
		if f.Name == nil || !contains(detectorFeatures, *f.Name) || f.Status == nil || (*f.Status != "ENABLED" && *f.Status != "DISABLED") {
			return nil, badRequest(msgInvalid)
		}
		features[*f.Name] = *f.Status
	}
	if c.st.detectorOf(c.Caller.AccountID, c.Region) != nil {
		return nil, badRequest(msgDetectorExist)
	}
	d := c.st.newDetector(c.Caller.AccountID, c.Region, c.Now)
	d.Enabled = *in.Enable
	if in.FindingPublishingFrequency != nil {
		d.Frequency = *in.FindingPublishingFrequency
	}
	if len(features) > 0 {
		d.Features = features
	}
	if len(in.Tags) > 0 {
		d.Tags = in.Tags
	}
	return &createDetectorOut{DetectorId: d.ID}, nil
}

type listInput struct {
	MaxResults *int32  `json:"-" query:"maxResults"`
	NextToken  *string `json:"-" query:"nextToken"`
}

// page validates maxResults (1-50, default 50) and selects a page.
func (c *call) page(in listInput, scope string, total int) (start, end int, next *string, e *sandbox.Error) {
	size := 50
	if in.MaxResults != nil {
		if *in.MaxResults < 1 || *in.MaxResults > 50 {
			return 0, 0, nil, badRequest(msgInvalid)
		}
		size = int(*in.MaxResults)
	}
	start, end, next, ok := c.Page(c.Op+"|"+scope, total, size, in.NextToken)
	if !ok {
		return 0, 0, nil, badRequest(msgInvalid)
	}
	return start, end, next, nil
}

type listDetectorsOut struct {
	DetectorIds []string `json:"detectorIds"`
	NextToken   *string  `json:"nextToken,omitempty"`
}

func listDetectors(c *call, in *listInput) (*listDetectorsOut, *sandbox.Error) {
	ds := c.st.sortedDetectors(c.Caller.AccountID, c.Region)
	start, end, next, e := c.page(*in, c.Caller.AccountID, len(ds))
	if e != nil {
		return nil, e
	}
	out := &listDetectorsOut{DetectorIds: []string{}, NextToken: next}
	for _, d := range ds[start:end] {
		out.DetectorIds = append(out.DetectorIds, d.ID)
	}
	return out, nil
}

type detectorInput struct {
	DetectorId string `json:"-" uri:"detectorId"`
}

// owned finds the caller's detector in its region by ID.
func (c *call) owned(id string) (*detector, *sandbox.Error) {
	if len(id) > 300 {
		return nil, badRequest(msgInvalid)
	}
	d := c.st.Detectors[id]
	if d == nil || d.Account != c.Caller.AccountID || d.Region != c.Region {
		return nil, badRequest(msgNotOwned)
	}
	return d, nil
}

type status struct {
	Status string `json:"status"`
}

type featureOut struct {
	Name      string         `json:"name"`
	Status    string         `json:"status"`
	UpdatedAt *sandbox.Epoch `json:"updatedAt,omitempty"`
}

type getDetectorOut struct {
	CreatedAt                  string            `json:"createdAt"`
	FindingPublishingFrequency string            `json:"findingPublishingFrequency"`
	ServiceRole                string            `json:"serviceRole"`
	Status                     string            `json:"status"`
	UpdatedAt                  string            `json:"updatedAt"`
	DataSources                map[string]any    `json:"dataSources"`
	Tags                       map[string]string `json:"tags,omitempty"`
	Features                   []featureOut      `json:"features"`
}

// defaultOn are the features a new detector has enabled unless told.
var defaultOn = map[string]bool{"CLOUD_TRAIL": true, "DNS_LOGS": true, "FLOW_LOGS": true, "S3_DATA_EVENTS": true}

func getDetector(c *call, in *detectorInput) (*getDetectorOut, *sandbox.Error) {
	d, e := c.owned(in.DetectorId)
	if e != nil {
		return nil, e
	}
	state := func(b bool) string {
		if b {
			return "ENABLED"
		}
		return "DISABLED"
	}
	feature := func(name string) string {
		if s, ok := d.Features[name]; ok {
			return s
		}
		return state(defaultOn[name])
	}
	out := &getDetectorOut{
		CreatedAt: timeString(d.CreatedAt), UpdatedAt: timeString(d.UpdatedAt), FindingPublishingFrequency: d.Frequency,
		ServiceRole: "arn:aws:iam::" + d.Account + ":role/aws-service-role/guardduty.amazonaws.com/AWSServiceRoleForAmazonGuardDuty",
		Status:      state(d.Enabled), Tags: d.Tags,
		DataSources: map[string]any{
			"cloudTrail": status{"ENABLED"}, "dnsLogs": status{"ENABLED"}, "flowLogs": status{"ENABLED"},
			"s3Logs":     status{feature("S3_DATA_EVENTS")},
			"kubernetes": map[string]any{"auditLogs": status{feature("EKS_AUDIT_LOGS")}},
			"malwareProtection": map[string]any{"scanEc2InstanceWithFindings": map[string]any{
				"ebsVolumes": status{feature("EBS_MALWARE_PROTECTION")}}},
		},
	}
	for _, name := range append([]string{"CLOUD_TRAIL", "DNS_LOGS", "FLOW_LOGS"}, detectorFeatures...) {
		out.Features = append(out.Features, featureOut{Name: name, Status: feature(name), UpdatedAt: sandbox.EpochOf(d.UpdatedAt)})
	}
	return out, nil
}

// deleteDetector disables GuardDuty in the account and region.
func deleteDetector(c *call, in *detectorInput) (*empty, *sandbox.Error) {
	d, e := c.owned(in.DetectorId)
	if e != nil {
		return nil, e
	}
	delete(c.st.Detectors, d.ID)
	return &empty{}, nil
}
