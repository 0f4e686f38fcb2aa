package fms

import (
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	"github.com/google/go-cmp/cmp"

	"github.com/orgctl/orgctl/sandbox/internal/sandboxtest"
	"github.com/orgctl/orgctl/sandbox/internal/sandboxtest/expect"
)

func delegated(e *sandboxtest.Env) []string {
	e.T.Helper()
	out, err := e.Org.ListDelegatedAdministrators(e.Ctx, &organizations.ListDelegatedAdministratorsInput{ServicePrincipal: aws.String(principal)})
	if err != nil {
		e.T.Fatal(err)
	}
	var ids []string
	for _, a := range out.DelegatedAdministrators {
		ids = append(ids, *a.Id)
	}
	return ids
}

func TestAdministrator(t *testing.T) {
	t.Parallel()
	e := sandboxtest.New(t, WithAdminSettleDelay(time.Minute))
	mgmt := e.SB.ManagementAccountID()
	secID, security := e.NewMember("security", time.Minute)
	netID, network := e.NewMember("network", time.Minute)
	assoc := func(account string) func() error {
		return func() error { return associateIn(e, e.Admin(), homeRegion, account) }
	}
	cases := []struct {
		name string
		call func() error
		want func(error) string
	}{
		{"none yet", func() error { _, err := client(e, e.Admin(), homeRegion).GetAdminAccount(e.Ctx, nil); return err },
			is("ResourceNotFoundException", "No default admin could be found for account "+mgmt+".")},
		{"without trusted access", assoc(secID), expect.Code("InvalidOperationException")},
		{"enable trusted access", func() error { e.TrustedAccess(principal); return nil }, expect.OK},
		{"from a member account", func() error { return associateIn(e, network, homeRegion, secID) },
			is("InvalidOperationException", netID+" is not the management account of the Organization but trying to AssociateAdmin, Organization management account is "+mgmt)},
		{"outside us-east-1", func() error { return associateIn(e, e.Admin(), "eu-west-1", secID) }, expect.Code("InvalidOperationException")},
		{"the management account", assoc(mgmt), expect.Code("InvalidOperationException")},
		{"an account not in the organization", assoc("123456789012"), expect.Code("InvalidOperationException")},
		{"not an account ID", assoc("12345x"), expect.Code("InvalidInputException")},
		{"associate", assoc(secID), expect.OK},
		{"again while creating", assoc(secID), expect.OK},
		{"another account", assoc(netID), expect.Code("InvalidOperationException")},
		{"disassociate while creating", func() error { return leave(e, security) }, is("InvalidOperationException", msgOnboarding)},
		{"ready", func() error { e.Clock.Advance(time.Minute); return nil }, expect.OK},
		{"again once ready", assoc(secID), expect.Code("InvalidOperationException")},
		{"disassociate from the management account", func() error { return leave(e, e.Admin()) },
			is("AccessDeniedException", "Operation: DisassociateAdminAccount is only available to Administration account in AWS Firewall Manager.")},
		{"read by another member", func() error { _, err := client(e, network, homeRegion).GetAdminAccount(e.Ctx, nil); return err },
			is("AccessDeniedException", "Account: "+netID+" is not currently delegated by AWS FM.")},
	}
	for _, c := range cases {
		expect.Check(t, c.name, c.call(), c.want)
	}
	// Association registered the administrator with Organizations; the
	// status reads the same from the administrator and in any region.
	if got := delegated(e); !cmp.Equal(got, []string{secID}) {
		t.Errorf("delegated administrators for fms: %v", got)
	}
	for _, creds := range []aws.CredentialsProvider{e.Admin(), security} {
		if got := status(e, creds); got != secID+" READY" {
			t.Errorf("GetAdminAccount = %s", got)
		}
	}
	if out, err := client(e, e.Admin(), "eu-west-1").GetAdminAccount(e.Ctx, nil); err != nil || aws.ToString(out.AdminAccount) != secID {
		t.Errorf("GetAdminAccount in eu-west-1 = %+v, %v", out, err)
	}
	// The state survives a restart.
	e.Reopen()
	if got := status(e, e.Admin()); got != secID+" READY" {
		t.Errorf("after reopening: %s", got)
	}
	// The administrator leaves: offboarding, then gone with its
	// registration, and a new one can be associated.
	expect.Check(t, "disassociate", leave(e, security), expect.OK)
	if got := status(e, e.Admin()); got != secID+" PENDING_DELETION" {
		t.Errorf("while offboarding: %s", got)
	}
	expect.Check(t, "associate while offboarding", assoc(netID)(), is("InvalidOperationException", msgOffboarding))
	expect.Check(t, "disassociate again", leave(e, security), expect.Code("AccessDeniedException"))
	if got := delegated(e); len(got) != 0 {
		t.Errorf("delegated administrators after disassociation: %v", got)
	}
	e.Clock.Advance(time.Minute)
	if got := status(e, e.Admin()); got != "ResourceNotFoundException" {
		t.Errorf("after offboarding: %s", got)
	}
	expect.Check(t, "a new administrator", assoc(netID)(), expect.OK)
	if got := status(e, e.Admin()); got != netID+" CREATING" {
		t.Errorf("the new administrator: %s", got)
	}
}

func TestAlreadyDelegatedElsewhere(t *testing.T) {
	t.Parallel()
	e := sandboxtest.New(t, WithAdminSettleDelay(0))
	secID, _ := e.NewMember("security", time.Minute)
	netID, _ := e.NewMember("network", time.Minute)
	e.TrustedAccess(principal)
	e.Delegate(netID, principal)
	expect.Check(t, "another delegated administrator", associateIn(e, e.Admin(), homeRegion, secID), expect.Code("InvalidOperationException"))
	expect.Check(t, "the delegated administrator", associateIn(e, e.Admin(), homeRegion, netID), expect.OK)
	if got := status(e, e.Admin()); got != netID+" READY" {
		t.Errorf("with no settle delay: %s", got)
	}
}
