package awsapi

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
)

// DelegatedAdmin returns the ID of the account registered as delegated
// administrator for principal, or "" when there is none. A service has at
// most one; wrap is the provider's error wrapper.
func DelegatedAdmin(ctx context.Context, api *organizations.Client, principal string, wrap func(string, error) error) (string, error) {
	admin := ""
	err := Pages(ctx, wrap, "ListDelegatedAdministrators",
		organizations.NewListDelegatedAdministratorsPaginator(api, &organizations.ListDelegatedAdministratorsInput{ServicePrincipal: aws.String(principal)}),
		func(page *organizations.ListDelegatedAdministratorsOutput) error {
			for _, a := range page.DelegatedAdministrators {
				admin = aws.ToString(a.Id)
			}
			return nil
		})
	return admin, err
}
