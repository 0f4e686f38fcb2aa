package awsemail

import (
	"fmt"
	"strings"
	"unicode"
)

// Lengths AWS accepts (CreateAccount's Email member).
const (
	MinLen = 6
	MaxLen = 64
)

// ForbiddenInLocal are the characters, besides whitespace, AWS does not
// accept before the @.
const ForbiddenInLocal = `"'()<>[]:;,\|%&`

// Problem says why AWS refuses an email, and what to change.
type Problem struct {
	// What is wrong, for a message: "has ( before the @".
	What string
	// Fix says what to change.
	Fix string
}

func (p *Problem) Error() string { return p.What }

// Check applies the rules of AWS's CreateAccount documentation to email:
// 6 to 64 characters, all 7-bit ASCII, exactly one @; before it no
// whitespace, none of ForbiddenInLocal and no leading dot; after it only
// letters, digits, hyphens and dots, at least one dot, and neither a dot
// nor a hyphen at either end. It also refuses an empty label (two dots in
// a row), which no domain can have. It returns nil when AWS accepts the
// email.
func Check(email string) *Problem {
	const bad = "has no valid domain after the @: "
	const fix = "Use the email of the account's root user, such as aws+payments-prod@example.com."
	if n := len(email); n < MinLen || n > MaxLen {
		return &Problem{fmt.Sprintf("is %d characters", n), fmt.Sprintf("AWS accepts emails of %d to %d characters.", MinLen, MaxLen)}
	}
	for _, c := range email {
		if c > unicode.MaxASCII {
			return &Problem{fmt.Sprintf("has %q, which is not 7-bit ASCII", c), "AWS accepts only ASCII characters in an account's email; use the address's ASCII form."}
		}
	}
	if strings.ContainsFunc(email, unicode.IsSpace) {
		return &Problem{"contains whitespace", "Remove the whitespace."}
	}
	if strings.Count(email, "@") != 1 {
		return &Problem{"must contain exactly one @", fix}
	}
	local, domain, _ := strings.Cut(email, "@")
	switch {
	case local == "":
		return &Problem{"has nothing before the @", fix}
	case strings.HasPrefix(local, "."):
		return &Problem{"begins with a dot", "AWS does not accept a dot at the start of an email."}
	}
	if i := strings.IndexAny(local, ForbiddenInLocal); i >= 0 {
		return &Problem{fmt.Sprintf("has %c before the @", local[i]),
			"AWS does not accept any of " + spaced(ForbiddenInLocal) + " before the @."}
	}
	if i := strings.IndexFunc(domain, func(c rune) bool { return !isDomainChar(c) }); i >= 0 {
		return &Problem{fmt.Sprintf(bad+"it has %q", domain[i]),
			"After the @, AWS accepts only letters, digits, hyphens (-) and dots (.)."}
	}
	switch {
	case domain == "":
		return &Problem{"has nothing after the @", fix}
	case strings.HasPrefix(domain, ".") || strings.HasPrefix(domain, "-"):
		return &Problem{fmt.Sprintf(bad+"it begins with %q", domain[:1]), "AWS does not accept a domain that begins or ends with a dot or a hyphen."}
	case strings.HasSuffix(domain, ".") || strings.HasSuffix(domain, "-"):
		return &Problem{fmt.Sprintf(bad+"it ends with %q", domain[len(domain)-1:]), "AWS does not accept a domain that begins or ends with a dot or a hyphen."}
	case !strings.Contains(domain, "."):
		return &Problem{bad + "it has no dot", "AWS requires a domain with at least one dot, such as example.com."}
	case strings.Contains(domain, ".."):
		return &Problem{bad + "it has two dots in a row", "Remove the empty part of the domain."}
	}
	return nil
}

func isDomainChar(c rune) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '.'
}

// spaced writes the characters of s apart: " ' ( ) ...
func spaced(s string) string {
	return strings.Join(strings.Split(s, ""), " ")
}
