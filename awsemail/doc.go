// Package awsemail holds AWS's rule for the email of an account that
// CreateAccount makes, so that the spec's validator and the sandbox's
// CreateAccount apply the same one and cannot drift apart. AWS warns that
// an account created with an invalid email can never use its root user
// nor be removed from the organization, so orgctl refuses such an email
// before it asks.
//
// It depends on nothing of orgctl's.
package awsemail
