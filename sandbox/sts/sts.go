package sts

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/orgctl/orgctl/sandbox"
)

func init() { sandbox.Register(service()) }

func service() *sandbox.Service {
	return &sandbox.Service{
		Name:     "sts",
		Protocol: sandbox.AWSQuery("2011-06-15", "https://sts.amazonaws.com/doc/2011-06-15/"),
		Ops: map[string]*sandbox.Op{
			"GetCallerIdentity": sandbox.QueryOp(false, getCallerIdentity),
			"AssumeRole":        sandbox.QueryOp(true, assumeRole),
		},
		Throttle: func() *sandbox.Error {
			return &sandbox.Error{Status: http.StatusBadRequest, Code: "Throttling", Message: "Rate exceeded"}
		},
		ServerFault: sandbox.InternalFailure, // STS models no server error
	}
}

// keepExpiredTokens is how long expired credentials still answer
// ExpiredToken rather than being unknown.
const keepExpiredTokens = 24 * time.Hour

type callerIdentity struct {
	UserId  string
	Account string
	Arn     string
}

func getCallerIdentity(c *sandbox.Call, _ url.Values) (any, *sandbox.Error) {
	return callerIdentity{UserId: c.Caller.UserID, Account: c.Caller.AccountID, Arn: c.Caller.Arn}, nil
}

func stsValidation(format string, args ...any) *sandbox.Error {
	return &sandbox.Error{Status: http.StatusBadRequest, Code: "ValidationError", Message: fmt.Sprintf(format, args...)}
}

var (
	reRoleArn    = sandbox.NewPattern(`^arn:aws:iam::(\d{12}):role/(?:[\x21-\x7E]*/)?([\w+=,.@-]{1,64})$`)
	reSessionArg = regexp.MustCompile(`^[\w+=,.@-]*$`)
	reExternalID = regexp.MustCompile(`^[\w+=,.@:/-]*$`)
)

type assumeRoleResult struct {
	Credentials struct {
		AccessKeyId     string
		SecretAccessKey string
		SessionToken    string
		Expiration      string
	}
	AssumedRoleUser struct {
		AssumedRoleId string
		Arn           string
	}
}

// assumeRole returns credentials of the role's account, acting as the role,
// when the role exists and trusts the caller's account (and, if its trust
// policy requires one, the caller gives its ExternalId). Anything else is
// AccessDenied, as IAM answers for a role that does not exist or does not
// trust the caller.
func assumeRole(c *sandbox.Call, form url.Values) (any, *sandbox.Error) {
	roleArn, session, externalID := form.Get("RoleArn"), form.Get("RoleSessionName"), form.Get("ExternalId")
	switch {
	case !form.Has("RoleArn"):
		return nil, stsValidation("1 validation error detected: Value null at 'roleArn' failed to satisfy constraint: Member must not be null")
	case !form.Has("RoleSessionName"):
		return nil, stsValidation("1 validation error detected: Value null at 'roleSessionName' failed to satisfy constraint: Member must not be null")
	case utf8.RuneCountInString(roleArn) < 20 || utf8.RuneCountInString(roleArn) > 2048:
		return nil, stsValidation("1 validation error detected: Value '%s' at 'roleArn' failed to satisfy constraint: Member must have length between 20 and 2048", roleArn)
	case len(session) < 2 || len(session) > 64:
		return nil, stsValidation("1 validation error detected: Value '%s' at 'roleSessionName' failed to satisfy constraint: Member must have length between 2 and 64", session)
	case !reSessionArg.MatchString(session):
		return nil, stsValidation(`1 validation error detected: Value '%s' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\w+=,.@-]*`, session)
	case form.Has("ExternalId") && (len(externalID) < 2 || len(externalID) > 1224):
		return nil, stsValidation("1 validation error detected: Value '%s' at 'externalId' failed to satisfy constraint: Member must have length between 2 and 1224", externalID)
	case !reExternalID.MatchString(externalID):
		return nil, stsValidation(`1 validation error detected: Value '%s' at 'externalId' failed to satisfy constraint: Member must satisfy regular expression pattern: [\w+=,.@:\/-]*`, externalID)
	}
	duration := time.Hour
	if s := form.Get("DurationSeconds"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil {
			return nil, stsValidation("1 validation error detected: Value '%s' at 'durationSeconds' failed to satisfy constraint: Member must be a number", s)
		}
		if n < 900 || n > 43200 {
			return nil, stsValidation("1 validation error detected: Value '%d' at 'durationSeconds' failed to satisfy constraint: Member must have value between 900 and 43200", n)
		}
		duration = time.Duration(n) * time.Second
	}
	m := reRoleArn.FindStringSubmatch(roleArn)
	if m == nil {
		return nil, stsValidation("%s is invalid", roleArn)
	}
	acct, roleName := m[1], m[2]
	role := c.State.Role(acct, roleName)
	if role == nil || c.State.AccountClosed(acct) || !trusts(role, c.Caller.AccountID) ||
		(role.ExternalID != "" && role.ExternalID != externalID) {
		return nil, &sandbox.Error{Status: http.StatusForbidden, Code: "AccessDenied",
			Message: "User: " + c.Caller.Arn + " is not authorized to perform: sts:AssumeRole on resource: " + roleArn}
	}
	if duration > time.Duration(role.MaxSession) {
		return nil, stsValidation("The requested DurationSeconds exceeds the MaxSessionDuration set for this role.")
	}
	c.State.PruneCredentials(c.Now, keepExpiredTokens)
	cred := sandbox.Credential{
		AccessKeyID:     sandbox.NewAccessKeyID(true),
		SecretAccessKey: sandbox.NewSecretKey(),
		SessionToken:    sandbox.NewSessionToken(),
		AccountID:       acct,
		Arn:             "arn:aws:sts::" + acct + ":assumed-role/" + roleName + "/" + session,
		UserID:          role.ID + ":" + session,
		Expires:         c.Now.Add(duration),
	}
	c.State.Issue(cred)
	var out assumeRoleResult
	out.Credentials.AccessKeyId = cred.AccessKeyID
	out.Credentials.SecretAccessKey = cred.SecretAccessKey
	out.Credentials.SessionToken = cred.SessionToken
	out.Credentials.Expiration = cred.Expires.UTC().Format(time.RFC3339)
	out.AssumedRoleUser.AssumedRoleId = cred.UserID
	out.AssumedRoleUser.Arn = cred.Arn
	return out, nil
}

func trusts(r *sandbox.Role, account string) bool {
	for _, a := range r.Trusts {
		if a == account {
			return true
		}
	}
	return false
}
