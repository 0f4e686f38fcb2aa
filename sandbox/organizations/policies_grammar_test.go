package organizations

import (
	"encoding/json"
	"fmt"
	"os"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	"github.com/aws/aws-sdk-go-v2/service/organizations/types"

	"github.com/orgctl/orgctl/sandbox/internal/sandboxtest/expect"
)

// malformed expects MalformedPolicyDocumentException with the message AWS
// sends (org-formation/org-formation-cli#225), not the model's.
var malformed = as(func(e *types.MalformedPolicyDocumentException) string {
	const want = "The provided policy document does not meet the requirements of the specified policy type."
	if got := aws.ToString(e.Message); got != want {
		return fmt.Sprintf("message %q, want %q", got, want)
	}
	return ""
})

// corpusEntry is one document of policygrammar's corpus, valid or not, of
// one policy type.
type corpusEntry struct {
	Type     string `json:"type"`
	Name     string `json:"name"`
	Document string `json:"document"`
	Problem  string `json:"problem"`
}

// TestPolicyGrammar: CreatePolicy accepts every valid document of
// policygrammar's corpus (which orgctl validate is driven by too) and
// refuses every invalid one as AWS does; UpdatePolicy refuses one and
// keeps the policy as it was.
func TestPolicyGrammar(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	b, err := os.ReadFile("../../policygrammar/testdata/documents.json")
	if err != nil {
		t.Fatal(err)
	}
	var corpus []corpusEntry
	if err := json.Unmarshal(b, &corpus); err != nil {
		t.Fatal(err)
	}
	for i, c := range corpus {
		want := expect.OK
		if c.Problem != "" {
			want = malformed
		}
		_, err := e.Org.CreatePolicy(e.Ctx, &organizations.CreatePolicyInput{Name: aws.String(fmt.Sprint("p", i)),
			Description: aws.String(""), Type: types.PolicyType(c.Type), Content: aws.String(c.Document)})
		expect.Check(t, c.Type+" "+c.Name, err, want)
	}

	id := e.createPolicy("kept", scp, denyDoc("s3:*"))
	_, err = e.Org.UpdatePolicy(e.Ctx, &organizations.UpdatePolicyInput{PolicyId: aws.String(id),
		Content: aws.String(`{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:*"}]}`)})
	expect.Check(t, "UpdatePolicy with Principal", err, malformed)
	out, err := e.Org.DescribePolicy(e.Ctx, &organizations.DescribePolicyInput{PolicyId: aws.String(id)})
	if err != nil {
		t.Fatal(err)
	}
	if got := aws.ToString(out.Policy.Content); got != denyDoc("s3:*") {
		t.Errorf("content after a refused update = %s, want it unchanged", got)
	}
}
