// Package members enrols an organization's existing accounts in a
// service whose auto-enable covers only accounts that join later (Macie,
// Inspector, Detective): it lists the organization's active accounts,
// leaves out those the service already has, and enrols the rest a bounded
// number at a time, reporting progress and naming every account that
// failed. A run that stops is resumed by the next, which skips the
// accounts already enrolled.
//
// Listing members costs a call per page per region, so providers do it
// only when asked (providers.Settings.Members: plan, drift and apply
// --members) or when they enrol.
package members

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	"github.com/aws/aws-sdk-go-v2/service/organizations/types"

	"github.com/orgctl/orgctl/engine"
)

// All is the live members state when every active account is enrolled,
// as the spec's members: all is written in desired resources.
const All = "ALL"

// State is the live members state: All, or how many of the active
// accounts are enrolled, which the plan shows against the spec's ALL.
func State(enrolled, total int) string {
	if enrolled >= total {
		return All
	}
	return fmt.Sprintf("%d of %d accounts enrolled", enrolled, total)
}

// Account is an active account of the organization.
type Account struct {
	ID, Name, Email string
}

func (a Account) String() string { return fmt.Sprintf("%s (%s)", a.Name, a.ID) }

// Active lists the organization's active accounts, as the management
// account sees them (organizations:ListAccounts, cfg its session):
// suspended and closed accounts cannot be enrolled.
func Active(ctx context.Context, cfg aws.Config, optFns ...func(*organizations.Options)) ([]Account, error) {
	c := organizations.NewFromConfig(cfg, optFns...)
	var out []Account
	for pg := organizations.NewListAccountsPaginator(c, &organizations.ListAccountsInput{}); pg.HasMorePages(); {
		page, err := pg.NextPage(ctx)
		if err != nil {
			return nil, fmt.Errorf("listing the organization's accounts: %w", err)
		}
		for _, a := range page.Accounts {
			if a.State == types.AccountStateActive || a.State == "" && a.Status == types.AccountStatusActive {
				out = append(out, Account{ID: aws.ToString(a.Id), Name: aws.ToString(a.Name), Email: aws.ToString(a.Email)})
			}
		}
	}
	return out, nil
}

// Missing returns the accounts of all that enrolled (by ID) lacks,
// leaving out skip (the administrator, which is no member of itself).
func Missing(all []Account, enrolled map[string]bool, skip ...string) []Account {
	var out []Account
	for _, a := range all {
		if !enrolled[a.ID] && !slices.Contains(skip, a.ID) {
			out = append(out, a)
		}
	}
	return out
}

// Batch enrols a batch of accounts; it returns the accounts AWS refused
// (by ID, with AWS's reason) and an error when the whole call failed.
type Batch func(ctx context.Context, batch []Account) (refused map[string]string, err error)

// Enrol enrols accounts in batches of size (1 for a service that takes
// one account a call), at most parallel batches at once, reporting
// progress through engine.Progress. It tries every account, then returns
// an error naming each that failed, with AWS's reason.
func Enrol(ctx context.Context, accounts []Account, size, parallel int, enrol Batch) error {
	size, parallel = max(size, 1), max(parallel, 1)
	var (
		mu     sync.Mutex
		done   int
		failed []string
		wg     sync.WaitGroup
	)
	sem := make(chan struct{}, parallel)
	for start := 0; start < len(accounts); start += size {
		batch := accounts[start:min(start+size, len(accounts))]
		select {
		case sem <- struct{}{}:
		case <-ctx.Done():
		}
		if ctx.Err() != nil {
			break
		}
		wg.Add(1)
		go func() {
			defer func() { <-sem; wg.Done() }()
			refused, err := enrol(ctx, batch)
			mu.Lock()
			defer mu.Unlock()
			for _, a := range batch {
				switch {
				case err != nil:
					failed = append(failed, fmt.Sprintf("%s: %v", a, err))
				case refused[a.ID] != "":
					failed = append(failed, fmt.Sprintf("%s: %s", a, refused[a.ID]))
				}
			}
			done += len(batch)
			engine.Progress(ctx, "enrolled %d of %d accounts", done-len(failed), len(accounts))
		}()
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("stopped after %d of %d accounts (the next apply resumes): %w", done, len(accounts), err)
	}
	if len(failed) > 0 {
		slices.Sort(failed)
		return errors.New(fmt.Sprintf("%d of %d accounts not enrolled (the others are):\n  ", len(failed), len(accounts)) + strings.Join(failed, "\n  "))
	}
	return nil
}
