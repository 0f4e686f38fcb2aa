package conformance

import (
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/orgctl/orgctl/facts"
	cfg "github.com/orgctl/orgctl/services/config"
	"github.com/orgctl/orgctl/spec"
)

// AWS's limits (API reference of PutOrganizationConformancePack and
// PutOrganizationConfigRule).
const (
	MaxTemplateBytes    = 51200 // TemplateBody
	MaxExcluded         = 1000  // ExcludedAccounts
	maxPackParameters   = 60    // ConformancePackInputParameters
	maxRuleParameters   = 2048  // InputParameters, as JSON
	DeliveryBucketStart = "awsconfigconforms"
)

// Frequencies are AWS's values of MaximumExecutionFrequency.
var Frequencies = []string{"One_Hour", "Three_Hours", "Six_Hours", "Twelve_Hours", "TwentyFour_Hours"}

var (
	rePackName   = regexp.MustCompile(`^[a-zA-Z][-a-zA-Z0-9]*$`)
	reIdentifier = regexp.MustCompile(`^[A-Z0-9_]+$`)
	reBucket     = regexp.MustCompile(`^[a-z0-9][a-z0-9.-]*[a-z0-9]$`)
)

// checkPacks validates conformancePacks and reads each pack's template.
func checkPacks(s *spec.Spec, v any, r *spec.Reporter) {
	packs := *v.(*ConformancePacks)
	checkAdmin(s, r, PacksPath)
	seen := map[string]bool{}
	for i := range packs {
		p := &packs[i]
		at := fmt.Sprintf("%s[%d]", PacksPath, i)
		switch {
		case p.Name == "":
			r.Errorf(at, "Name the pack.", "%s has no name", at)
		case len(p.Name) > 128 || !rePackName.MatchString(p.Name):
			r.Errorf(at+".name", "Start with a letter, then letters, digits and hyphens (at most 128).", "%s.name %q is not a valid conformance pack name", at, p.Name)
		case seen[p.Name]:
			r.Errorf(at+".name", "Pack names are unique in an organization; rename or remove one.", "conformance pack %s is declared twice", p.Name)
		}
		seen[p.Name] = true
		p.body = checkTemplate(r, at+".template", p.Template, p.Parameters)
		if len(p.Parameters) > maxPackParameters {
			r.Errorf(at+".parameters", "AWS takes at most 60 input parameters.", "%s.parameters has %d parameters", at, len(p.Parameters))
		}
		for k, val := range p.Parameters {
			if len(k) > 255 || len(val) > 4096 {
				r.Errorf(at+".parameters."+k, "A parameter's name has at most 255 characters, its value 4,096.", "%s.parameters.%s is too long", at, k)
			}
		}
		checkBucket(r, at+".deliveryBucket", p.DeliveryBucket)
		if p.DeliveryPrefix != "" && p.DeliveryBucket == "" {
			r.Errorf(at+".deliveryPrefix", "Name deliveryBucket too, or remove deliveryPrefix.", "%s.deliveryPrefix without a deliveryBucket", at)
		}
		checkRegions(s, r, at+".regions", p.Regions)
		checkExclude(s, r, at+".exclude", p.Exclude)
	}
}

// checkRules validates configRules.
func checkRules(s *spec.Spec, v any, r *spec.Reporter) {
	rules := *v.(*ConfigRules)
	checkAdmin(s, r, RulesPath)
	seen := map[string]bool{}
	for i := range rules {
		c := &rules[i]
		at := fmt.Sprintf("%s[%d]", RulesPath, i)
		switch {
		case strings.TrimSpace(c.Name) == "":
			r.Errorf(at, "Name the rule.", "%s has no name", at)
		case len(c.Name) > 64:
			r.Errorf(at+".name", "Use at most 64 characters.", "%s.name is longer than 64 characters", at)
		case seen[c.Name]:
			r.Errorf(at+".name", "Rule names are unique in an organization; rename or remove one.", "organization Config rule %s is declared twice", c.Name)
		}
		seen[c.Name] = true
		switch {
		case c.Identifier == "":
			r.Errorf(at, "Give the AWS managed rule's identifier: S3_BUCKET_PUBLIC_READ_PROHIBITED.", "%s.identifier is missing", at)
		case len(c.Identifier) > 256 || !reIdentifier.MatchString(c.Identifier):
			r.Errorf(at+".identifier", "AWS managed rules are named in capitals with underscores: S3_BUCKET_PUBLIC_READ_PROHIBITED (the identifier, not the rule's console name).",
				"%s.identifier %q is not a managed rule identifier", at, c.Identifier)
		}
		if len(c.Description) > 256 {
			r.Errorf(at+".description", "Use at most 256 characters.", "%s.description is too long", at)
		}
		if doc := RuleParameters(c.Parameters); len(doc) > maxRuleParameters {
			r.Errorf(at+".parameters", "AWS takes at most 2,048 characters of input parameters (as JSON).", "%s.parameters is %d characters as JSON", at, len(doc))
		}
		if f := c.MaximumExecutionFrequency; f != "" && !slices.Contains(Frequencies, f) {
			r.Errorf(at+".maximumExecutionFrequency", "Write one of "+strings.Join(Frequencies, ", ")+"."+spec.DidYouMean(f, Frequencies),
				"%s.maximumExecutionFrequency %q is not a frequency", at, f)
		}
		if len(c.ResourceTypes) > 100 {
			r.Errorf(at+".resourceTypes", "List at most 100 resource types.", "%s.resourceTypes has %d types", at, len(c.ResourceTypes))
		}
		checkRegions(s, r, at+".regions", c.Regions)
		checkExclude(s, r, at+".exclude", c.Exclude)
	}
}

// RuleParameters is the JSON document a rule's parameters are sent as;
// "" for none.
func RuleParameters(m map[string]any) string {
	if len(m) == 0 {
		return ""
	}
	b, err := json.Marshal(m)
	if err != nil {
		return ""
	}
	return string(b)
}

// checkAdmin: organization packs and rules are made by AWS Config's
// delegated administrator, which security.config registers.
func checkAdmin(s *spec.Spec, r *spec.Reporter, at string) {
	if spec.SectionOf[cfg.AWSConfig](s, cfg.Path) == nil {
		r.Errorf(at, "Add security.config (with security.admin or security.config.admin): AWS Config's delegated administrator makes the organization's packs and rules, and orgctl registers it there.",
			"%s needs security.config", at)
	}
}

// checkTemplate reads and checks a pack's template; it returns its bytes.
func checkTemplate(r *spec.Reporter, at, file string, params map[string]string) []byte {
	if file == "" {
		r.Errorf(strings.TrimSuffix(at, ".template"), "Add template: the pack's YAML template file, relative to the spec file.", "%s is missing", at)
		return nil
	}
	data, disp, ok := r.ReadFile(at, file)
	if !ok {
		return nil
	}
	if len(data) > MaxTemplateBytes {
		r.Errorf(at, "AWS takes a template body of at most 51,200 bytes; split the pack in two.", "%s: %s is %d bytes", at, disp, len(data))
		return nil
	}
	var t struct {
		Parameters map[string]any `yaml:"Parameters"`
		Resources  map[string]any `yaml:"Resources"`
	}
	if err := yaml.Unmarshal(data, &t); err != nil {
		r.Errorf(at, "A conformance pack template is YAML (CloudFormation syntax).", "%s: %s is not a valid template: %v", at, disp, err)
		return nil
	}
	if len(t.Resources) == 0 {
		r.Errorf(at, "A conformance pack template lists its Config rules under Resources.", "%s: %s has no Resources", at, disp)
		return nil
	}
	declared := make([]string, 0, len(t.Parameters))
	for k := range t.Parameters {
		declared = append(declared, k)
	}
	for k := range params {
		if !slices.Contains(declared, k) {
			r.Errorf(strings.TrimSuffix(at, ".template")+".parameters."+k, "Name a parameter the template declares under Parameters."+spec.DidYouMean(k, declared),
				"parameter %s is not declared by %s", k, disp)
		}
	}
	return data
}

// checkBucket: AWS takes only a bucket whose name starts with
// awsconfigconforms.
func checkBucket(r *spec.Reporter, at, b string) {
	switch {
	case b == "":
	case !strings.HasPrefix(b, DeliveryBucketStart):
		r.Errorf(at, "AWS Config delivers conformance pack templates only to a bucket whose name starts with awsconfigconforms.", "%s %q does not start with awsconfigconforms", at, b)
	case len(b) > 63 || !reBucket.MatchString(b):
		r.Errorf(at, "Give the bucket's name (3 to 63 lower-case letters, digits, dots and hyphens), not its ARN.", "%s %q is not a bucket name", at, b)
	}
}

// checkRegions: all, or a list of distinct governed Regions where AWS
// Config is.
func checkRegions(s *spec.Spec, r *spec.Reporter, at string, v any) {
	governed := s.GovernedRegions()
	switch x := v.(type) {
	case nil:
	case string:
		if x != "all" {
			r.Errorf(at, "Write all, or a list of governed Regions."+spec.DidYouMean(x, []string{"all"}), "%s %q is not all nor a list of Regions", at, x)
		}
	case []any:
		if len(x) == 0 {
			r.Errorf(at, "List at least one Region, or write all.", "%s is empty", at)
		}
		seen := map[string]bool{}
		for i, e := range x {
			region, _ := e.(string)
			at := fmt.Sprintf("%s[%d]", at, i)
			switch _, known := facts.LookupRegion(region); {
			case !known:
				r.Errorf(at, "Write a Region's code."+spec.DidYouMean(region, facts.RegionCodes()), "%s: unknown Region %q", at, region)
			case !slices.Contains(governed, region):
				r.Errorf(at, "orgctl deploys only to governed Regions: add it to settings.regions, or remove it.", "%s: %s is not a governed Region", at, region)
			case !cfg.Availability.Offered(region):
				r.Errorf(at, "AWS Config is not offered there; remove it.", "%s: AWS Config is not offered in %s", at, region)
			case seen[region]:
				r.Errorf(at, "Remove the second one.", "%s: %s is listed twice", at, region)
			}
			seen[region] = true
		}
	default:
		r.Errorf(at, "Write all, or a list of governed Regions.", "%s is not all nor a list of Regions", at)
	}
}

// checkExclude checks the accounts and OUs named exist, and that they
// come to at most AWS's 1,000 accounts.
func checkExclude(s *spec.Spec, r *spec.Reporter, at string, e *Exclude) {
	if e == nil {
		return
	}
	for i, name := range e.Accounts {
		r.Account(fmt.Sprintf("%s.accounts[%d]", at, i), name, at+".accounts")
	}
	var paths []string
	s.WalkOUs(func(p string, _ *spec.OU, _ string) { paths = append(paths, p) })
	for i, ou := range e.OUs {
		if !slices.Contains(paths, ou) {
			r.Errorf(fmt.Sprintf("%s.ous[%d]", at, i), "Name an OU of the spec by its path (Workloads/Dev)."+spec.DidYouMean(ou, paths), "%s.ous: unknown OU %q", at, ou)
		}
	}
	if n := len(excluded(s, e)); n > MaxExcluded {
		r.Errorf(at, "AWS excludes at most 1,000 accounts from a deployment; exclude fewer.", "%s comes to %d accounts", at, n)
	}
}
