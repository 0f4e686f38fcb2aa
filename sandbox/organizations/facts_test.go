package organizations

import (
	"fmt"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	"github.com/aws/aws-sdk-go-v2/service/organizations/types"

	"github.com/orgctl/orgctl/facts"
	"github.com/orgctl/orgctl/policygrammar"
	"github.com/orgctl/orgctl/sandbox/internal/sandboxtest"
	"github.com/orgctl/orgctl/sandbox/internal/sandboxtest/expect"
)

// The sandbox keeps its own copy of AWS's limits, as it emulates AWS and
// not orgctl; this test pins that copy to orgctl's table, so the two can
// only change together (a test may import what the package must not).
func TestLimitsAreOrgctlsFacts(t *testing.T) {
	if len(policyTypes) != len(facts.PolicyTypes) {
		t.Errorf("the sandbox knows %d policy types, orgctl %d", len(policyTypes), len(facts.PolicyTypes))
	}
	for _, f := range facts.PolicyTypes {
		s, ok := policyTypes[f.Name]
		if !ok {
			t.Errorf("%s: the sandbox does not know it", f.Name)
			continue
		}
		if s.maxSize != f.MaxSize || s.maxPerTarget != f.MaxPerTarget || s.minPerTarget != f.MinPerTarget {
			t.Errorf("%s: sandbox size %d, per target %d..%d; orgctl %d, %d..%d",
				f.Name, s.maxSize, s.minPerTarget, s.maxPerTarget, f.MaxSize, f.MinPerTarget, f.MaxPerTarget)
		}
		if f.Default != "" && s.defaultPolicy != "p-"+f.Default {
			t.Errorf("%s: the sandbox's default policy is %q, orgctl's p-%s", f.Name, s.defaultPolicy, f.Default)
		}
	}
	if maxOUDepth != facts.MaxOUDepth {
		t.Errorf("OU depth: sandbox %d, orgctl %d", maxOUDepth, facts.MaxOUDepth)
	}
}

// sized returns a document of policy type typ of exactly n characters:
// a minimal valid one, padded with spaces, which AWS counts.
func sized(typ, tag string, n int) string {
	var doc string
	switch typ {
	case "SERVICE_CONTROL_POLICY":
		doc = denyDoc(tag + ":*")
	case "RESOURCE_CONTROL_POLICY":
		doc = `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"` + tag + `:*","Resource":"*"}]}`
	default:
		// Under the type's documented top-level key, where it has one.
		key := policygrammar.TopKey(typ)
		if key == "" {
			key = tag
		}
		doc = `{"` + key + `":{}}`
	}
	return doc[:len(doc)-1] + strings.Repeat(" ", n-len(doc)) + "}"
}

// Each type's limits, driven through the API: a document of the largest
// size and a target full to the limit are accepted, one past either is
// refused with AWS's reason. The default policy a type attaches counts.
func TestLimitsDriveTheSandbox(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	for _, f := range facts.PolicyTypes {
		if f.ServicePrincipal != "" {
			if _, err := e.Org.EnableAWSServiceAccess(e.Ctx, &organizations.EnableAWSServiceAccessInput{ServicePrincipal: aws.String(f.ServicePrincipal)}); err != nil {
				t.Fatal(err)
			}
		}
		e.enablePolicyType(f.Name)
		short := strings.ReplaceAll(f.Short, "-", "")
		e.createPolicy(f.Short+"-largest", f.Name, sized(f.Name, short, f.MaxSize))
		_, err := e.Org.CreatePolicy(e.Ctx, &organizations.CreatePolicyInput{Name: aws.String(f.Short + "-too-large"), Description: aws.String(""),
			Type: types.PolicyType(f.Name), Content: aws.String(sized(f.Name, short, f.MaxSize+1))})
		expect.Check(t, f.Name+" one character past the size", err, isConstraint(types.ConstraintViolationExceptionReasonPolicyContentLimitExceeded))

		ou := e.createOU(e.RootID(), f.Short)
		room := f.MaxPerTarget - len(e.policiesFor(ou, f.Name)) // the default, attached by AWS
		for i := range room {
			id := e.createPolicy(fmt.Sprintf("%s-%d", f.Short, i), f.Name, sized(f.Name, fmt.Sprintf("%s%d", short, i), 200))
			if _, err := e.Org.AttachPolicy(e.Ctx, &organizations.AttachPolicyInput{PolicyId: aws.String(id), TargetId: aws.String(ou)}); err != nil {
				t.Fatalf("%s: attaching %d of %d: %v", f.Name, i+1, f.MaxPerTarget, err)
			}
		}
		id := e.createPolicy(f.Short+"-one-more", f.Name, sized(f.Name, short+"x", 200))
		_, err = e.Org.AttachPolicy(e.Ctx, &organizations.AttachPolicyInput{PolicyId: aws.String(id), TargetId: aws.String(ou)})
		expect.Check(t, f.Name+" one past the per-target limit", err, isConstraint(types.ConstraintViolationExceptionReasonMaxPolicyTypeAttachmentLimitExceeded))
	}
}

// The operations' throttling buckets are orgctl's table too: the client
// paces to what the sandbox enforces.
func TestThrottlesAreOrgctlsFacts(t *testing.T) {
	sandboxtest.PinThrottles(t, service(), facts.OrganizationsThrottles)
}
