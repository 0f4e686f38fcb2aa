package spec

import "github.com/orgctl/orgctl/diag"

// Spec is org.yaml with its includes merged. Field names and json tags are
// the YAML keys; schema.json is generated from these types, so a field's doc
// comment is what an editor shows for its key.
type Spec struct {
	// Version of the spec format. Must be 1.
	Version int `json:"version" jsonschema:"enum=1"`
	// Include lists more spec files (globs, relative to this file) whose
	// accounts, policies and organizational units are merged in.
	Include []string `json:"include,omitempty"`
	// Settings of orgctl itself.
	Settings Settings `json:"settings,omitempty"`
	// Organization-wide settings and the policies attached to the root.
	Organization Organization `json:"organization,omitempty"`
	// OrganizationalUnits is the OU tree below the root. An OU is named by
	// its path, for example Workloads/Prod.
	OrganizationalUnits []OU `json:"organizationalUnits,omitempty"`
	// Accounts of the organization, flat; each names its OU by path.
	Accounts []Account `json:"accounts,omitempty"`
	// Policies declared by this spec. AWS-managed policies (FullAWSAccess,
	// RCPFullAWSAccess) are referenced by name without being declared.
	Policies []Policy `json:"policies,omitempty"`
	// Security names the account that runs the security services for the
	// whole organization; each service's settings are a key of it.
	Security Security `json:"security,omitempty"`

	// File is the root spec file as given to Load.
	File string `json:"-"`
	// Sources holds the bytes of every file read, for diagnostics.
	Sources map[string][]byte `json:"-"`
	// Locs maps model paths (accounts[3].email) to their place in the source.
	Locs Locations `json:"-"`

	// sections holds the decoded service sections (cloudTrail,
	// security.guardDuty) by path; see RegisterSection.
	sections map[string]any
	// files reads the files sections name (a conformance pack's
	// template), from where the spec was read.
	files specFiles
}

// Security is where the security services are run from. Each service a
// spec enables has its key here (guardDuty, ...).
type Security struct {
	// Admin is the name of the account that is delegated administrator of
	// every security service: a member account of the spec, never the
	// management account.
	Admin string `json:"admin,omitempty" jsonschema:"minLength=1,maxLength=50"`
}

// Settings are orgctl's own settings.
type Settings struct {
	// HomeRegion is where global and organization-wide resources are managed.
	// Default us-east-1.
	HomeRegion string `json:"homeRegion,omitempty" jsonschema:"example=us-east-1"`
	// Regions where regional security services are configured, in the
	// home region's partition. Default: the home region.
	Regions []string `json:"regions,omitempty"`
	// CrossAccountRole is the role orgctl assumes in member accounts, and the
	// role new accounts are created with. Default OrganizationAccountAccessRole.
	CrossAccountRole string `json:"crossAccountRole,omitempty" jsonschema:"minLength=1,maxLength=64"`
	// CrossAccountExternalID is passed to STS when orgctl assumes
	// crossAccountRole, for roles whose trust policy requires an
	// sts:ExternalId.
	CrossAccountExternalID string `json:"crossAccountExternalId,omitempty" jsonschema:"minLength=2,maxLength=1224,pattern=^[\\w+=\\,.@:/-]+$"`
	// Prune deletes OUs and policies that orgctl created (tagged
	// managed-by=orgctl) once they are removed from the spec. Default true.
	// Deletion still needs --allow-destroy.
	Prune *bool `json:"prune,omitempty"`
	// Adopt makes orgctl the owner of every OU, policy and account this
	// spec declares, including those it did not create: apply tags the ones
	// that lack managed-by=orgctl, after which prune may delete them once
	// they leave the spec. orgctl import --adopt sets it. Default false.
	Adopt bool `json:"adopt,omitempty"`
	// Ignore lists live policies, OUs and accounts orgctl leaves alone,
	// each with the reason: they are neither changed nor drift.
	Ignore []Ignore `json:"ignore,omitempty"`
	// Lint configures orgctl lint, the security review of the organization
	// this spec describes.
	Lint Lint `json:"lint,omitempty"`
}

// Lint configures orgctl lint.
type Lint struct {
	// Disable switches lint rules off, each with the reason. A disabled
	// rule is still listed by orgctl lint, as disabled, with its reason.
	Disable []LintDisable `json:"disable,omitempty"`
}

// LintDisable switches one lint rule off.
type LintDisable struct {
	// Rule is the rule's id, as orgctl lint prints it (org-trail).
	Rule string `json:"rule" jsonschema:"minLength=1"`
	// Reason says why the rule does not apply here, for whoever reviews
	// the spec next.
	Reason string `json:"reason"`
}

// Ignore names, by a glob pattern, live resources orgctl leaves alone.
// Give one of policy, ou or account, and the reason.
type Ignore struct {
	// Policy matches policy names, such as aws-guardrails-*. An ignored
	// policy stays attached wherever it is.
	Policy string `json:"policy,omitempty"`
	// OU matches OU paths, such as Sandbox/Experiments*.
	OU string `json:"ou,omitempty"`
	// Account matches account names or emails.
	Account string `json:"account,omitempty"`
	// Reason says why, for whoever reads the spec next.
	Reason string `json:"reason"`
}

// Organization holds organization-wide settings.
type Organization struct {
	// FeatureSet of the organization: ALL (default) or CONSOLIDATED_BILLING.
	FeatureSet string `json:"featureSet,omitempty" jsonschema:"enum=ALL,enum=CONSOLIDATED_BILLING"`
	// PolicyTypes enabled on the root. This list is authoritative.
	PolicyTypes []string `json:"policyTypes,omitempty" jsonschema:"uniqueItems=true"`
	// TrustedAccess lists extra AWS service principals given trusted access
	// to the organization; those the spec implies are added by orgctl.
	TrustedAccess []string `json:"trustedAccess,omitempty"`
	// Policies attached to the root, by name. Authoritative.
	Policies []string `json:"policies,omitempty"`
	// Tags on the root.
	Tags map[string]string `json:"tags,omitempty"`
	// DelegatedAdministrators makes member accounts delegated
	// administrators of AWS services. Each service listed here is the
	// spec's: an account registered for it in AWS but not listed here is
	// deregistered. Services not listed are left alone.
	DelegatedAdministrators []DelegatedAdministrator `json:"delegatedAdministrators,omitempty"`
}

// DelegatedAdministrator registers one account for one service.
type DelegatedAdministrator struct {
	// Service is the service principal, such as config.amazonaws.com. It
	// needs trusted access: list it in organization.trustedAccess too.
	Service string `json:"service"`
	// Account is the name of an account of the spec.
	Account string `json:"account"`
}

// OU is an organizational unit and its children.
type OU struct {
	// Name of the OU, unique among its siblings (1-128 characters, no /).
	Name string `json:"name" jsonschema:"minLength=1,maxLength=128,pattern=^[^/]+$"`
	// Policies attached to the OU, by name. Authoritative. With none of a
	// type listed, AWS's default (FullAWSAccess for SCPs) stays attached.
	Policies []string `json:"policies,omitempty"`
	// Tags on the OU.
	Tags map[string]string `json:"tags,omitempty"`
	// Children OUs.
	Children []OU `json:"children,omitempty"`
	// RenamedFrom is the OU's previous name, under the same parent: orgctl
	// renames the OU in place, keeping its ID, its accounts and its
	// children, where without it the plan would create a new OU and delete
	// the old. Remove it once applied.
	RenamedFrom string `json:"renamedFrom,omitempty" jsonschema:"minLength=1,maxLength=128,pattern=^[^/]+$"`
}

// Account is a member account, identified by its email.
type Account struct {
	// Name of the account (1-50 printable ASCII characters).
	Name string `json:"name" jsonschema:"minLength=1,maxLength=50,pattern=^[ -~]+$"`
	// Email of the account's root user: the account's identity, unique.
	Email string `json:"email" jsonschema:"minLength=6,maxLength=64,pattern=^[^\\s@]+@[^\\s@]+\\.[^\\s@]+$"`
	// OU is the path of the account's OU (Workloads/Prod); empty for the root.
	OU string `json:"ou,omitempty"`
	// Tags on the account.
	Tags map[string]string `json:"tags,omitempty"`
	// Policies attached directly to the account, by name. Authoritative.
	Policies []string `json:"policies,omitempty"`
	// Closed asks orgctl to close the account (needs --allow-destroy).
	Closed bool `json:"closed,omitempty"`
}

// Policy is an organization policy declared by the spec.
type Policy struct {
	// Name of the policy, unique in the spec (1-128 characters).
	Name string `json:"name" jsonschema:"minLength=1,maxLength=128"`
	// Type of the policy.
	Type string `json:"type"`
	// Description of the policy (up to 512 characters).
	Description string `json:"description,omitempty" jsonschema:"maxLength=512"`
	// Document is the policy inline, as YAML or as a JSON string. Give
	// either document or file.
	Document any `json:"document,omitempty" jsonschema:"oneof_type=object;string"`
	// File holds the policy document (JSON or YAML), relative to the spec file.
	File string `json:"file,omitempty"`
	// Tags on the policy.
	Tags map[string]string `json:"tags,omitempty"`

	// Content is the document as minified JSON, as sent to AWS. Set by Load.
	Content string `json:"-"`
}

// Locations maps a path into the model to its place in the source. Paths
// look like accounts[3].email or organizationalUnits[1].children[0].name;
// the empty path is the root document. Entries of a mapping are keyed by
// their key: accounts[3].tags.owner places the value, and the same path
// plus KeySuffix places the key.
type Locations map[string]diag.Pos

// Pos returns the position of path, or of its nearest ancestor that has one.
func (l Locations) Pos(path string) *diag.Pos {
	for {
		if p, ok := l[path]; ok {
			return &p
		}
		if path == "" {
			return nil
		}
		path = parentPath(path)
	}
}

// parentPath strips the last element of a path: a.b[2].c -> a.b[2] -> a.b -> a -> "".
func parentPath(path string) string {
	for i := len(path) - 1; i >= 0; i-- {
		switch path[i] {
		case '.':
			return path[:i]
		case '[':
			return path[:i]
		}
	}
	return ""
}
