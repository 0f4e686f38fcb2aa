package awsemail

import (
	"strings"
	"testing"
)

func TestCheck(t *testing.T) {
	t.Parallel()
	cases := []struct {
		email string
		want  string // the Problem's What, "" when AWS accepts the email
	}{
		{"aws+prod@example.com", ""},
		{"a.b-c_d+e@sub.example-corp.co.uk", ""},
		{"x@a.io", ""},
		{"UPPER@EXAMPLE.COM", ""},
		{"o'brien@example.com", "has ' before the @"},
		{`"quoted"@example.com`, `has " before the @`},
		{"a(b)@example.com", "has ( before the @"},
		{"a)b@example.com", "has ) before the @"},
		{"a<b@example.com", "has < before the @"},
		{"a>b@example.com", "has > before the @"},
		{"a[b@example.com", "has [ before the @"},
		{"a]b@example.com", "has ] before the @"},
		{"a:b@example.com", "has : before the @"},
		{"a;b@example.com", "has ; before the @"},
		{"a,b@example.com", "has , before the @"},
		{`a\b@example.com`, `has \ before the @`},
		{"a|b@example.com", "has | before the @"},
		{"a%b@example.com", "has % before the @"},
		{"a&b@example.com", "has & before the @"},
		{"a b@example.com", "contains whitespace"},
		{"a\tb@example.com", "contains whitespace"},
		{".ab@example.com", "begins with a dot"},
		{"josé@example.com", `has 'é', which is not 7-bit ASCII`},
		{"ab@exämple.com", `has 'ä', which is not 7-bit ASCII`},
		{"ab@ex_ample.com", `has no valid domain after the @: it has '_'`},
		{"ab@example.com ", "contains whitespace"},
		{"ab@example!.com", `has no valid domain after the @: it has '!'`},
		{"ab@.example.com", `has no valid domain after the @: it begins with "."`},
		{"ab@-example.com", `has no valid domain after the @: it begins with "-"`},
		{"ab@example.com.", `has no valid domain after the @: it ends with "."`},
		{"ab@example.com-", `has no valid domain after the @: it ends with "-"`},
		{"ab@localhost", "has no valid domain after the @: it has no dot"},
		{"ab@example..com", "has no valid domain after the @: it has two dots in a row"},
		{"ab@@example.com", "must contain exactly one @"},
		{"ab@c@example.com", "must contain exactly one @"},
		{"abexample.com", "must contain exactly one @"},
		{"@example.com", "has nothing before the @"},
		{"abcdef@", "has nothing after the @"},
		{"a@b.c", "is 5 characters"},
		{"a@b.co", ""},
		{"a@" + strings.Repeat("b", 58) + ".com", ""}, // 64 characters, the most AWS accepts
		{"a@" + strings.Repeat("b", 59) + ".com", "is 65 characters"},
	}
	for _, c := range cases {
		got := ""
		if p := Check(c.email); p != nil {
			got = p.What
			if p.Fix == "" {
				t.Errorf("Check(%q): no fix given", c.email)
			}
		}
		if got != c.want {
			t.Errorf("Check(%q) = %q, want %q", c.email, got, c.want)
		}
	}
}
