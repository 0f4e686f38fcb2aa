package sandbox

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"time"
	"unicode/utf8"
)

// STS: awsQuery, version 2011-06-15, signing name "sts". GetCallerIdentity
// and AssumeRole. Temporary credentials from AssumeRole are kept in the state
// and act as the role's account on every service.

func init() { registerService(stsService()) }

func stsService() *service {
	return &service{
		name:     "sts",
		protocol: queryProtocol{version: "2011-06-15", xmlns: "https://sts.amazonaws.com/doc/2011-06-15/"},
		ops: map[string]*operation{
			"GetCallerIdentity": queryOp(false, getCallerIdentity),
			"AssumeRole":        queryOp(true, assumeRole),
		},
		internalError: func(msg string) *apiError {
			return &apiError{Status: http.StatusInternalServerError, Code: "InternalFailure", Message: msg, Receiver: true}
		},
	}
}

const (
	roleMaxSession    = time.Hour      // MaxSessionDuration of the role CreateAccount makes
	keepExpiredTokens = 24 * time.Hour // expired credentials still answer ExpiredToken
)

type callerIdentity struct {
	UserId  string
	Account string
	Arn     string
}

func getCallerIdentity(c *call, _ url.Values) (any, *apiError) {
	return callerIdentity{UserId: c.caller.UserID, Account: c.caller.AccountID, Arn: c.caller.Arn}, nil
}

func stsValidation(format string, args ...any) *apiError {
	return &apiError{Status: http.StatusBadRequest, Code: "ValidationError", Message: fmt.Sprintf(format, args...)}
}

var (
	reRoleArn    = regexp.MustCompile(`^arn:aws:iam::(\d{12}):role/(?:[\x21-\x7E]*/)?([\w+=,.@-]{1,64})$`)
	reSessionArg = regexp.MustCompile(`^[\w+=,.@-]*$`)
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

// assumeRole lets the management account assume, in a member account, the
// role that CreateAccount created there (RoleName). Anything else is
// AccessDenied, as IAM would answer for a role that does not exist or does
// not trust the caller.
func assumeRole(c *call, form url.Values) (any, *apiError) {
	roleArn, session := form.Get("RoleArn"), form.Get("RoleSessionName")
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
	acct, roleName := c.st.Accounts[m[1]], m[2]
	if c.caller.AccountID != c.st.mgmtID() || acct == nil || acct.ID == c.st.mgmtID() ||
		acct.State != accountActive || acct.RoleName != roleName {
		return nil, &apiError{Status: http.StatusForbidden, Code: "AccessDenied",
			Message: "User: " + c.caller.Arn + " is not authorized to perform: sts:AssumeRole on resource: " + roleArn}
	}
	if duration > roleMaxSession {
		return nil, stsValidation("The requested DurationSeconds exceeds the MaxSessionDuration set for this role.")
	}
	c.st.pruneCredentials(c.now)
	cred := &credential{
		AccessKeyID:     newAccessKeyID(true),
		SecretAccessKey: newSecretKey(),
		SessionToken:    newSessionToken(),
		AccountID:       acct.ID,
		Arn:             "arn:aws:sts::" + acct.ID + ":assumed-role/" + roleName + "/" + session,
		UserID:          acct.RoleID + ":" + session,
		Expires:         c.now.Add(duration),
	}
	c.st.Credentials[cred.AccessKeyID] = cred
	var out assumeRoleResult
	out.Credentials.AccessKeyId = cred.AccessKeyID
	out.Credentials.SecretAccessKey = cred.SecretAccessKey
	out.Credentials.SessionToken = cred.SessionToken
	out.Credentials.Expiration = cred.Expires.UTC().Format(time.RFC3339)
	out.AssumedRoleUser.AssumedRoleId = cred.UserID
	out.AssumedRoleUser.Arn = cred.Arn
	return out, nil
}

// pruneCredentials forgets temporary credentials long expired.
func (st *state) pruneCredentials(now time.Time) {
	for id, k := range st.Credentials {
		if !k.Expires.IsZero() && now.Sub(k.Expires) > keepExpiredTokens {
			delete(st.Credentials, id)
		}
	}
}
