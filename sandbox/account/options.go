package account

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/orgctl/orgctl/facts"
	"github.com/orgctl/orgctl/sandbox"
)

// defaultSettle is how long enabling or disabling a Region takes: minutes
// to hours on AWS; a few seconds here make clients prove they wait
// without slowing tests that shorten it.
const defaultSettle = 5 * time.Second

// settings are Account Management's stored options.
type settings struct {
	// EnabledRegions are opt-in Regions enabled in every account from the
	// start (an account may still disable one).
	EnabledRegions regionList `json:"enabledRegions"`
	// EnableDelay is how long a Region stays ENABLING.
	EnableDelay sandbox.Duration `json:"enableDelay"`
	// DisableDelay is how long a Region stays DISABLING.
	DisableDelay sandbox.Duration `json:"disableDelay"`
}

func checkSettings(s *settings) error {
	if s.EnableDelay < 0 || s.DisableDelay < 0 {
		return fmt.Errorf("account: negative delay")
	}
	for _, r := range s.EnabledRegions {
		if !optIn(r) {
			return fmt.Errorf("account.enabledRegions: %s is not an opt-in Region; they are %s", r, strings.Join(optInRegions(), ", "))
		}
	}
	return nil
}

// regionList is a list of Region codes, written in a setting as a JSON
// array or as "ap-east-2,me-central-1".
type regionList []string

func (l regionList) MarshalJSON() ([]byte, error) { return json.Marshal([]string(l)) }

func (l *regionList) UnmarshalJSON(b []byte) error {
	var list []string
	if err := json.Unmarshal(b, &list); err == nil {
		*l = list
		return nil
	}
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return err
	}
	*l = nil
	for r := range strings.SplitSeq(s, ",") {
		if r = strings.TrimSpace(r); r != "" {
			*l = append(*l, r)
		}
	}
	return nil
}

// WithEnabledRegions enables opt-in Regions in every account from the
// start, as --set account.enabledRegions=ap-east-2,me-central-1 does.
// Stored by sandbox.Init and Reset, overridden per process by Open.
func WithEnabledRegions(regions ...string) sandbox.Option {
	return stored.Option(func(s *settings) { s.EnabledRegions = slices.Clone(regions) })
}

// WithSettleDelays sets how long EnableRegion and DisableRegion take.
func WithSettleDelays(enable, disable time.Duration) sandbox.Option {
	return stored.Option(func(s *settings) {
		s.EnableDelay, s.DisableDelay = sandbox.Duration(enable), sandbox.Duration(disable)
	})
}

// optIn reports whether code is an opt-in Region.
func optIn(code string) bool {
	r, ok := facts.LookupRegion(code)
	return ok && r.OptIn
}

func optInRegions() []string {
	var out []string
	for _, r := range facts.Regions {
		if r.OptIn {
			out = append(out, r.Code)
		}
	}
	return out
}
