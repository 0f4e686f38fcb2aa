// Package organizations emulates AWS Organizations (awsJson1_1, target
// prefix AWSOrganizationsV20161128, signing name "organizations") on the
// sandbox core. Importing it registers the service; importing
// sandbox/sts as well lets callers assume the roles it creates.
//
// What it owns:
//   - the operations (root.go, ous.go, accounts.go, policies.go, attach.go,
//     tags.go, access.go) and who may call them (service.go): the
//     management account everything, a delegated administrator the
//     read-only List* and Describe*, other members DescribeOrganization;
//   - its slice of the state, the organization (state.go), and its
//     time-driven transitions (lifecycle.go): asynchronous account creation,
//     policy-type enablement and account closure, derived from stored
//     timestamps;
//   - the organization's life (organization.go): a management account in
//     no organization (every call but CreateOrganization and the account's
//     handshake operations answers AWSOrganizationsNotInUseException),
//     CreateOrganization, DeleteOrganization, finalisation after creation
//     (FinalizingOrganizationException), what consolidated billing refuses,
//     and ARNs in the partition of the request's region;
//   - enabling all features by AWS's handshakes (handshakes.go);
//   - the errors as AWS sends them (errors.go): HTTP 400 for every client
//     error whatever the model says, and the words of real responses;
//   - the rules of AWS it shares with orgctl validate, so that neither is
//     kinder than the other: CreateAccount's email rule (awsemail, failing
//     the request with INVALID_EMAIL) and each policy type's grammar
//     (policygrammar, MalformedPolicyDocumentException);
//   - its limits (policy types and their quotas in root.go, OUs, accounts,
//     tags) and its settings (options.go): the create-account, policy-type,
//     close-account, finalisation and trusted-access delays, the account
//     quota, and what a new sandbox starts as (organization or none, feature
//     set, management email, invited accounts), stored by sandbox.Init and
//     overridden per process by sandbox.Open;
//   - its hooks on the core: TooManyRequestsException with HTTP 400 (AWS
//     sends 400 where the model says 429), ServiceException,
//     ConcurrentModificationException, the entities its writes serialise on
//     (contention.go: attachments per target, OUs created per parent, a
//     policy's updates, a move or delegation per account, tags per
//     resource), the rate bucket "organizations" (10 requests a second,
//     burst 20, 4 in progress per caller: assumptions, as AWS publishes no
//     concurrency and users report a few requests a second with short
//     bursts) and each operation's bucket per caller, as AWS publishes them
//     (throttles.go), and eventual consistency
//     (consistency.go): a new OU, policy or created account is left out of
//     List* results and named in a request gets the not-found error AWS
//     gives for a missing one;
//   - the generator of large organizations (generate.go), used by orgctl
//     sandbox generate;
//   - the migration of a version-1 state file, which held only the
//     organization (migrate.go);
//   - Org (api.go), what other sandbox services may consult: the
//     management account, membership, trusted access, and delegated
//     administrators, which a service registers for itself.
//
// What it must not touch: credentials and roles are the core's identity;
// CreateAccount only asks the core to create the account's role, trusting
// the management account, and CloseAccount to close the account. It imports
// no other service package, and other services change the organization
// only through Org.
package organizations
