package organizations

import (
	"regexp"

	"github.com/orgctl/orgctl/sandbox"
)

func newOrgID() string  { return "o-" + sandbox.RandString(sandbox.LowerAlnum, 10) }
func newRootID() string { return "r-" + sandbox.RandString(sandbox.LowerAlnum, 4) }

// newOUID returns ou-<rootpart>-<8>, where rootpart is the root ID without "r-".
func newOUID(rootID string) string {
	return "ou-" + rootID[len("r-"):] + "-" + sandbox.RandString(sandbox.LowerAlnum, 8)
}

func newPolicyID() string        { return "p-" + sandbox.RandString(sandbox.LowerAlnum, 8) }
func newCreateRequestID() string { return "car-" + sandbox.RandHex(32) }

// Patterns of the identifiers, from the Organizations model (tightened so that
// the alternations are anchored on both sides).
var (
	reRootID      = sandbox.NewPattern(`^r-[0-9a-z]{4,32}$`)
	reOUID        = sandbox.NewPattern(`^ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}$`)
	reParentID    = sandbox.NewPattern(`^(r-[0-9a-z]{4,32}|ou-[0-9a-z]{4,32}-[a-z0-9]{8,32})$`)
	reChildID     = sandbox.NewPattern(`^(\d{12}|ou-[0-9a-z]{4,32}-[a-z0-9]{8,32})$`)
	reAccountID   = sandbox.NewPattern(`^\d{12}$`)
	rePolicyID    = sandbox.NewPattern(`^p-[0-9a-zA-Z_]{8,128}$`)
	reTargetID    = sandbox.NewPattern(`^(r-[0-9a-z]{4,32}|\d{12}|ou-[0-9a-z]{4,32}-[a-z0-9]{8,32})$`)
	reTaggableID  = sandbox.NewPattern(`^(r-[0-9a-z]{4,32}|\d{12}|ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}|p-[0-9a-zA-Z_]{8,128}|rp-[0-9a-zA-Z_]{4,128}|rt-[0-9a-zA-Z_]{8,32})$`)
	reCreateReqID = sandbox.NewPattern(`^car-[a-z0-9]{8,32}$`)
	reEmail       = regexp.MustCompile(`^[^\s@]+@[^\s@]+\.[^\s@]+$`)
	rePrintable   = regexp.MustCompile(`^[\x20-\x7E]+$`)
	reRoleName    = sandbox.NewPattern(`^[\w+=,.@-]{1,64}$`)
	rePrincipal   = regexp.MustCompile(`^[\w+=,.@-]*$`)
	reTagText     = regexp.MustCompile(`^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$`)
)
