package detective

import (
	"github.com/orgctl/orgctl/engine"
	"github.com/orgctl/orgctl/services/regional"
)

// Kinds of Detective, one of each per governed region.
const (
	// KindAdmin is Detective's delegated administrator in a region, keyed
	// REGION/ACCOUNT-EMAIL: moving the administrator to another account is
	// a new one, made once the old one is gone everywhere.
	KindAdmin engine.Kind = "detective-admin"
	// KindOrgConfig is the organization configuration the administrator
	// keeps in a region (whether accounts that join are enrolled), keyed
	// like the administrator.
	KindOrgConfig engine.Kind = "detective-org-config"
	// KindMembers is the enrolment of the organization's existing accounts
	// in a region, keyed like the administrator: desired only with
	// members: all, never deleted (orgctl removes no member).
	KindMembers engine.Kind = "detective-members"
)

// Attributes, those of every service that enrols accounts.
const (
	AttrRegion  = regional.AttrRegion
	AttrAccount = regional.AttrAccount
	AttrFirst   = regional.AttrFirst
	AttrMembers = regional.AttrMembers
)

// Principal is Detective's service principal.
const Principal = "detective.amazonaws.com"

// Availability is where AWS offers Detective: every commercial and GovCloud
// Region but these (AWS General Reference, "Amazon Detective endpoints and
// quotas"; the isolated partitions and the European Sovereign Cloud are
// not listed there).
var Availability = regional.Availability{
	Service: "Amazon Detective",
	NotIn: []string{"ap-east-2", "ap-southeast-6", "me-west-1", "sa-west-1", "eusc-de-east-1",
		"us-iso-east-1", "us-iso-west-1", "us-isob-east-1", "us-isob-west-1", "eu-isoe-west-1", "us-isof-east-1", "us-isof-south-1"},
}

// Admin returns the ref of the administrator account (by its key) in region.
func Admin(region, account string) engine.Ref {
	return engine.Ref{Kind: KindAdmin, Key: region + "/" + account}
}

// OrgConfig returns the ref of the organization configuration account
// (by its key) keeps in region.
func OrgConfig(region, account string) engine.Ref {
	return engine.Ref{Kind: KindOrgConfig, Key: region + "/" + account}
}

// Members returns the ref of the enrolment of existing accounts by the
// administrator account (by its key) in region.
func Members(region, account string) engine.Ref {
	return engine.Ref{Kind: KindMembers, Key: region + "/" + account}
}

// enrolling is Detective's administrator, organization configuration and
// members.
var enrolling = regional.Enrolling{
	Admin: regional.Admin{
		Kind: KindAdmin, Rank: 20, Principal: Principal, Availability: Availability, Section: Path,
		NotManagement: "the management account cannot be Detective's delegated administrator (Organizations refuses it; as Detective administrator without delegation it would hold the organization graph in the management account); name a member account (a security account) in security.admin",
	},
	OrgConfig: KindOrgConfig, Members: KindMembers, Path: Path,
}

var kinds = enrolling.Kinds()
