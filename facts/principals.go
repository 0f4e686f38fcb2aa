package facts

import "slices"

// TrustedAccessPrincipals are the service principals AWS Organizations
// gives trusted access to, with the service each stands for: those of
// AWS's page "AWS services that you can use with AWS Organizations" (the
// Organizations User Guide) and its per-service pages. EnableAWSServiceAccess
// refuses any other. A principal AWS adds later is refused until it is
// added here.
var TrustedAccessPrincipals = map[string]string{
	"access-analyzer.amazonaws.com":                      "IAM Access Analyzer",
	"account.amazonaws.com":                              "AWS Account Management",
	"auditmanager.amazonaws.com":                         "AWS Audit Manager",
	"aws-artifact-account-sync.amazonaws.com":            "AWS Artifact",
	"backup.amazonaws.com":                               "AWS Backup",
	"billing-cost-management.amazonaws.com":              "AWS Billing and Cost Management",
	"cloudtrail.amazonaws.com":                           "AWS CloudTrail",
	"compute-optimizer.amazonaws.com":                    "AWS Compute Optimizer",
	"config.amazonaws.com":                               "AWS Config",
	"config-multiaccountsetup.amazonaws.com":             "AWS Config (organization rules and conformance packs)",
	"controltower.amazonaws.com":                         "AWS Control Tower",
	"cost-optimization-hub.bcm.amazonaws.com":            "AWS Cost Optimization Hub",
	"detective.amazonaws.com":                            "Amazon Detective",
	"devops-guru.amazonaws.com":                          "Amazon DevOps Guru",
	"ds.amazonaws.com":                                   "AWS Directory Service",
	"ec2.amazonaws.com":                                  "Amazon EC2 (declarative policies)",
	"fms.amazonaws.com":                                  "AWS Firewall Manager",
	"guardduty.amazonaws.com":                            "Amazon GuardDuty",
	"malware-protection.guardduty.amazonaws.com":         "Amazon GuardDuty Malware Protection",
	"health.amazonaws.com":                               "AWS Health",
	"iam.amazonaws.com":                                  "AWS Identity and Access Management",
	"inspector2.amazonaws.com":                           "Amazon Inspector",
	"ipam.amazonaws.com":                                 "Amazon VPC IP Address Manager",
	"license-management.marketplace.amazonaws.com":       "AWS Marketplace license management",
	"license-manager.amazonaws.com":                      "AWS License Manager",
	"license-manager.member-account.amazonaws.com":       "AWS License Manager (member accounts)",
	"license-manager-linux-subscriptions.amazonaws.com":  "AWS License Manager Linux subscriptions",
	"license-manager-user-subscriptions.amazonaws.com":   "AWS License Manager user-based subscriptions",
	"macie.amazonaws.com":                                "Amazon Macie",
	"member.org.stacksets.cloudformation.amazonaws.com":  "AWS CloudFormation StackSets",
	"mgn.amazonaws.com":                                  "AWS Application Migration Service",
	"networkmanager.amazonaws.com":                       "AWS Network Manager",
	"notifications.amazonaws.com":                        "AWS User Notifications",
	"ram.amazonaws.com":                                  "AWS Resource Access Manager",
	"reachabilityanalyzer.networkinsights.amazonaws.com": "Amazon VPC Reachability Analyzer",
	"reporting.trustedadvisor.amazonaws.com":             "AWS Trusted Advisor",
	"resource-explorer-2.amazonaws.com":                  "AWS Resource Explorer",
	"security-ir.amazonaws.com":                          "AWS Security Incident Response",
	"securityhub.amazonaws.com":                          "AWS Security Hub",
	"securitylake.amazonaws.com":                         "Amazon Security Lake",
	"servicecatalog.amazonaws.com":                       "AWS Service Catalog",
	"servicequotas.amazonaws.com":                        "Service Quotas",
	"ssm.amazonaws.com":                                  "AWS Systems Manager",
	"sso.amazonaws.com":                                  "AWS IAM Identity Center",
	"storage-lens.s3.amazonaws.com":                      "Amazon S3 Storage Lens",
	"tagpolicies.tag.amazonaws.com":                      "Tag policies",
	"wellarchitected.amazonaws.com":                      "AWS Well-Architected Tool",
}

// TrustedAccessPrincipalNames lists the principals, sorted.
func TrustedAccessPrincipalNames() []string {
	out := make([]string, 0, len(TrustedAccessPrincipals))
	for p := range TrustedAccessPrincipals {
		out = append(out, p)
	}
	slices.Sort(out)
	return out
}
