package engine

import (
	"encoding/json"
	"fmt"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/orgctl/orgctl/diag"
	"github.com/orgctl/orgctl/facts"
)

// FormatVersion is the version of the JSON plan format. It changes when a
// consumer of the JSON would have to change.
const FormatVersion = "1"

// Action is what a change does to its resource.
type Action string

const (
	Create Action = "create"
	Update Action = "update"
	Delete Action = "delete"
)

// Symbol is the one-character mark of an action in rendered plans.
func (a Action) Symbol() string {
	switch a {
	case Create:
		return "+"
	case Update:
		return "~"
	case Delete:
		return "-"
	}
	return "?"
}

// Plan is the difference between the spec and the live organization, as a
// DAG of changes. The JSON form is the model; text and Markdown are
// renderings of it, so they never disagree.
type Plan struct {
	FormatVersion string `json:"format_version"`
	// Spec names the spec the plan was computed from.
	Spec string `json:"spec,omitempty"`
	// LiveDigest fingerprints the live state the plan was computed from;
	// applying a saved plan is refused once the live state has changed.
	LiveDigest string `json:"live_digest"`
	// Settings the providers need to carry the plan out (the role new
	// accounts are created with), so a saved plan applies without its spec.
	Settings map[string]string `json:"settings,omitempty"`
	// Shallow lists the live resources read without their details, which
	// the spec does not need, and Kinds the kinds read at all (the
	// services the spec asks something of); checking a saved plan reads
	// them the same way.
	Shallow []Ref  `json:"shallow,omitempty"`
	Kinds   []Kind `json:"kinds,omitempty"`
	// Organization is the organization the plan was made for: a saved plan
	// applies to it alone.
	Organization *OrgIdentity `json:"organization,omitempty"`
	// Renames are the resources the spec renames in place (an OU's
	// renamedFrom): the live resource at From is planned as To, and a
	// saved plan's check reads it so again.
	Renames []Rename `json:"renames,omitempty"`
	// Source is the git commit the spec was read from, when it was.
	Source *GitCommit `json:"source,omitempty"`
	// LiveCommit is the commit the last apply from git recorded on the
	// organization, when one did.
	LiveCommit *GitCommit `json:"live_commit,omitempty"`
	// Changes in the order they may be applied one by one; DependsOn gives
	// the real partial order used for parallel apply.
	Changes []*Change `json:"changes"`
	// Targets, when set, are the resources the plan was limited to
	// (--target); the rest was not considered.
	Targets   []string         `json:"targets,omitempty"`
	Unmanaged []Unmanaged      `json:"unmanaged,omitempty"`
	Diags     diag.Diagnostics `json:"diagnostics,omitempty"`
	Summary   Summary          `json:"summary"`

	// ids and live are the AWS IDs and the live resources the plan was
	// computed from (MakePlan) or checked against (CheckFresh).
	ids  *IDs
	live map[Ref]*Resource
}

// Live looks up the live resources the plan was made from (or checked
// against); it finds nothing in a plan read from a file and not checked.
func (p *Plan) Live() Live {
	return func(ref Ref) (*Resource, bool) {
		r, ok := p.live[ref]
		return r, ok
	}
}

// IDs returns the AWS IDs of what was live when the plan was made (or
// checked), or nil.
func (p *Plan) IDs() *IDs { return p.ids }

// OrgIdentity names an organization and where it was reached.
type OrgIdentity struct {
	// ID is the organization's o-... ID.
	ID string `json:"id"`
	// ManagementAccount is the management account's ID.
	ManagementAccount string `json:"management_account"`
	// Endpoint is the endpoint URL the requests went to ("" for AWS's own).
	Endpoint string `json:"endpoint,omitempty"`
}

// Rename is a resource renamed in place: the live one at From is the
// desired one at To.
type Rename struct {
	From Ref `json:"from"`
	To   Ref `json:"to"`
}

// GitCommit names a commit of the spec's repository.
type GitCommit struct {
	Repo   string `json:"repo,omitempty"`
	Ref    string `json:"ref,omitempty"`
	Commit string `json:"commit"`
	// AppliedAt is when it was applied (RFC 3339), for the live commit.
	AppliedAt string `json:"applied_at,omitempty"`
}

// Change is one create, update or delete.
type Change struct {
	ID          int    `json:"id"`
	Kind        Kind   `json:"kind"`
	Key         string `json:"key"`
	Action      Action `json:"action"`
	Destructive bool   `json:"destructive,omitempty"`
	// Implicit changes happen as a side effect of another change (an OU's
	// attachments go with the OU) and are not carried out on their own;
	// GoesWith names that change's resource.
	Implicit  bool        `json:"implicit,omitempty"`
	GoesWith  string      `json:"goes_with,omitempty"`
	Before    Attrs       `json:"before,omitempty"`
	After     Attrs       `json:"after,omitempty"`
	Fields    []FieldDiff `json:"fields,omitempty"`
	DependsOn []int       `json:"depends_on,omitempty"`
}

// Ref returns the changed resource's kind and key.
func (c *Change) Ref() Ref { return Ref{Kind: c.Kind, Key: c.Key} }

// Changed reports whether the change sets attribute name: every attribute
// of a create, the differing fields of an update.
func (c *Change) Changed(name string) bool {
	if c.Action == Create {
		return true
	}
	for _, f := range c.Fields {
		if f.Name == name {
			return true
		}
	}
	return false
}

// Address is how a change is named to users: kind "key".
func (c *Change) Address() string { return fmt.Sprintf("%s %q", c.Kind, c.Key) }

// FieldDiff is one attribute that an update changes.
type FieldDiff struct {
	Name     string `json:"name"`
	Before   any    `json:"before,omitempty"`
	After    any    `json:"after,omitempty"`
	Document bool   `json:"document,omitempty"`
	// Digest: Before and After are digests of content the plan cannot
	// show (KindInfo.Digests); renderings say only that it changed.
	Digest bool `json:"digest,omitempty"`
}

// Unmanaged is a live resource the spec does not mention and orgctl leaves
// alone: drift to report, never to delete. One that Owner says another
// tool owns is reported, but is not drift.
type Unmanaged struct {
	Kind   Kind   `json:"kind"`
	Key    string `json:"key"`
	Reason string `json:"reason"`
	Owner  string `json:"owner,omitempty"`
}

// Summary counts the changes by action.
type Summary struct {
	Create      int `json:"create"`
	Update      int `json:"update"`
	Delete      int `json:"delete"`
	Destructive int `json:"destructive"`
	Unchanged   int `json:"unchanged"`
	Unmanaged   int `json:"unmanaged"`
}

// Empty reports whether the plan changes nothing.
func (p *Plan) Empty() bool { return len(p.Changes) == 0 }

// Drifted reports whether the live organization differs from the spec in
// any way: a change to make, or unmanaged resources nobody else owns.
func (p *Plan) Drifted() bool {
	if len(p.Changes) > 0 {
		return true
	}
	for _, u := range p.Unmanaged {
		if u.Owner == "" {
			return true
		}
	}
	return false
}

// Destructive returns the destructive changes.
func (p *Plan) Destructive() []*Change {
	var out []*Change
	for _, c := range p.Changes {
		if c.Destructive {
			out = append(out, c)
		}
	}
	return out
}

func (p *Plan) summarize(unchanged int) {
	s := Summary{Unchanged: unchanged, Unmanaged: len(p.Unmanaged)}
	for _, c := range p.Changes {
		if c.Implicit {
			continue
		}
		switch c.Action {
		case Create:
			s.Create++
		case Update:
			s.Update++
		case Delete:
			s.Delete++
		}
		if c.Destructive {
			s.Destructive++
		}
	}
	p.Summary = s
}

// MarshalIndent renders the plan as indented JSON, the plan file format.
func (p *Plan) MarshalIndent() ([]byte, error) {
	b, err := json.MarshalIndent(p, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(escapeHazards(b), '\n'), nil
}

// escapeHazards writes as \uXXXX the characters that make text other than
// it looks (DEL, C1 controls, bidirectional controls, invisible ones),
// which encoding/json leaves raw: a name from AWS then cannot act on a
// terminal that shows the plan file. Such characters only occur inside
// JSON strings, where the escape means the same.
func escapeHazards(b []byte) []byte {
	var out []byte
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if r < 0x7f || facts.HazardOf(r) == facts.NoHazard {
			if out != nil {
				out = append(out, b[i:i+size]...)
			}
			i += size
			continue
		}
		if out == nil {
			out = append(make([]byte, 0, len(b)+16), b[:i]...)
		}
		if r > 0xffff {
			r1, r2 := utf16.EncodeRune(r)
			out = fmt.Appendf(out, "\\u%04x\\u%04x", r1, r2)
		} else {
			out = fmt.Appendf(out, "\\u%04x", r)
		}
		i += size
	}
	if out == nil {
		return b
	}
	return out
}

// ReadPlan decodes a plan file and checks its format version.
func ReadPlan(b []byte) (*Plan, error) {
	var p Plan
	if err := json.Unmarshal(b, &p); err != nil {
		return nil, fmt.Errorf("not a plan file: %w", err)
	}
	if p.FormatVersion != FormatVersion {
		return nil, fmt.Errorf("plan format_version %q is not %q: make the plan again with this orgctl", p.FormatVersion, FormatVersion)
	}
	for i, c := range p.Changes {
		if c == nil || c.ID != i {
			return nil, fmt.Errorf("plan file is damaged: change %d is out of place", i)
		}
		for _, d := range c.DependsOn {
			if d < 0 || d >= len(p.Changes) {
				return nil, fmt.Errorf("plan file is damaged: change %d depends on unknown change %d", i, d)
			}
		}
	}
	return &p, nil
}
