package cloudtrail

import (
	"encoding/json"
	"time"

	"github.com/orgctl/orgctl/sandbox"
)

// Logging and event selectors: GetTrailStatus, StartLogging, StopLogging,
// GetEventSelectors, PutEventSelectors.

type trailStatusOut struct {
	IsLogging          bool           `json:"IsLogging"`
	StartLoggingTime   *sandbox.Epoch `json:"StartLoggingTime,omitempty"`
	StopLoggingTime    *sandbox.Epoch `json:"StopLoggingTime,omitempty"`
	TimeLoggingStarted string         `json:"TimeLoggingStarted,omitempty"`
	TimeLoggingStopped string         `json:"TimeLoggingStopped,omitempty"`
}

// statusTime is how the status' string members write a time.
func statusTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format("2006-01-02T15:04:05Z")
}

// getTrailStatus answers in any region the trail shows in.
func getTrailStatus(c *call, in *nameInput) (*trailStatusOut, *sandbox.Error) {
	t, e := c.lookup(in.Name)
	if e != nil {
		return nil, e
	}
	return &trailStatusOut{
		IsLogging: t.Logging, StartLoggingTime: sandbox.EpochOf(t.StartedAt), StopLoggingTime: sandbox.EpochOf(t.StoppedAt),
		TimeLoggingStarted: statusTime(t.StartedAt), TimeLoggingStopped: statusTime(t.StoppedAt),
	}, nil
}

func startLogging(c *call, in *nameInput) (*empty, *sandbox.Error) {
	t, e := c.changeable(c.lookup(in.Name))
	if e != nil {
		return nil, e
	}
	if !t.Logging {
		t.Logging, t.StartedAt = true, c.Now
	}
	return &empty{}, nil
}

func stopLogging(c *call, in *nameInput) (*empty, *sandbox.Error) {
	t, e := c.changeable(c.lookup(in.Name))
	if e != nil {
		return nil, e
	}
	if t.Logging {
		t.Logging, t.StoppedAt = false, c.Now
	}
	return &empty{}, nil
}

// eventSelector is the EventSelector shape.
type eventSelector struct {
	ReadWriteType                 *string        `json:"ReadWriteType,omitempty"`
	IncludeManagementEvents       *bool          `json:"IncludeManagementEvents,omitempty"`
	DataResources                 []dataResource `json:"DataResources"`
	ExcludeManagementEventSources []string       `json:"ExcludeManagementEventSources"`
}

type dataResource struct {
	Type   *string  `json:"Type,omitempty"`
	Values []string `json:"Values,omitempty"`
}

// defaultSelectors is what a new trail logs: all management events.
var defaultSelectors = json.RawMessage(`[{"ReadWriteType":"All","IncludeManagementEvents":true,"DataResources":[],"ExcludeManagementEventSources":[]}]`)

const (
	maxEventSelectors = 5
	maxDataValues     = 250
)

var dataResourceTypes = map[string]bool{"AWS::S3::Object": true, "AWS::Lambda::Function": true, "AWS::DynamoDB::Table": true}

type selectorsInput struct {
	TrailName              *string           `json:"TrailName"`
	EventSelectors         []eventSelector   `json:"EventSelectors"`
	AdvancedEventSelectors []json.RawMessage `json:"AdvancedEventSelectors"`
}

type selectorsOut struct {
	TrailARN               string          `json:"TrailARN"`
	EventSelectors         json.RawMessage `json:"EventSelectors,omitempty"`
	AdvancedEventSelectors json.RawMessage `json:"AdvancedEventSelectors,omitempty"`
}

func (t *trail) selectors() *selectorsOut {
	out := &selectorsOut{TrailARN: t.arn(), EventSelectors: t.EventSelectors, AdvancedEventSelectors: t.AdvancedEventSelectors}
	if out.EventSelectors == nil && out.AdvancedEventSelectors == nil {
		out.EventSelectors = defaultSelectors
	}
	return out
}

func getEventSelectors(c *call, in *selectorsInput) (*selectorsOut, *sandbox.Error) {
	t, e := c.lookup(in.TrailName)
	if e != nil {
		return nil, e
	}
	return t.selectors(), nil
}

// putEventSelectors replaces the trail's selectors, basic or advanced.
func putEventSelectors(c *call, in *selectorsInput) (*selectorsOut, *sandbox.Error) {
	t, e := c.changeable(c.lookup(in.TrailName))
	if e != nil {
		return nil, e
	}
	switch {
	case in.EventSelectors != nil && in.AdvancedEventSelectors != nil:
		return nil, ctError("InvalidParameterCombinationException", "You cannot specify both EventSelectors and AdvancedEventSelectors.")
	case in.EventSelectors == nil && in.AdvancedEventSelectors == nil:
		return nil, ctError("InvalidParameterCombinationException", "You must specify either EventSelectors or AdvancedEventSelectors.")
	case len(in.EventSelectors) > maxEventSelectors || len(in.AdvancedEventSelectors) > 500:
		return nil, ctError("InvalidEventSelectorsException", "You can specify at most %d event selectors for a trail.", maxEventSelectors)
	}
	values := 0
	for i := range in.EventSelectors {
		s := &in.EventSelectors[i]
		if s.ReadWriteType == nil {
			s.ReadWriteType = ptr("All")
		}
		if s.IncludeManagementEvents == nil {
			s.IncludeManagementEvents = ptr(true)
		}
		if s.DataResources == nil {
			s.DataResources = []dataResource{}
		}
		if s.ExcludeManagementEventSources == nil {
			s.ExcludeManagementEventSources = []string{}
		}
		switch *s.ReadWriteType {
		case "ReadOnly", "WriteOnly", "All":
		default:
			return nil, ctError("InvalidEventSelectorsException", "Invalid ReadWriteType %s: use ReadOnly, WriteOnly or All.", *s.ReadWriteType)
		}
		for _, d := range s.DataResources {
			if d.Type == nil || !dataResourceTypes[*d.Type] {
				return nil, ctError("InvalidEventSelectorsException", "Invalid data resource type in event selector.")
			}
			values += len(d.Values)
		}
	}
	if values > maxDataValues {
		return nil, ctError("InvalidEventSelectorsException", "You can specify at most %d data resource values across a trail's event selectors.", maxDataValues)
	}
	t.EventSelectors, t.AdvancedEventSelectors = nil, nil
	if in.EventSelectors != nil {
		t.EventSelectors, _ = json.Marshal(in.EventSelectors)
	} else {
		t.AdvancedEventSelectors, _ = json.Marshal(in.AdvancedEventSelectors)
	}
	t.CustomSelectors = true
	return t.selectors(), nil
}

func ptr[T any](v T) *T { return &v }
