package securityhub

import (
	"slices"
	"time"

	"github.com/orgctl/orgctl/sandbox"
	"github.com/orgctl/orgctl/sandbox/organizations"
)

// Associations of configurations with the root, OUs and accounts, made by
// the administrator in the home Region: StartConfigurationPolicyAssociation
// and StartConfigurationPolicyDisassociation (asynchronous: PENDING for the
// association delay, then SUCCESS, or FAILED with a reason),
// GetConfigurationPolicyAssociation, ListConfigurationPolicyAssociations.
// A target without a configuration of its own inherits its nearest
// ancestor's.

const selfManaged = "SELF_MANAGED_SECURITY_HUB"

type targetIn struct {
	AccountId            *string `json:"AccountId"`
	OrganizationalUnitId *string `json:"OrganizationalUnitId"`
	RootId               *string `json:"RootId"`
}

// target resolves a Target union to its ID and type, as the organization
// knows it.
func (c *call) target(t *targetIn, org *organizations.Org) (id, typ string, e *sandbox.Error) {
	if t == nil {
		return "", "", invalidInput("Target is required")
	}
	n := 0
	for _, v := range []*string{t.AccountId, t.OrganizationalUnitId, t.RootId} {
		if v != nil {
			n++
		}
	}
	if n != 1 {
		return "", "", invalidInput("Target must specify exactly one of AccountId, OrganizationalUnitId and RootId")
	}
	switch {
	case t.AccountId != nil:
		id, typ = *t.AccountId, "ACCOUNT"
		if !org.IsMember(id) {
			return "", "", invalidInput("Account " + id + " is not a member of the organization")
		}
	case t.OrganizationalUnitId != nil:
		id, typ = *t.OrganizationalUnitId, "ORGANIZATIONAL_UNIT"
		if !org.IsOU(id) {
			return "", "", invalidInput("Organizational unit " + id + " is not part of the organization")
		}
	default:
		id, typ = *t.RootId, "ROOT"
		if id != org.RootID() {
			return "", "", invalidInput("Root " + id + " is not the root of the organization")
		}
	}
	return id, typ, nil
}

// configuration resolves a policy's ID or ARN, or SELF_MANAGED_SECURITY_HUB.
func (c *call) configuration(identifier *string) (string, *sandbox.Error) {
	if identifier == nil || *identifier == "" {
		return "", invalidInput("ConfigurationPolicyIdentifier is required")
	}
	if *identifier == selfManaged {
		return selfManaged, nil
	}
	p, e := c.policyOf(*identifier)
	if e != nil {
		return "", e
	}
	return p.ID, nil
}

type associationInput struct {
	ConfigurationPolicyIdentifier *string   `json:"ConfigurationPolicyIdentifier"`
	Target                        *targetIn `json:"Target"`
}

type associationOut struct {
	ConfigurationPolicyId    string  `json:"ConfigurationPolicyId"`
	TargetId                 string  `json:"TargetId"`
	TargetType               string  `json:"TargetType"`
	AssociationType          string  `json:"AssociationType"`
	AssociationStatus        string  `json:"AssociationStatus"`
	AssociationStatusMessage *string `json:"AssociationStatusMessage,omitempty"`
	UpdatedAt                string  `json:"UpdatedAt"`
}

func outAssociation(target, typ, assocType string, a *association) *associationOut {
	o := &associationOut{ConfigurationPolicyId: a.Policy, TargetId: target, TargetType: typ, AssociationType: assocType,
		AssociationStatus: a.Status, UpdatedAt: timeString(a.UpdatedAt)}
	if a.Message != "" {
		o.AssociationStatusMessage = &a.Message
	}
	return o
}

// associate applies a configuration to a target, replacing the one it
// applied: PENDING, then SUCCESS or FAILED.
func associate(c *call, in *associationInput) (*associationOut, *sandbox.Error) {
	if e := c.central(); e != nil {
		return nil, e
	}
	cfg, e := c.configuration(in.ConfigurationPolicyIdentifier)
	if e != nil {
		return nil, e
	}
	if in.Target == nil {
		return nil, invalidInput("Target is required")
	}
	id, typ, e := c.target(in.Target, organizations.Of(c.Call))
	if e != nil {
		return nil, e
	}
	c.st.Seq++
	a := &association{Target: id, TargetType: typ, Policy: cfg, Status: "PENDING",
		DueAt: c.Now.Add(time.Duration(c.set.AssociationDelay)), UpdatedAt: c.Now, Seq: c.st.Seq}
	c.st.Associations[id] = a
	c.settle()
	return outAssociation(id, typ, "APPLIED", a), nil
}

// disassociate removes the configuration a target applies itself: it then
// inherits its parent's.
func disassociate(c *call, in *associationInput) (*empty, *sandbox.Error) {
	if e := c.central(); e != nil {
		return nil, e
	}
	cfg, e := c.configuration(in.ConfigurationPolicyIdentifier)
	if e != nil {
		return nil, e
	}
	if in.Target == nil {
		return nil, invalidInput("Target is required")
	}
	id, _, e := c.target(in.Target, organizations.Of(c.Call))
	if e != nil {
		return nil, e
	}
	if a := c.st.Associations[id]; a == nil || a.Policy != cfg {
		return nil, notFound("Target " + id + " is not associated with " + cfg)
	}
	delete(c.st.Associations, id)
	return &empty{}, nil
}

// effective returns the configuration a target has: its own (APPLIED) or
// its nearest ancestor's (INHERITED); nil when none has one.
func (c *call) effective(id string, org *organizations.Org) (*association, string) {
	if a := c.st.Associations[id]; a != nil {
		return a, "APPLIED"
	}
	for p := org.ParentOf(id); p != ""; p = org.ParentOf(p) {
		if a := c.st.Associations[p]; a != nil {
			return a, "INHERITED"
		}
	}
	return nil, ""
}

type getAssociationInput struct {
	Target *targetIn `json:"Target"`
}

func getAssociation(c *call, in *getAssociationInput) (*associationOut, *sandbox.Error) {
	if e := c.central(); e != nil {
		return nil, e
	}
	if in.Target == nil {
		return nil, invalidInput("Target is required")
	}
	org := organizations.Of(c.Call)
	id, typ, e := c.target(in.Target, org)
	if e != nil {
		return nil, e
	}
	a, how := c.effective(id, org)
	if a == nil {
		return nil, notFound("No configuration is associated with target " + id)
	}
	return outAssociation(id, typ, how, a), nil
}

type listAssociationsInput struct {
	Filters *struct {
		AssociationStatus     *string `json:"AssociationStatus"`
		AssociationType       *string `json:"AssociationType"`
		ConfigurationPolicyId *string `json:"ConfigurationPolicyId"`
	} `json:"Filters"`
	MaxResults *int32  `json:"MaxResults"`
	NextToken  *string `json:"NextToken"`
}

type listAssociationsOut struct {
	ConfigurationPolicyAssociationSummaries []*associationOut `json:"ConfigurationPolicyAssociationSummaries"`
	NextToken                               *string           `json:"NextToken,omitempty"`
}

// listAssociations lists the configuration of the root, every OU and
// every account that has one, applied or inherited, filtered.
func listAssociations(c *call, in *listAssociationsInput) (*listAssociationsOut, *sandbox.Error) {
	if e := c.central(); e != nil {
		return nil, e
	}
	org := organizations.Of(c.Call)
	var status, kind, cfg string
	if f := in.Filters; f != nil {
		if f.AssociationStatus != nil {
			status = *f.AssociationStatus
			if !slices.Contains([]string{"PENDING", "SUCCESS", "FAILED"}, status) {
				return nil, invalidInput("Invalid AssociationStatus " + status)
			}
		}
		if f.AssociationType != nil {
			kind = *f.AssociationType
			if kind != "APPLIED" && kind != "INHERITED" {
				return nil, invalidInput("Invalid AssociationType " + kind)
			}
		}
		if f.ConfigurationPolicyId != nil {
			id, e := c.configuration(f.ConfigurationPolicyId)
			if e != nil {
				return nil, e
			}
			cfg = id
		}
	}
	var all []*associationOut
	add := func(id, typ string) {
		a, how := c.effective(id, org)
		if a == nil || status != "" && a.Status != status || kind != "" && how != kind || cfg != "" && a.Policy != cfg {
			return
		}
		all = append(all, outAssociation(id, typ, how, a))
	}
	add(org.RootID(), "ROOT")
	for _, id := range org.OUIDs() {
		add(id, "ORGANIZATIONAL_UNIT")
	}
	for _, id := range org.AccountIDs() {
		add(id, "ACCOUNT")
	}
	start, end, next, e := c.page(in.MaxResults, in.NextToken, status+"|"+kind+"|"+cfg, len(all), 100)
	if e != nil {
		return nil, e
	}
	return &listAssociationsOut{ConfigurationPolicyAssociationSummaries: append([]*associationOut{}, all[start:end]...), NextToken: next}, nil
}
