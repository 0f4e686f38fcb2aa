package cloudtrail

import (
	"encoding/json"
	"sort"
	"time"
)

// state is CloudTrail's slice: every trail, by ARN. A trail lives in its
// owner's account and home region; a multi-region trail also shows, as a
// shadow, in every other region, and an organization trail in every
// account of the organization.
type state struct {
	Trails map[string]*trail `json:"trails"`
	Seq    int64             `json:"seq"`
}

// Check fills an absent map.
func (st *state) Check() error {
	if st.Trails == nil {
		st.Trails = map[string]*trail{}
	}
	return nil
}

type trail struct {
	Name       string `json:"name"`
	Owner      string `json:"owner"`
	HomeRegion string `json:"homeRegion"`

	S3BucketName    string    `json:"s3BucketName"`
	S3KeyPrefix     string    `json:"s3KeyPrefix,omitempty"`
	SnsTopicName    string    `json:"snsTopicName,omitempty"`
	IncludeGlobal   bool      `json:"includeGlobalServiceEvents"`
	MultiRegion     bool      `json:"isMultiRegionTrail"`
	Organization    bool      `json:"isOrganizationTrail"`
	KmsKeyID        string    `json:"kmsKeyId,omitempty"`
	LogValidation   bool      `json:"logFileValidationEnabled"`
	LogGroupArn     string    `json:"cloudWatchLogsLogGroupArn,omitempty"`
	LogRoleArn      string    `json:"cloudWatchLogsRoleArn,omitempty"`
	CustomSelectors bool      `json:"hasCustomEventSelectors"`
	Tags            []tag     `json:"tags,omitempty"`
	Logging         bool      `json:"logging"`
	StartedAt       time.Time `json:"startedAt,omitzero"`
	StoppedAt       time.Time `json:"stoppedAt,omitzero"`
	CreatedAt       time.Time `json:"createdAt"`
	// EventSelectors or AdvancedEventSelectors, as last put (the wire form).
	EventSelectors         json.RawMessage `json:"eventSelectors,omitempty"`
	AdvancedEventSelectors json.RawMessage `json:"advancedEventSelectors,omitempty"`
	Seq                    int64           `json:"seq"`
}

type tag struct {
	Key   string `json:"Key"`
	Value string `json:"Value"`
}

func trailArn(region, owner, name string) string {
	return "arn:aws:cloudtrail:" + region + ":" + owner + ":trail/" + name
}

func (t *trail) arn() string { return trailArn(t.HomeRegion, t.Owner, t.Name) }

// inRegion reports whether the trail exists in region: its home, or any
// region for a multi-region trail.
func (t *trail) inRegion(region string) bool { return t.MultiRegion || t.HomeRegion == region }

func (t *trail) snsTopicArn() string {
	if t.SnsTopicName == "" {
		return ""
	}
	if reSnsArn.MatchString(t.SnsTopicName) {
		return t.SnsTopicName
	}
	return "arn:aws:sns:" + t.HomeRegion + ":" + t.Owner + ":" + t.SnsTopicName
}

// sorted returns the trails keep reports true, oldest first.
func (st *state) sorted(keep func(*trail) bool) []*trail {
	var out []*trail
	for _, t := range st.Trails {
		if keep(t) {
			out = append(out, t)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Seq < out[j].Seq })
	return out
}

// owned returns the trails of account that exist in region, shadows
// included: what counts against the five trails a region holds.
func (st *state) owned(account, region string) []*trail {
	return st.sorted(func(t *trail) bool { return t.Owner == account && t.inRegion(region) })
}
