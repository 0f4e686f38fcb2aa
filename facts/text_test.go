package facts

import "testing"

func TestHazardOf(t *testing.T) {
	cases := []struct {
		r    rune
		want Hazard
	}{
		{'a', NoHazard},
		{' ', NoHazard},
		{'é', NoHazard},
		{'д', NoHazard},
		{0x00A0, NoHazard}, // no-break space: looks like a space, and is one
		{0xFFFD, NoHazard}, // the replacement character, as a character
		{0x1B, Control},
		{'\n', Control},
		{'\t', Control},
		{0x7F, Control},
		{0x9B, Control},
		{0x2028, Control},
		{0x202E, Bidi},
		{0x2066, Bidi},
		{0x200E, Bidi},
		{0x200B, Invisible},
		{0x200D, Invisible},
		{0x00AD, Invisible},
		{0xFEFF, Invisible},
		{0x2060, Invisible},
		{0x3164, Invisible},
		{0xFE0F, Invisible},
		{0xE0041, Invisible}, // a tag character
	}
	for _, c := range cases {
		if got := HazardOf(c.r); got != c.want {
			t.Errorf("HazardOf(%U) = %v, want %v", c.r, got, c.want)
		}
	}
}

func TestFirstHazard(t *testing.T) {
	cases := []struct {
		s     string
		r     rune
		index int
		h     Hazard
	}{
		{"Prod", 0, 0, NoHazard},
		{"Pröd", 0, 0, NoHazard},
		{"Pr\u200bod", 0x200B, 2, Invisible},
		{"ö\x1b[31m", 0x1B, 1, Control},
		{"ab\xffc", 0xFFFD, 2, Control},
		{"\u202eevil", 0x202E, 0, Bidi},
	}
	for _, c := range cases {
		r, i, h := FirstHazard(c.s)
		if r != c.r || i != c.index || h != c.h {
			t.Errorf("FirstHazard(%q) = %U, %d, %v; want %U, %d, %v", c.s, r, i, h, c.r, c.index, c.h)
		}
	}
}

func TestVisible(t *testing.T) {
	cases := map[string]string{
		"Prod":                   "Prod",
		`back\slash`:             `back\slash`,
		"Prödüktïön":             "Prödüktïön",
		"\x1b[31mred\x1b[0m":     `\x1b[31mred\x1b[0m`,
		"a\u200bb":               `a\u200bb`,
		"\u202eevil":             `\u202eevil`,
		"x\u009b2J":              `x\u009b2J`,
		"tag\U000E0041":          `tag\U000e0041`,
		"bad\xffbyte":            `bad\xffbyte`,
		"line\nbreak\ttab\r":     `line\x0abreak\x09tab\x0d`,
		"soft\u00adhyphen\ufeff": `soft\u00adhyphen\ufeff`,
	}
	for in, want := range cases {
		if got := Visible(in); got != want {
			t.Errorf("Visible(%q) = %q, want %q", in, got, want)
		}
		if _, _, h := FirstHazard(Visible(in)); h != NoHazard {
			t.Errorf("Visible(%q) still has a hazard", in)
		}
	}
}

func TestRuneName(t *testing.T) {
	cases := map[rune]string{
		0x200B:  "U+200B ZERO WIDTH SPACE",
		0x1B:    "U+001B ESCAPE",
		0x202E:  "U+202E RIGHT-TO-LEFT OVERRIDE",
		0xE0041: "U+E0041",
	}
	for r, want := range cases {
		if got := RuneName(r); got != want {
			t.Errorf("RuneName(%U) = %q, want %q", r, got, want)
		}
	}
}
