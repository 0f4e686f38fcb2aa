package fmspolicies

import (
	"context"
	"strings"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	"github.com/aws/aws-sdk-go-v2/service/organizations/types"

	"github.com/orgctl/orgctl/engine"
	"github.com/orgctl/orgctl/providers/internal/awsapi"
)

// names turns the OU and account IDs of a policy's include and exclude
// maps into the spec's OU paths and account keys (emails), asking
// Organizations only about the IDs policies name, each once a read.
type names struct {
	org  *organizations.Client
	mu   sync.Mutex
	ous  map[string]string // OU ID -> path; a root -> ""
	accs map[string]string // account ID -> key
}

func newNames(api *organizations.Client) *names {
	return &names{org: api, ous: map[string]string{}, accs: map[string]string{}}
}

// scope sets attrs ous and accounts from a policy's map.
func (n *names) scope(ctx context.Context, m map[string][]string, a engine.Attrs, ous, accounts string) error {
	var paths, keys []string
	for _, id := range m[mapOU] {
		p, err := n.ouPath(ctx, id)
		if err != nil {
			return err
		}
		paths = append(paths, p)
	}
	for _, id := range m[mapAccount] {
		k, err := n.account(ctx, id)
		if err != nil {
			return err
		}
		keys = append(keys, k)
	}
	a[ous], a[accounts] = sorted(paths), sorted(keys)
	return nil
}

// ouPath returns an OU's path (Workloads/Prod); an ID Organizations does
// not know stays as it is, so the plan shows it.
func (n *names) ouPath(ctx context.Context, id string) (string, error) {
	n.mu.Lock()
	p, ok := n.ous[id]
	n.mu.Unlock()
	if ok {
		return p, nil
	}
	if strings.HasPrefix(id, "r-") {
		return "", nil
	}
	ou, err := awsapi.Do(ctx, func() (*organizations.DescribeOrganizationalUnitOutput, error) {
		return n.org.DescribeOrganizationalUnit(ctx, &organizations.DescribeOrganizationalUnitInput{OrganizationalUnitId: aws.String(id)})
	})
	if awsapi.Code(err) == "OrganizationalUnitNotFoundException" {
		return id, nil
	}
	if err != nil {
		return "", apiError("DescribeOrganizationalUnit "+id, err)
	}
	parents, err := awsapi.Do(ctx, func() (*organizations.ListParentsOutput, error) {
		return n.org.ListParents(ctx, &organizations.ListParentsInput{ChildId: aws.String(id)})
	})
	if err != nil {
		return "", apiError("ListParents "+id, err)
	}
	path := aws.ToString(ou.OrganizationalUnit.Name)
	if len(parents.Parents) == 1 && parents.Parents[0].Type == types.ParentTypeOrganizationalUnit {
		parent, err := n.ouPath(ctx, aws.ToString(parents.Parents[0].Id))
		if err != nil {
			return "", err
		}
		path = parent + "/" + path
	}
	n.mu.Lock()
	n.ous[id] = path
	n.mu.Unlock()
	return path, nil
}

// account returns an account's key, its email in lower case; an ID
// Organizations does not know stays as it is.
func (n *names) account(ctx context.Context, id string) (string, error) {
	n.mu.Lock()
	k, ok := n.accs[id]
	n.mu.Unlock()
	if ok {
		return k, nil
	}
	out, err := awsapi.Do(ctx, func() (*organizations.DescribeAccountOutput, error) {
		return n.org.DescribeAccount(ctx, &organizations.DescribeAccountInput{AccountId: aws.String(id)})
	})
	if awsapi.Code(err) == "AccountNotFoundException" {
		return id, nil
	}
	if err != nil {
		return "", apiError("DescribeAccount "+id, err)
	}
	k = strings.ToLower(aws.ToString(out.Account.Email))
	n.mu.Lock()
	n.accs[id] = k
	n.mu.Unlock()
	return k, nil
}
