// Package all serves every service the sandbox emulates: a program that
// runs a sandbox for any client imports it blank. Adding a service is its
// package plus one line here.
//
// It owns nothing but this list, and must not hold code of its own.
package all

import (
	_ "github.com/orgctl/orgctl/sandbox/cloudtrail"
	_ "github.com/orgctl/orgctl/sandbox/guardduty"
	_ "github.com/orgctl/orgctl/sandbox/identitycenter"
	_ "github.com/orgctl/orgctl/sandbox/organizations"
	_ "github.com/orgctl/orgctl/sandbox/sts"
)
