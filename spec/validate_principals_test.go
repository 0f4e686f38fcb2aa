package spec

import "testing"

// Service principals are checked against those AWS Organizations gives
// trusted access to (facts.TrustedAccessPrincipals), with a did-you-mean.
func TestServicePrincipals(t *testing.T) {
	runLoadCases(t, []loadCase{
		{
			name:  "a misspelt principal in trustedAccess",
			files: root("version: 1", "organization:", "  trustedAccess: [guarduty.amazonaws.com]"),
			want: []want{{summary: `"guarduty.amazonaws.com" is not a service principal AWS Organizations gives trusted access to`,
				file: "org.yaml", line: 3, col: 19, detail: `Did you mean "guardduty.amazonaws.com"?`}},
		},
		{
			name:  "a principal without its domain",
			files: root("version: 1", "organization:", "  trustedAccess: [securityhub]"),
			want:  []want{{summary: `"securityhub" is not a service principal`, line: 3, detail: `Did you mean "securityhub.amazonaws.com"?`}},
		},
		{
			name:  "a principal that is not Organizations'",
			files: root("version: 1", "organization:", "  trustedAccess: [lambda.amazonaws.com]"),
			want:  []want{{summary: `"lambda.amazonaws.com" is not a service principal`, line: 3}},
		},
		{
			name: "a misspelt delegated administrator service, reported once",
			files: root("version: 1", "organization:", "  trustedAccess: [config.amazonaws.com]",
				"  delegatedAdministrators:", "    - {service: confg.amazonaws.com, account: audit}",
				"accounts: [{name: audit, email: audit@example.com}]"),
			want: []want{{summary: `"confg.amazonaws.com" is not a service principal`, line: 5, col: 17, detail: `Did you mean "config.amazonaws.com"?`}},
		},
		{
			name: "known principals",
			files: root("version: 1", "organization:",
				"  trustedAccess: [config.amazonaws.com, sso.amazonaws.com, member.org.stacksets.cloudformation.amazonaws.com]",
				"  delegatedAdministrators: [{service: config.amazonaws.com, account: audit}]",
				"accounts: [{name: audit, email: audit@example.com}]"),
		},
	})
}
