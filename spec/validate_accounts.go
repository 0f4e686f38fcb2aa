package spec

import (
	"fmt"
	"strings"

	"github.com/orgctl/orgctl/awsemail"
)

// Limits AWS puts on accounts.
const (
	maxAccountNameLen = 50
)

// checkAccounts: names, emails, uniqueness and OU references.
func checkAccounts(s *Spec, r *reporter) {
	names := map[string]string{}
	emails := map[string]string{}
	paths := ouPaths(s)
	known := map[string]bool{}
	for _, p := range paths {
		known[p] = true
	}
	for i := range s.Accounts {
		a := &s.Accounts[i]
		at := indexPath("accounts", i)
		if checkAccountName(r, a, at) {
			if first, dup := names[a.Name]; dup {
				r.errorf(at+".name", fmt.Sprintf("It is first declared at %s; account names must be unique, they are how the spec refers to accounts.", r.where(first)),
					"duplicate account name %q", a.Name)
			} else {
				names[a.Name] = at + ".name"
			}
		}
		if checkAccountEmail(r, a, at) {
			key := strings.ToLower(a.Email)
			if first, dup := emails[key]; dup {
				r.errorf(at+".email", fmt.Sprintf("It is first used at %s (emails are compared without regard to case); every account needs its own email.", r.where(first)),
					"duplicate account email %q", a.Email)
			} else {
				emails[key] = at + ".email"
			}
		}
		checkAccountOU(r, a, at, known, paths)
	}
}

// checkAccountName: 1-50 printable ASCII characters. It returns whether
// the name is valid.
func checkAccountName(r *reporter, a *Account, at string) bool {
	switch {
	case a.Name == "":
		r.errorf(at+".name", "Give the account a name: name: payments-prod.", "account has no name")
		return false
	case len(a.Name) > maxAccountNameLen:
		r.errorf(at+".name", fmt.Sprintf("Shorten it to %d characters or fewer.", maxAccountNameLen),
			"account name %q is %d characters; the limit is %d", a.Name, len(a.Name), maxAccountNameLen)
		return false
	case strings.IndexFunc(a.Name, func(c rune) bool { return c < 0x20 || c > 0x7e }) >= 0:
		r.errorf(at+".name", "Account names may use letters, digits, spaces and printable ASCII punctuation only.",
			"account name %q has a character outside printable ASCII", a.Name)
		return false
	}
	return true
}

// checkAccountEmail: AWS's rule for the email of an account it creates
// (awsemail), which the sandbox's CreateAccount applies too. It returns
// whether the email is valid.
func checkAccountEmail(r *reporter, a *Account, at string) bool {
	at += ".email"
	if a.Email == "" {
		r.errorf(at, "Use the email of the account's root user, such as aws+payments-prod@example.com.", "account %s has no email", a.Name)
		return false
	}
	if p := awsemail.Check(a.Email); p != nil {
		r.errorf(at, p.Fix+" AWS refuses such an email, or creates an account whose root user can never sign in.",
			"email %q %s", a.Email, p.What)
		return false
	}
	return true
}

// checkAccountOU: ou is left out (the root) or the path of a declared
// OU. An empty ou is refused: it is usually a template variable left
// blank, and would move the account to the root.
func checkAccountOU(r *reporter, a *Account, at string, known map[string]bool, paths []string) {
	if _, given := r.s.Locs[at+".ou"]; given && a.OU == "" && !r.skipped(at+".ou") {
		r.errorf(at+".ou", "Leave ou: out to place the account in the root; an empty value is usually a template variable left blank.",
			"account %s: ou is empty", a.Name)
		return
	}
	if a.OU == "" || known[a.OU] {
		return
	}
	detail := "Declare it under organizationalUnits, or leave ou: out to place the account in the root."
	if hint := didYouMean(a.OU, paths); hint != "" {
		detail = strings.TrimSpace(hint) + " " + detail
	}
	r.errorf(at+".ou", detail, "account %s: organizational unit %q is not declared", a.Name, a.OU)
}
