package config

import (
	"time"

	"github.com/orgctl/orgctl/sandbox"
	"github.com/orgctl/orgctl/sandbox/organizations"
)

// Configuration recorders: DescribeConfigurationRecorders and
// DescribeConfigurationRecorderStatus, read-only. An account has one
// recorder, named default and recording in every Region, unless the
// settings seed it without (WithoutRecorders); orgctl never makes one.

// recorderName is the name AWS Config's console gives a recorder.
const recorderName = "default"

type recordersInput struct {
	ConfigurationRecorderNames []string `json:"ConfigurationRecorderNames"`
	ServicePrincipal           *string  `json:"ServicePrincipal"`
	Arn                        *string  `json:"Arn"`
}

// recorder reports whether the caller's account has a recorder, and
// since when.
func (c *call) recorder() (bool, time.Time) {
	email, since := "", c.Now
	for _, a := range organizations.Of(c.Call).Accounts() {
		if a.ID == c.Caller.AccountID {
			email, since = a.Email, a.JoinedAt
		}
	}
	return stored.Get(c.Call).hasRecorder(c.Caller.AccountID, email), since
}

// recorders checks the names asked for against the caller's recorder.
func (c *call) recorders(in *recordersInput) (bool, time.Time, *sandbox.Error) {
	has, since := c.recorder()
	arn := "arn:aws:config:" + c.Region + ":" + c.Caller.AccountID + ":configuration-recorder/" + recorderName
	for _, n := range in.ConfigurationRecorderNames {
		if !has || n != recorderName {
			return false, since, cfgError("NoSuchConfigurationRecorderException", "Cannot find configuration recorder with the specified name '%s'.", n)
		}
	}
	// A service-linked recorder is another service's; the sandbox has none.
	return has && in.ServicePrincipal == nil && (in.Arn == nil || *in.Arn == arn), since, nil
}

type recordingGroupOut struct {
	AllSupported               bool `json:"allSupported"`
	IncludeGlobalResourceTypes bool `json:"includeGlobalResourceTypes"`
}

type recorderOut struct {
	Name           string            `json:"name"`
	Arn            string            `json:"arn"`
	RoleARN        string            `json:"roleARN"`
	RecordingGroup recordingGroupOut `json:"recordingGroup"`
	RecordingMode  map[string]string `json:"recordingMode"`
}

type recordersOut struct {
	ConfigurationRecorders []recorderOut `json:"ConfigurationRecorders"`
}

func describeRecorders(c *call, in *recordersInput) (*recordersOut, *sandbox.Error) {
	has, _, e := c.recorders(in)
	if e != nil {
		return nil, e
	}
	out := &recordersOut{ConfigurationRecorders: []recorderOut{}}
	if has {
		out.ConfigurationRecorders = append(out.ConfigurationRecorders, recorderOut{Name: recorderName,
			Arn:            "arn:aws:config:" + c.Region + ":" + c.Caller.AccountID + ":configuration-recorder/" + recorderName,
			RoleARN:        "arn:aws:iam::" + c.Caller.AccountID + ":role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig",
			RecordingGroup: recordingGroupOut{AllSupported: true, IncludeGlobalResourceTypes: false},
			RecordingMode:  map[string]string{"recordingFrequency": "CONTINUOUS"}})
	}
	return out, nil
}

type recorderStatusOut struct {
	Name                 string         `json:"name"`
	Arn                  string         `json:"arn"`
	Recording            bool           `json:"recording"`
	LastStatus           string         `json:"lastStatus"`
	LastStartTime        *sandbox.Epoch `json:"lastStartTime"`
	LastStatusChangeTime *sandbox.Epoch `json:"lastStatusChangeTime"`
}

type recorderStatusesOut struct {
	ConfigurationRecordersStatus []recorderStatusOut `json:"ConfigurationRecordersStatus"`
}

func describeRecorderStatus(c *call, in *recordersInput) (*recorderStatusesOut, *sandbox.Error) {
	has, since, e := c.recorders(in)
	if e != nil {
		return nil, e
	}
	out := &recorderStatusesOut{ConfigurationRecordersStatus: []recorderStatusOut{}}
	if has {
		out.ConfigurationRecordersStatus = append(out.ConfigurationRecordersStatus, recorderStatusOut{Name: recorderName,
			Arn:       "arn:aws:config:" + c.Region + ":" + c.Caller.AccountID + ":configuration-recorder/" + recorderName,
			Recording: true, LastStatus: "SUCCESS", LastStartTime: sandbox.EpochOf(since), LastStatusChangeTime: sandbox.EpochOf(since)})
	}
	return out, nil
}
