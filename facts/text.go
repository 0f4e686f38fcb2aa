package facts

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Hazard is why a character makes text other than it looks: names read
// from AWS or written in a spec may carry any character AWS accepts, and a
// few of them deceive whoever reads the name, or act on the terminal that
// prints it. The spec refuses them; every rendering escapes them.
type Hazard int

const (
	// NoHazard is an ordinary character.
	NoHazard Hazard = iota
	// Control is a C0 or C1 control character (ESC starts a terminal
	// escape sequence, CSI is one in a single character), DEL, or a line
	// or paragraph separator.
	Control
	// Bidi is a bidirectional control: it reorders how the text around
	// it is displayed, so that it reads other than it is.
	Bidi
	// Invisible is a character that takes no room: zero-width spaces and
	// joiners, the soft hyphen, the byte order mark, fillers and tags.
	Invisible
)

func (h Hazard) String() string {
	switch h {
	case Control:
		return "control character"
	case Bidi:
		return "bidirectional-control character"
	case Invisible:
		return "invisible character"
	}
	return "character"
}

// bidiControls are Unicode's explicit directional formatting characters.
var bidiControls = map[rune]string{
	0x061C: "ARABIC LETTER MARK",
	0x200E: "LEFT-TO-RIGHT MARK",
	0x200F: "RIGHT-TO-LEFT MARK",
	0x202A: "LEFT-TO-RIGHT EMBEDDING",
	0x202B: "RIGHT-TO-LEFT EMBEDDING",
	0x202C: "POP DIRECTIONAL FORMATTING",
	0x202D: "LEFT-TO-RIGHT OVERRIDE",
	0x202E: "RIGHT-TO-LEFT OVERRIDE",
	0x2066: "LEFT-TO-RIGHT ISOLATE",
	0x2067: "RIGHT-TO-LEFT ISOLATE",
	0x2068: "FIRST STRONG ISOLATE",
	0x2069: "POP DIRECTIONAL ISOLATE",
}

// invisibleNames names the invisible characters met most; every other
// format character (Unicode's Cf) is invisible too.
var invisibleNames = map[rune]string{
	0x00AD: "SOFT HYPHEN",
	0x034F: "COMBINING GRAPHEME JOINER",
	0x115F: "HANGUL CHOSEONG FILLER",
	0x1160: "HANGUL JUNGSEONG FILLER",
	0x17B4: "KHMER VOWEL INHERENT AQ",
	0x17B5: "KHMER VOWEL INHERENT AA",
	0x180E: "MONGOLIAN VOWEL SEPARATOR",
	0x200B: "ZERO WIDTH SPACE",
	0x200C: "ZERO WIDTH NON-JOINER",
	0x200D: "ZERO WIDTH JOINER",
	0x2060: "WORD JOINER",
	0x2800: "BRAILLE PATTERN BLANK",
	0x3164: "HANGUL FILLER",
	0xFEFF: "ZERO WIDTH NO-BREAK SPACE (BOM)",
	0xFFA0: "HALFWIDTH HANGUL FILLER",
}

// controlNames names the control characters met most.
var controlNames = map[rune]string{
	0x00: "NUL", 0x07: "BEL", 0x08: "BACKSPACE", 0x09: "TAB", 0x0A: "LINE FEED",
	0x0D: "CARRIAGE RETURN", 0x1B: "ESCAPE", 0x7F: "DELETE", 0x85: "NEXT LINE",
	0x9B: "CONTROL SEQUENCE INTRODUCER", 0x2028: "LINE SEPARATOR", 0x2029: "PARAGRAPH SEPARATOR",
}

// HazardOf classifies r.
func HazardOf(r rune) Hazard {
	switch {
	case unicode.Is(unicode.Cc, r) || r == 0x2028 || r == 0x2029:
		return Control
	case bidiControls[r] != "":
		return Bidi
	case unicode.Is(unicode.Cf, r), invisibleNames[r] != "",
		0xFE00 <= r && r <= 0xFE0F, 0xE0100 <= r && r <= 0xE01EF, // variation selectors
		0x180B <= r && r <= 0x180F: // Mongolian variation selectors
		return Invisible
	}
	return NoHazard
}

// RuneName is U+XXXX and, for the characters HazardOf knows by name, the
// name: U+200B ZERO WIDTH SPACE.
func RuneName(r rune) string {
	code := fmt.Sprintf("U+%04X", r)
	for _, names := range []map[rune]string{controlNames, bidiControls, invisibleNames} {
		if n := names[r]; n != "" {
			return code + " " + n
		}
	}
	return code
}

// FirstHazard returns the first hazardous character of s, its index in
// runes, and its hazard; NoHazard when s has none. A byte that is not
// UTF-8 is a Control (utf8.RuneError): it can be part of a sequence a
// terminal acts on.
func FirstHazard(s string) (r rune, index int, h Hazard) {
	i := 0
	for off := 0; off < len(s); i++ {
		c, size := utf8.DecodeRuneInString(s[off:])
		if size == 1 && c == utf8.RuneError {
			return c, i, Control
		}
		if hz := HazardOf(c); hz != NoHazard {
			return c, i, hz
		}
		off += size
	}
	return 0, 0, NoHazard
}

// Visible returns s with every hazardous character written as a Go escape
// (\x1b, \u200b, \U000e0041, \xff for a byte that is not UTF-8), so that
// the text shows what it holds and nothing in it acts on a terminal or a
// page. Other characters, backslashes included, are left as they are.
func Visible(s string) string {
	if _, _, h := FirstHazard(s); h == NoHazard {
		return s
	}
	var b strings.Builder
	for off := 0; off < len(s); {
		c, size := utf8.DecodeRuneInString(s[off:])
		switch {
		case size == 1 && c == utf8.RuneError:
			fmt.Fprintf(&b, `\x%02x`, s[off])
		case HazardOf(c) == NoHazard:
			b.WriteString(s[off : off+size])
		case c < 0x80:
			fmt.Fprintf(&b, `\x%02x`, c)
		case c <= 0xFFFF:
			fmt.Fprintf(&b, `\u%04x`, c)
		default:
			fmt.Fprintf(&b, `\U%08x`, c)
		}
		off += size
	}
	return b.String()
}
