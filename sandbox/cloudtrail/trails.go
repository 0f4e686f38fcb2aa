package cloudtrail

import (
	"github.com/orgctl/orgctl/sandbox"
	"github.com/orgctl/orgctl/sandbox/organizations"
)

// Trails: CreateTrail, UpdateTrail, DeleteTrail, DescribeTrails, GetTrail.

const (
	maxTrailsPerRegion = 5
	// principal is CloudTrail's service principal in Organizations.
	principal = "cloudtrail.amazonaws.com"
)

// trailOut is the Trail shape, also CreateTrail's and UpdateTrail's output.
type trailOut struct {
	Name                       string `json:"Name"`
	S3BucketName               string `json:"S3BucketName"`
	S3KeyPrefix                string `json:"S3KeyPrefix,omitempty"`
	SnsTopicName               string `json:"SnsTopicName,omitempty"`
	SnsTopicARN                string `json:"SnsTopicARN,omitempty"`
	IncludeGlobalServiceEvents bool   `json:"IncludeGlobalServiceEvents"`
	IsMultiRegionTrail         bool   `json:"IsMultiRegionTrail"`
	HomeRegion                 string `json:"HomeRegion,omitempty"`
	TrailARN                   string `json:"TrailARN"`
	LogFileValidationEnabled   bool   `json:"LogFileValidationEnabled"`
	CloudWatchLogsLogGroupArn  string `json:"CloudWatchLogsLogGroupArn,omitempty"`
	CloudWatchLogsRoleArn      string `json:"CloudWatchLogsRoleArn,omitempty"`
	KmsKeyId                   string `json:"KmsKeyId,omitempty"`
	HasCustomEventSelectors    *bool  `json:"HasCustomEventSelectors,omitempty"`
	HasInsightSelectors        *bool  `json:"HasInsightSelectors,omitempty"`
	IsOrganizationTrail        bool   `json:"IsOrganizationTrail"`
}

// out renders a trail; full adds what only Trail (not CreateTrail's output) has.
func (t *trail) out(full bool) *trailOut {
	o := &trailOut{
		Name: t.Name, S3BucketName: t.S3BucketName, S3KeyPrefix: t.S3KeyPrefix,
		SnsTopicName: t.SnsTopicName, SnsTopicARN: t.snsTopicArn(),
		IncludeGlobalServiceEvents: t.IncludeGlobal, IsMultiRegionTrail: t.MultiRegion,
		TrailARN: t.arn(), LogFileValidationEnabled: t.LogValidation,
		CloudWatchLogsLogGroupArn: t.LogGroupArn, CloudWatchLogsRoleArn: t.LogRoleArn,
		KmsKeyId: kmsKeyArn(t), IsOrganizationTrail: t.Organization,
	}
	if full {
		custom, insights := t.CustomSelectors, false
		o.HomeRegion, o.HasCustomEventSelectors, o.HasInsightSelectors = t.HomeRegion, &custom, &insights
	}
	return o
}

// kmsKeyArn is the key as CloudTrail reports it: a full ARN.
func kmsKeyArn(t *trail) string {
	k := t.KmsKeyID
	switch {
	case k == "" || len(k) > 4 && k[:4] == "arn:":
		return k
	case len(k) > 6 && k[:6] == "alias/":
		return "arn:aws:kms:" + t.HomeRegion + ":" + t.Owner + ":" + k
	}
	return "arn:aws:kms:" + t.HomeRegion + ":" + t.Owner + ":key/" + k
}

// visible reports whether the caller sees the trail at all: its own, or
// its organization's organization trails.
func (c *call) visible(t *trail) bool {
	if t.Owner == c.Caller.AccountID {
		return true
	}
	org := organizations.Of(c.Call)
	return t.Organization && t.Owner == org.ManagementAccountID() && org.IsMember(c.Caller.AccountID)
}

// lookup finds the trail a Name member names (a name or an ARN) in the
// caller's region.
func (c *call) lookup(name *string) (*trail, *sandbox.Error) {
	if name == nil || *name == "" {
		return nil, ctError("InvalidTrailNameException", "Trail name or ARN must be specified.")
	}
	if m := reTrailArn.FindStringSubmatch(*name); m != nil {
		t := c.st.Trails[*name]
		if t == nil || !c.visible(t) || !t.inRegion(c.Region) {
			return nil, errTrailNotFound(*name, c.Caller.AccountID)
		}
		return t, nil
	}
	if e := checkTrailName(*name); e != nil {
		return nil, e
	}
	var found *trail
	for _, t := range c.st.sorted(func(t *trail) bool { return t.Name == *name && t.inRegion(c.Region) && c.visible(t) }) {
		if found == nil || t.Owner == c.Caller.AccountID {
			found = t
		}
	}
	if found == nil {
		return nil, errTrailNotFound(trailArn(c.Region, c.Caller.AccountID, *name), c.Caller.AccountID)
	}
	return found, nil
}

// changeable passes on the trail a lookup found where the caller may change
// it, from its home region: its owner, or for an organization trail the
// management account or CloudTrail's delegated administrator. It takes the
// lookup's results, whose error comes first.
func (c *call) changeable(t *trail, e *sandbox.Error) (*trail, *sandbox.Error) {
	if e != nil {
		return nil, e
	}
	if t.Owner != c.Caller.AccountID {
		org := organizations.Of(c.Call)
		if !t.Organization || !(c.Caller.AccountID == org.ManagementAccountID() || org.IsDelegatedAdministrator(c.Caller.AccountID, principal)) {
			return nil, ctError("NotOrganizationMasterAccountException",
				"The request was made from an account that is not the management account or a delegated administrator of the organization.")
		}
	}
	if t.HomeRegion != c.Region {
		return nil, errHomeRegion(t)
	}
	return t, nil
}

// orgOwner checks the caller may make an organization trail and returns
// the account that will own it: the management account, whoever asks.
func (c *call) orgOwner() (string, *sandbox.Error) {
	org := organizations.Of(c.Call)
	if !org.IsMember(c.Caller.AccountID) {
		return "", ctError("OrganizationsNotInUseException", "This account is not a member of an organization.")
	}
	if c.Caller.AccountID != org.ManagementAccountID() && !org.IsDelegatedAdministrator(c.Caller.AccountID, principal) {
		return "", ctError("NotOrganizationMasterAccountException",
			"The request was made from an account that is not the management account or a delegated administrator of the organization.")
	}
	if org.FeatureSet() != "ALL" {
		return "", ctError("OrganizationNotInAllFeaturesModeException", "This operation requires that all features are enabled in your organization.")
	}
	if !org.TrustedAccess(principal) {
		return "", ctError("CloudTrailAccessNotEnabledException",
			"This organization does not have trusted access for CloudTrail enabled. Enable it in AWS Organizations first.")
	}
	return org.ManagementAccountID(), nil
}

// fits checks that a trail of owner named name may exist in each of
// regions: no other trail of the owner by that name there, and room
// under the five a region holds.
func (c *call) fits(owner, name string, regions []string, except *trail) *sandbox.Error {
	for _, r := range regions {
		n := 0
		for _, t := range c.st.owned(owner, r) {
			if t == except {
				continue
			}
			if t.Name == name {
				return ctError("TrailAlreadyExistsException", "Trail %s already exists for customer: %s", name, owner)
			}
			n++
		}
		if n >= maxTrailsPerRegion {
			return ctError("MaximumNumberOfTrailsExceededException", "User: %s already has %d trails in %s.", owner, maxTrailsPerRegion, r)
		}
	}
	return nil
}

// regions lists the regions a trail occupies: its home, or every region
// where the owner has trails when it spans all (the sandbox knows no
// region list; a region with no trail of the owner has room).
func (c *call) regions(owner, home string, multi bool) []string {
	if !multi {
		return []string{home}
	}
	seen := map[string]bool{home: true}
	out := []string{home}
	for _, t := range c.st.sorted(func(t *trail) bool { return t.Owner == owner }) {
		if !seen[t.HomeRegion] {
			seen[t.HomeRegion] = true
			out = append(out, t.HomeRegion)
		}
	}
	return out
}

type createTrailInput struct {
	Name     *string    `json:"Name"`
	TagsList []tagInput `json:"TagsList"`
	trailSettings
}

// createTrail makes a trail that does not log until StartLogging.
func createTrail(c *call, in *createTrailInput) (*trailOut, *sandbox.Error) {
	if in.Name == nil {
		return nil, errParameter("Name is required.")
	}
	if e := checkTrailName(*in.Name); e != nil {
		return nil, e
	}
	if in.S3BucketName == nil {
		return nil, ctError("InvalidS3BucketNameException", "S3 bucket name is required.")
	}
	if e := in.check(); e != nil {
		return nil, e
	}
	tags, e := parseTags(in.TagsList)
	if e != nil {
		return nil, e
	}
	t := &trail{Name: *in.Name, Owner: c.Caller.AccountID, HomeRegion: c.Region, IncludeGlobal: true, CreatedAt: c.Now}
	in.apply(t)
	if e := checkCombination(t); e != nil {
		return nil, e
	}
	if t.Organization {
		owner, e := c.orgOwner()
		if e != nil {
			return nil, e
		}
		t.Owner = owner
	}
	if e := c.fits(t.Owner, t.Name, c.regions(t.Owner, t.HomeRegion, t.MultiRegion), nil); e != nil {
		return nil, e
	}
	t.Tags = tags
	c.st.Seq++
	t.Seq = c.st.Seq
	c.st.Trails[t.arn()] = t
	return t.out(false), nil
}

type updateTrailInput struct {
	Name *string `json:"Name"`
	trailSettings
}

func updateTrail(c *call, in *updateTrailInput) (*trailOut, *sandbox.Error) {
	t, e := c.changeable(c.lookup(in.Name))
	if e != nil {
		return nil, e
	}
	if e := in.check(); e != nil {
		return nil, e
	}
	next := *t
	in.apply(&next)
	if e := checkCombination(&next); e != nil {
		return nil, e
	}
	if next.Organization && !t.Organization {
		if _, e := c.orgOwner(); e != nil {
			return nil, e
		}
	}
	if next.MultiRegion && !t.MultiRegion {
		if e := c.fits(t.Owner, t.Name, c.regions(t.Owner, t.HomeRegion, true), t); e != nil {
			return nil, e
		}
	}
	*t = next
	return t.out(false), nil
}

type nameInput struct {
	Name *string `json:"Name"`
}

func deleteTrail(c *call, in *nameInput) (*empty, *sandbox.Error) {
	t, e := c.changeable(c.lookup(in.Name))
	if e != nil {
		return nil, e
	}
	delete(c.st.Trails, t.arn())
	return &empty{}, nil
}

type describeTrailsInput struct {
	TrailNameList       []string `json:"trailNameList"`
	IncludeShadowTrails *bool    `json:"includeShadowTrails"`
}

type describeTrailsOut struct {
	TrailList []*trailOut `json:"trailList"`
}

// describeTrails lists the caller's trails in its region and, unless told
// not to, shadow trails: its multi-region trails homed elsewhere and its
// organization's trails. Names or ARNs in TrailNameList filter the list.
func describeTrails(c *call, in *describeTrailsInput) (*describeTrailsOut, *sandbox.Error) {
	shadows := in.IncludeShadowTrails == nil || *in.IncludeShadowTrails
	want := map[string]bool{}
	for _, n := range in.TrailNameList {
		if reTrailArn.MatchString(n) {
			want[n] = true
			continue
		}
		if e := checkTrailName(n); e != nil {
			return nil, e
		}
		want[n] = true
	}
	out := &describeTrailsOut{TrailList: []*trailOut{}}
	for _, t := range c.st.sorted(func(t *trail) bool { return t.inRegion(c.Region) && c.visible(t) }) {
		shadow := t.HomeRegion != c.Region || t.Owner != c.Caller.AccountID
		if shadow && !shadows {
			continue
		}
		if len(want) > 0 && !want[t.Name] && !want[t.arn()] {
			continue
		}
		out.TrailList = append(out.TrailList, t.out(true))
	}
	return out, nil
}

type getTrailOut struct {
	Trail *trailOut `json:"Trail"`
}

func getTrail(c *call, in *nameInput) (*getTrailOut, *sandbox.Error) {
	t, e := c.lookup(in.Name)
	if e != nil {
		return nil, e
	}
	return &getTrailOut{Trail: t.out(true)}, nil
}
