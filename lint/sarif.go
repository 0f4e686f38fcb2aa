package lint

import (
	"encoding/json"
	"io"
	"net/url"
	"path"
	"path/filepath"
	"strings"

	"github.com/orgctl/orgctl/diag"
)

// SARIF 2.1.0, as GitHub code scanning reads it: one run, the rules as
// the driver's reportingDescriptors, a result per finding located in the
// spec, suppressed findings carrying their settings.lint.disable reason.
type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool        sarifTool         `json:"tool"`
	Invocations []sarifInvocation `json:"invocations"`
	Results     []sarifResult     `json:"results"`
}

type sarifInvocation struct {
	ExecutionSuccessful bool `json:"executionSuccessful"`
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name           string      `json:"name"`
	Version        string      `json:"version,omitempty"`
	InformationURI string      `json:"informationUri,omitempty"`
	Rules          []sarifRule `json:"rules"`
}

type sarifText struct {
	Text string `json:"text"`
}

type sarifRule struct {
	ID                   string         `json:"id"`
	Name                 string         `json:"name"`
	ShortDescription     sarifText      `json:"shortDescription"`
	FullDescription      sarifText      `json:"fullDescription"`
	Help                 sarifText      `json:"help"`
	DefaultConfiguration sarifConfig    `json:"defaultConfiguration"`
	Properties           map[string]any `json:"properties"`
}

type sarifConfig struct {
	Level string `json:"level"`
}

type sarifResult struct {
	RuleID       string             `json:"ruleId"`
	RuleIndex    int                `json:"ruleIndex"`
	Level        string             `json:"level"`
	Message      sarifText          `json:"message"`
	Locations    []sarifLocation    `json:"locations"`
	Suppressions []sarifSuppression `json:"suppressions,omitempty"`
}

type sarifSuppression struct {
	Kind          string `json:"kind"`
	Justification string `json:"justification"`
}

type sarifLocation struct {
	PhysicalLocation sarifPhysical `json:"physicalLocation"`
}

type sarifPhysical struct {
	ArtifactLocation sarifArtifact `json:"artifactLocation"`
	Region           *sarifRegion  `json:"region,omitempty"`
}

type sarifArtifact struct {
	URI       string `json:"uri"`
	URIBaseID string `json:"uriBaseId,omitempty"`
}

type sarifRegion struct {
	StartLine   int `json:"startLine"`
	StartColumn int `json:"startColumn,omitempty"`
}

// securitySeverity is GitHub's security-severity score of a level: high
// for errors, medium for warnings.
var securitySeverity = map[diag.Severity]string{diag.Error: "8.0", diag.Warning: "5.0"}

// WriteSARIF writes the report as a SARIF 2.1.0 log; version is orgctl's.
func WriteSARIF(w io.Writer, r *Report, version string) error {
	run := sarifRun{
		Tool:        sarifTool{Driver: sarifDriver{Name: "orgctl lint", Version: version, Rules: []sarifRule{}}},
		Invocations: []sarifInvocation{{ExecutionSuccessful: true}},
		Results:     []sarifResult{},
	}
	index := map[string]int{}
	for i, rule := range registry {
		index[rule.ID] = i
		run.Tool.Driver.Rules = append(run.Tool.Driver.Rules, sarifRule{
			ID: rule.ID, Name: ruleName(rule.ID),
			ShortDescription:     sarifText{rule.Title},
			FullDescription:      sarifText{rule.Why},
			Help:                 sarifText{"Fix: " + rule.Fix},
			DefaultConfiguration: sarifConfig{Level: string(rule.Severity)},
			Properties: map[string]any{"tags": []string{"security", rule.Group},
				"security-severity": securitySeverity[rule.Severity]},
		})
	}
	for _, f := range r.Findings {
		res := sarifResult{RuleID: f.Rule, RuleIndex: index[f.Rule], Level: string(f.Severity),
			Message: sarifText{f.Message}, Locations: []sarifLocation{{PhysicalLocation: physical(f.Subject, r.File)}}}
		if f.Suppressed {
			res.Suppressions = []sarifSuppression{{Kind: "inSource", Justification: f.Reason}}
		}
		run.Results = append(run.Results, res)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(sarifLog{Schema: "https://json.schemastore.org/sarif-2.1.0.json", Version: "2.1.0", Runs: []sarifRun{run}})
}

// ruleName is a rule id in SARIF's PascalCase name style: org-trail ->
// OrgTrail.
func ruleName(id string) string {
	var b strings.Builder
	for _, part := range strings.Split(id, "-") {
		if part != "" {
			b.WriteString(strings.ToUpper(part[:1]) + part[1:])
		}
	}
	return b.String()
}

// physical locates a finding: a relative path is relative to the
// repository (%SRCROOT%), as code scanning expects of a checkout.
func physical(p *diag.Pos, fallback string) sarifPhysical {
	file := fallback
	var region *sarifRegion
	if p != nil {
		file = p.File
		if p.Line > 0 {
			region = &sarifRegion{StartLine: p.Line, StartColumn: max(p.Col, 1)}
		}
	}
	file = filepath.ToSlash(file)
	if path.IsAbs(file) {
		return sarifPhysical{ArtifactLocation: sarifArtifact{URI: (&url.URL{Scheme: "file", Path: file}).String()}, Region: region}
	}
	file = path.Clean(file)
	return sarifPhysical{ArtifactLocation: sarifArtifact{URI: (&url.URL{Path: file}).String(), URIBaseID: "%SRCROOT%"}, Region: region}
}
