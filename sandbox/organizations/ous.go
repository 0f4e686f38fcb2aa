package organizations

import "github.com/orgctl/orgctl/sandbox"

// Organizational units and the tree: ListOrganizationalUnitsForParent,
// ListChildren, ListParents, DescribeOrganizationalUnit,
// CreateOrganizationalUnit, UpdateOrganizationalUnit, DeleteOrganizationalUnit.

const (
	maxOUs     = 2000 // OUs per organization
	maxOUDepth = 5    // levels of OUs below the root
)

func errParentNotFound() *sandbox.Error {
	return orgError("ParentNotFoundException", "We can't find a root or OU with the ParentId that you specified.")
}

func errOUNotFound() *sandbox.Error {
	return orgError("OrganizationalUnitNotFoundException",
		"We can't find an organizational unit (OU) with the OrganizationalUnitId that you specified.")
}

func errDuplicateOU() *sandbox.Error {
	return orgError("DuplicateOrganizationalUnitException", "An OU with the same name already exists.")
}

// checkParent validates a ParentId member and that the parent exists.
func (c *call) checkParent(v *sandbox.Validator, id *string) *sandbox.Error {
	v.Str("ParentId", id, true, 0, 100, reParentID)
	if e := orgInvalid(v); e != nil {
		return e
	}
	if !c.st.isParent(*id) {
		return errParentNotFound()
	}
	return nil
}

type parentListInput struct {
	ParentId *string `json:"ParentId"`
	listInput
}

type listOUsOut struct {
	OrganizationalUnits []ouOut `json:"OrganizationalUnits"`
	NextToken           *string `json:"NextToken,omitempty"`
}

func listOrganizationalUnitsForParent(c *call, in *parentListInput) (*listOUsOut, *sandbox.Error) {
	var v sandbox.Validator
	in.check(&v)
	if e := c.checkParent(&v, in.ParentId); e != nil {
		return nil, e
	}
	pid := *in.ParentId
	ous := c.st.sortedOUs(func(ou *orgUnit) bool { return ou.ParentID == pid })
	out, next, e := page(c, in.listInput, pid, ous, c.ouOut)
	if e != nil {
		return nil, e
	}
	return &listOUsOut{OrganizationalUnits: out, NextToken: next}, nil
}

type listChildrenInput struct {
	ParentId  *string `json:"ParentId"`
	ChildType *string `json:"ChildType"`
	listInput
}

type childOut struct {
	Id   string `json:"Id"`
	Type string `json:"Type"`
}

type listChildrenOut struct {
	Children  []childOut `json:"Children"`
	NextToken *string    `json:"NextToken,omitempty"`
}

func listChildren(c *call, in *listChildrenInput) (*listChildrenOut, *sandbox.Error) {
	var v sandbox.Validator
	in.check(&v)
	v.Enum("ChildType", in.ChildType, true, []string{"ACCOUNT", "ORGANIZATIONAL_UNIT"})
	if e := c.checkParent(&v, in.ParentId); e != nil {
		return nil, e
	}
	pid, typ := *in.ParentId, *in.ChildType
	var ids []string
	if typ == "ACCOUNT" {
		for _, a := range c.st.sortedAccounts(func(a *account) bool { return a.ParentID == pid }) {
			ids = append(ids, a.ID)
		}
	} else {
		for _, ou := range c.st.sortedOUs(func(ou *orgUnit) bool { return ou.ParentID == pid }) {
			ids = append(ids, ou.ID)
		}
	}
	out, next, e := page(c, in.listInput, pid+"|"+typ, ids, func(id string) childOut { return childOut{Id: id, Type: typ} })
	if e != nil {
		return nil, e
	}
	return &listChildrenOut{Children: out, NextToken: next}, nil
}

type listParentsInput struct {
	ChildId *string `json:"ChildId"`
	listInput
}

type listParentsOut struct {
	Parents   []childOut `json:"Parents"`
	NextToken *string    `json:"NextToken,omitempty"`
}

func listParents(c *call, in *listParentsInput) (*listParentsOut, *sandbox.Error) {
	var v sandbox.Validator
	v.Str("ChildId", in.ChildId, true, 0, 100, reChildID)
	in.check(&v)
	if e := orgInvalid(&v); e != nil {
		return nil, e
	}
	var parent string
	if a := c.st.Accounts[*in.ChildId]; a != nil {
		parent = a.ParentID
	} else if ou := c.st.OUs[*in.ChildId]; ou != nil {
		parent = ou.ParentID
	} else {
		return nil, orgError("ChildNotFoundException",
			"We can't find an organizational unit (OU) or AWS account with the ChildId that you specified.")
	}
	typ := "ORGANIZATIONAL_UNIT"
	if parent == c.st.Root.ID {
		typ = "ROOT"
	}
	start, end, next, e := c.pageOf(in.listInput, *in.ChildId, 1)
	if e != nil {
		return nil, e
	}
	return &listParentsOut{Parents: []childOut{{Id: parent, Type: typ}}[start:end], NextToken: next}, nil
}

type ouIDInput struct {
	OrganizationalUnitId *string `json:"OrganizationalUnitId"`
	Name                 *string `json:"Name"`
}

type ouResult struct {
	OrganizationalUnit ouOut `json:"OrganizationalUnit"`
}

// lookupOU validates an OrganizationalUnitId member and finds the OU.
func (c *call) lookupOU(v *sandbox.Validator, id *string) (*orgUnit, *sandbox.Error) {
	v.Str("OrganizationalUnitId", id, true, 0, 68, reOUID)
	if e := orgInvalid(v); e != nil {
		return nil, e
	}
	ou := c.st.OUs[*id]
	if ou == nil {
		return nil, errOUNotFound()
	}
	return ou, nil
}

func describeOrganizationalUnit(c *call, in *ouIDInput) (*ouResult, *sandbox.Error) {
	var v sandbox.Validator
	ou, e := c.lookupOU(&v, in.OrganizationalUnitId)
	if e != nil {
		return nil, e
	}
	return &ouResult{OrganizationalUnit: c.ouOut(ou)}, nil
}

// siblingNamed finds an OU named name under parent, other than except.
func (st *state) siblingNamed(parent, name, except string) *orgUnit {
	for _, ou := range st.OUs {
		if ou.ParentID == parent && ou.Name == name && ou.ID != except {
			return ou
		}
	}
	return nil
}

type createOUInput struct {
	ParentId *string `json:"ParentId"`
	Name     *string `json:"Name"`
	Tags     []tagIO `json:"Tags"`
}

func createOrganizationalUnit(c *call, in *createOUInput) (*ouResult, *sandbox.Error) {
	var v sandbox.Validator
	v.Str("Name", in.Name, true, 1, 128, nil)
	tags, e := parseTags(&v, in.Tags)
	if e != nil {
		return nil, e
	}
	if e := c.checkParent(&v, in.ParentId); e != nil {
		return nil, e
	}
	if len(tags) > maxTags {
		return nil, errTooManyTags()
	}
	st, pid, name := c.st, *in.ParentId, *in.Name
	if st.siblingNamed(pid, name, "") != nil {
		return nil, errDuplicateOU()
	}
	if len(st.OUs) >= maxOUs {
		return nil, constraintViolation("OU_NUMBER_LIMIT_EXCEEDED",
			"You have reached the maximum number of OUs in your organization.")
	}
	if st.ouDepth(pid)+1 > maxOUDepth {
		return nil, constraintViolation("OU_DEPTH_LIMIT_EXCEEDED",
			"You attempted to create an OU tree that is too many levels deep.")
	}
	id := newOUID(st.Root.ID)
	for st.OUs[id] != nil {
		id = newOUID(st.Root.ID)
	}
	ou := &orgUnit{ID: id, Name: name, ParentID: pid, CreatedAt: c.Now, Seq: st.nextSeq()}
	st.OUs[id] = ou
	if len(tags) > 0 {
		st.Tags[id] = tags
	}
	st.attachDefaults(id)
	return &ouResult{OrganizationalUnit: c.ouOut(ou)}, nil
}

func updateOrganizationalUnit(c *call, in *ouIDInput) (*ouResult, *sandbox.Error) {
	var v sandbox.Validator
	v.Str("Name", in.Name, false, 1, 128, nil)
	ou, e := c.lookupOU(&v, in.OrganizationalUnitId)
	if e != nil {
		return nil, e
	}
	if in.Name != nil {
		if c.st.siblingNamed(ou.ParentID, *in.Name, ou.ID) != nil {
			return nil, errDuplicateOU()
		}
		ou.Name = *in.Name
	}
	return &ouResult{OrganizationalUnit: c.ouOut(ou)}, nil
}

// deleteOrganizationalUnit deletes an empty OU; its policy attachments and
// tags go with it.
func deleteOrganizationalUnit(c *call, in *ouIDInput) (*empty, *sandbox.Error) {
	var v sandbox.Validator
	ou, e := c.lookupOU(&v, in.OrganizationalUnitId)
	if e != nil {
		return nil, e
	}
	for _, child := range c.st.OUs {
		if child.ParentID == ou.ID {
			return nil, errOUNotEmpty()
		}
	}
	for _, a := range c.st.Accounts {
		if a.ParentID == ou.ID {
			return nil, errOUNotEmpty()
		}
	}
	delete(c.st.OUs, ou.ID)
	c.st.forget(ou.ID)
	return &empty{}, nil
}

func errOUNotEmpty() *sandbox.Error {
	return orgError("OrganizationalUnitNotEmptyException",
		"The specified OU is not empty. Move all accounts to another root or to other OUs, remove all child OUs, and try the operation again.")
}
