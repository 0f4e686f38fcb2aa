package securityhub

import (
	"regexp"
	"slices"
	"strings"

	"github.com/orgctl/orgctl/facts"
	"github.com/orgctl/orgctl/services/regional"
)

// Availability is where AWS offers Security Hub CSPM: the Regions of
// botocore's endpoints.json (1.43) for "securityhub" that orgctl knows
// (facts.Regions). me-west-1, sa-west-1, eu-isoe-west-1 and the aws-iso-f
// Regions have no Security Hub endpoint there.
var Availability = regional.Availability{
	Service: "AWS Security Hub CSPM",
	NotIn:   []string{"me-west-1", "sa-west-1", "eu-isoe-west-1", "us-isof-east-1", "us-isof-south-1"},
}

// Standard is a security standard a configuration policy can enable.
type Standard struct {
	// Name is the standard's name and version as its ARN ends:
	// cis-aws-foundations-benchmark/v/3.0.0.
	Name string
	// Ruleset marks the one standard whose ARN is the older, Region-less
	// ruleset form (CIS 1.2.0).
	Ruleset bool
}

// Standards are the standards of Security Hub CSPM that a configuration
// policy may enable (Control Tower's service-managed standard may not).
var Standards = []Standard{
	{Name: "aws-foundational-security-best-practices/v/1.0.0"},
	{Name: "cis-aws-foundations-benchmark/v/1.2.0", Ruleset: true},
	{Name: "cis-aws-foundations-benchmark/v/1.4.0"},
	{Name: "cis-aws-foundations-benchmark/v/3.0.0"},
	{Name: "cis-aws-foundations-benchmark/v/5.0.0"},
	{Name: "nist-800-53/v/5.0.0"},
	{Name: "nist-800-171/v/2.0.0"},
	{Name: "pci-dss/v/3.2.1"},
	{Name: "pci-dss/v/4.0.1"},
	{Name: "aws-resource-tagging-standard/v/1.0.0"},
}

// StandardNames lists the standards' names.
func StandardNames() []string {
	out := make([]string, len(Standards))
	for i, s := range Standards {
		out[i] = s.Name
	}
	return out
}

// StandardARN returns the ARN AWS gives the named standard in region, as
// EnabledStandardIdentifiers takes it: arn:aws:securityhub:REGION::standards/NAME,
// or arn:aws:securityhub:::ruleset/NAME for CIS 1.2.0.
func StandardARN(region, name string) string {
	partition := "aws"
	if r, ok := facts.LookupRegion(region); ok {
		partition = r.Partition
	}
	i := slices.IndexFunc(Standards, func(s Standard) bool { return s.Name == name })
	if i >= 0 && Standards[i].Ruleset {
		return "arn:" + partition + ":securityhub:::ruleset/" + name
	}
	return "arn:" + partition + ":securityhub:" + region + "::standards/" + name
}

// StandardName returns the name in a standard's ARN, or the ARN itself
// when it is not one.
func StandardName(arn string) string {
	if m := reStandardARN.FindStringSubmatch(arn); m != nil {
		return m[1]
	}
	return arn
}

var reStandardARN = regexp.MustCompile(`^arn:[a-z-]+:securityhub:(?:[a-z0-9-]*::standards|::ruleset)/(.+)$`)

// reControlID is a security control's ID: a service and a number (IAM.6,
// CloudTrail.1, EC2.18).
var reControlID = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9]*\.[0-9]+$`)

// Parameter value types, as AWS's ParameterValue union names them.
const (
	TypeInteger     = "Integer"
	TypeIntegerList = "IntegerList"
	TypeDouble      = "Double"
	TypeString      = "String"
	TypeStringList  = "StringList"
	TypeBoolean     = "Boolean"
	TypeEnum        = "Enum"
	TypeEnumList    = "EnumList"
)

// ParamDef is a control parameter: its type and, for numbers, its range.
type ParamDef struct {
	Type     string
	Min, Max float64 // both 0: no range
	Values   []string
}

// ControlParameters are the parameters of the controls orgctl knows, from
// Security Hub CSPM's controls reference. A control not listed here may
// still take parameters: orgctl then infers their types from the values.
var ControlParameters = map[string]map[string]ParamDef{
	"ACM.1":         {"daysToExpiration": {Type: TypeInteger, Min: 14, Max: 365}},
	"CloudWatch.16": {"minRetentionTime": {Type: TypeInteger, Min: 1, Max: 3653}},
	"EC2.18": {
		"authorizedTcpPorts": {Type: TypeIntegerList, Min: 1, Max: 65535},
		"authorizedUdpPorts": {Type: TypeIntegerList, Min: 1, Max: 65535},
	},
	"IAM.7": {
		"RequireUppercaseCharacters": {Type: TypeBoolean},
		"RequireLowercaseCharacters": {Type: TypeBoolean},
		"RequireSymbols":             {Type: TypeBoolean},
		"RequireNumbers":             {Type: TypeBoolean},
		"MinimumPasswordLength":      {Type: TypeInteger, Min: 8, Max: 128},
		"PasswordReusePrevention":    {Type: TypeInteger, Min: 1, Max: 24},
		"MaxPasswordAge":             {Type: TypeInteger, Min: 1, Max: 90},
	},
	"Lambda.5": {"minAvailabilityZones": {Type: TypeInteger, Min: 2, Max: 6}},
}

// knownControls lists the controls of ControlParameters, sorted.
func knownControls() []string {
	out := make([]string, 0, len(ControlParameters))
	for c := range ControlParameters {
		out = append(out, c)
	}
	slices.Sort(out)
	return out
}

// paramNames lists a known control's parameters, sorted.
func paramNames(control string) []string {
	var out []string
	for p := range ControlParameters[control] {
		out = append(out, p)
	}
	slices.Sort(out)
	return out
}

// ParamKey is the key of a control parameter in a policy's parameters
// attribute: CONTROL/PARAMETER.
func ParamKey(control, param string) string { return control + "/" + param }

// SplitParamKey splits a ParamKey.
func SplitParamKey(key string) (control, param string) {
	control, param, _ = strings.Cut(key, "/")
	return control, param
}
