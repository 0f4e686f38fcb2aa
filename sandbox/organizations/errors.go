package organizations

import (
	"net/http"

	"github.com/orgctl/orgctl/sandbox"
)

// wireError is what AWS sends for one error code: its HTTP status and,
// where a real response has been seen, its message.
type wireError struct {
	status int
	// message is the text seen on the wire; it replaces whatever the
	// handler says. Empty where no real response is known: the handler's
	// text (the SDK's documentation of the error) stands.
	message string
}

// wireErrors is every error Organizations sends. The SDK's model gives
// 403, 404, 409 or 429 to many of them, but AWS answers 400 for every
// client error (the API Reference lists 400 for each, and real responses
// carry it: ConstraintViolation, NotInUse, ConcurrentModification,
// TooManyRequests, AccessDenied); only ServiceException is a 500. The
// messages are those quoted from real responses in public issue trackers.
var wireErrors = map[string]wireError{
	"AccessDeniedException":                          {400, "You don't have permissions to access this resource."},
	"AccessDeniedForDependencyException":             {400, ""},
	"AccountAlreadyClosedException":                  {400, "You attempted to close an account that is already closed."},
	"AccountAlreadyRegisteredException":              {400, "The provided account is already a delegated administrator for your organization."},
	"AccountNotFoundException":                       {400, "You specified an account that doesn't exist."},
	"AccountNotRegisteredException":                  {400, ""},
	"AlreadyInOrganizationException":                 {400, ""},
	"AWSOrganizationsNotInUseException":              {400, "Your account is not a member of an organization."},
	"ChildNotFoundException":                         {400, ""},
	"ConcurrentModificationException":                {400, "AWS Organizations can't complete your request because it conflicts with another attempt to modify the same entity. Try again later."},
	"ConflictException":                              {400, ""},
	"ConstraintViolationException":                   {400, ""},
	"CreateAccountStatusNotFoundException":           {400, ""},
	"DestinationParentNotFoundException":             {400, ""},
	"DuplicateAccountException":                      {400, ""},
	"DuplicateOrganizationalUnitException":           {400, ""},
	"DuplicatePolicyAttachmentException":             {400, ""},
	"DuplicatePolicyException":                       {400, "A policy with the specified name and type already exists."},
	"FinalizingOrganizationException":                {400, "AWS Organizations could not finalize the creation of your organization. Try again later. If this persists, contact AWS customer support."},
	"HandshakeAlreadyInStateException":               {400, ""},
	"HandshakeConstraintViolationException":          {400, ""},
	"HandshakeNotFoundException":                     {400, ""},
	"InvalidHandshakeTransitionException":            {400, ""},
	"InvalidInputException":                          {400, ""},
	"MalformedPolicyDocumentException":               {400, "The provided policy document does not meet the requirements of the specified policy type."},
	"OrganizationNotEmptyException":                  {400, ""},
	"OrganizationalUnitNotEmptyException":            {400, ""},
	"OrganizationalUnitNotFoundException":            {400, ""},
	"ParentNotFoundException":                        {400, ""},
	"PolicyInUseException":                           {400, ""},
	"PolicyNotAttachedException":                     {400, ""},
	"PolicyNotFoundException":                        {400, ""},
	"PolicyTypeAlreadyEnabledException":              {400, "The specified policy type is already enabled."},
	"PolicyTypeNotAvailableForOrganizationException": {400, ""},
	"PolicyTypeNotEnabledException":                  {400, ""},
	"RootNotFoundException":                          {400, ""},
	"ServiceException":                               {500, ""},
	"SourceParentNotFoundException":                  {400, ""},
	"TargetNotFoundException":                        {400, ""},
	"TooManyRequestsException":                       {400, ""},
}

// awsError is an error whose words AWS's responses show (wireErrors),
// sent with them.
func awsError(code string) *sandbox.Error { return orgError(code, "") }

// orgError is an Organizations error as AWS sends it: the status of
// wireErrors, and its message where one is known (call awsError for
// those), msg otherwise.
func orgError(code, msg string) *sandbox.Error {
	w, ok := wireErrors[code]
	if !ok {
		w.status = http.StatusBadRequest
	}
	if w.message != "" {
		msg = w.message
	}
	return &sandbox.Error{Status: w.status, Code: code, Message: msg, Server: w.status >= 500}
}
