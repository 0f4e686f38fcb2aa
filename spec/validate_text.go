package spec

import (
	"fmt"
	"reflect"
	"strings"
	"unicode"

	"github.com/orgctl/orgctl/diag"
	"github.com/orgctl/orgctl/facts"
)

// checkText: no string of the spec (names, emails, tags, references,
// paths; sections too) holds a character that makes it other than it
// looks: a control character or terminal escape, a bidirectional control,
// an invisible character (facts.HazardOf). AWS keeps them in names, where
// they make two names look alike or act on the terminals that print them.
// Names mixing Latin with Cyrillic or Greek letters, which look alike, are
// a warning. Every path it reports is skipped by the rules after it, so a
// name is not refused twice (as outside printable ASCII, say).
//
// Left out: policy documents (JSON, which escapes what it holds), and the
// fields that name live resources as AWS has them, whatever they hold:
// renamedFrom and the patterns of settings.ignore.
func checkText(s *Spec, r *reporter) {
	walkStrings(reflect.ValueOf(s).Elem(), "", func(path, text string, key bool) {
		checkString(r, path, text, key)
	})
	for _, sec := range sections {
		if v := s.sections[sec.Path]; v != nil {
			walkStrings(reflect.ValueOf(v).Elem(), sec.Path, func(path, text string, key bool) {
				checkString(r, path, text, key)
			})
		}
	}
}

// textExempt reports whether path names a live resource as AWS has it.
func textExempt(path string) bool {
	return strings.HasSuffix(path, ".renamedFrom") || strings.HasPrefix(path, "settings.ignore")
}

// checkString checks one string at path; key is set for a mapping key
// (a tag key), whose place is path+KeySuffix.
func checkString(r *reporter, path, text string, key bool) {
	if textExempt(path) || r.skipped(path) {
		return
	}
	// A path holds mapping keys as written: a tag key's invisible
	// character must not reach the message raw.
	at, what := path, facts.Visible(displayPath(path))+":"
	if key {
		at, what = path+KeySuffix, facts.Visible(displayPath(parentPath(path)))+": key"
	}
	multiline := strings.HasSuffix(path, ".description")
	if c, i, h := firstHazard(text, multiline); h != facts.NoHazard {
		r.errorf(at, hazardHelp(h, c), "%s %q has %s %s at character %d", what, text, article(h), facts.RuneName(c), i+1)
		if !key {
			// A key shares its path with its value, which has its own say.
			r.skip[path] = true
		}
		return
	}
	if multiline {
		return // prose mixes scripts as it likes
	}
	if latin, other, script := mixedScripts(text); latin && other != "" {
		r.warnf(at, fmt.Sprintf("Latin and %s letters look alike (%s), so this can pass for another name; write it in one script.", script, other),
			"%s %q mixes Latin and %s letters", what, text, script)
	}
}

// firstHazard is facts.FirstHazard, but for multi-line text (a policy's
// description), where line feeds and tabs are text.
func firstHazard(s string, multiline bool) (rune, int, facts.Hazard) {
	if multiline {
		// Same number of runes, so the index still holds.
		s = strings.NewReplacer("\n", " ", "\t", " ").Replace(s)
	}
	return facts.FirstHazard(s)
}

// article is "a control character," or "an invisible character,".
func article(h facts.Hazard) string {
	if h == facts.Invisible {
		return "an " + h.String() + ","
	}
	return "a " + h.String() + ","
}

// hazardHelp says why a character is refused and what to do.
func hazardHelp(h facts.Hazard, c rune) string {
	switch h {
	case facts.Bidi:
		return "Remove it: it reorders how the text is displayed, so the name would read other than it is."
	case facts.Invisible:
		return "Remove it (retype the value): it takes no room, so the name looks like another one, and AWS would keep it."
	}
	if c == 0x1B || c == 0x9B {
		return "Remove it: it starts a terminal escape sequence, which would act on every terminal that prints the name."
	}
	return "Remove it: write the value on one line, without control characters."
}

// mixedScripts reports whether s has Latin letters and Cyrillic or Greek
// ones, naming the latter (up to three) and their script.
func mixedScripts(s string) (latin bool, other, script string) {
	var others []string
	for _, c := range s {
		switch {
		case unicode.Is(unicode.Latin, c):
			latin = true
		case unicode.Is(unicode.Cyrillic, c), unicode.Is(unicode.Greek, c):
			name := "Cyrillic"
			if unicode.Is(unicode.Greek, c) {
				name = "Greek"
			}
			switch {
			case script == "":
				script = name
			case script != name:
				script = "Cyrillic or Greek"
			}
			if len(others) < 3 {
				others = append(others, fmt.Sprintf("%c %U", c, c))
			}
		}
	}
	return latin, strings.Join(others, ", "), script
}

// walkStrings calls fn for every string reachable from v, with its model
// path, as the decoder names paths: struct fields by their json name,
// list items by index, mapping entries by key (fn is called for the key
// too, with key set). Free-form values (policy documents) are skipped.
func walkStrings(v reflect.Value, path string, fn func(path, text string, key bool)) {
	switch v.Kind() {
	case reflect.String:
		fn(path, v.String(), false)
	case reflect.Pointer:
		if !v.IsNil() {
			walkStrings(v.Elem(), path, fn)
		}
	case reflect.Struct:
		fields := structFields(v.Type())
		for _, name := range fields.names {
			walkStrings(v.FieldByIndex(fields.byName[name]), joinPath(path, name), fn)
		}
	case reflect.Slice:
		for i := 0; i < v.Len(); i++ {
			walkStrings(v.Index(i), indexPath(path, i), fn)
		}
	case reflect.Map:
		if v.Type().Key().Kind() != reflect.String {
			return
		}
		iter := v.MapRange()
		for iter.Next() {
			k := iter.Key().String()
			fn(joinPath(path, k), k, true)
			walkStrings(iter.Value(), joinPath(path, k), fn)
		}
	}
}

// hazardous reports whether checkText refuses s.
func hazardous(s string) bool {
	_, _, h := facts.FirstHazard(s)
	return h != facts.NoHazard
}

// TextProblem says why the spec refuses s as a name, or "": for those who
// write specs from what AWS holds (import), to leave such names out.
func TextProblem(s string) string {
	c, i, h := facts.FirstHazard(s)
	if h == facts.NoHazard {
		return ""
	}
	return fmt.Sprintf("it has %s %s at character %d", article(h), facts.RuneName(c), i+1)
}

// visibleDiags escapes, in every message, the characters checkText
// refuses: messages name what the spec holds (an OU path with a
// zero-width space, a tag key with an escape sequence), and are printed
// on terminals and in PR comments. Line breaks of a detail are kept.
func visibleDiags(ds diag.Diagnostics) diag.Diagnostics {
	for i := range ds {
		ds[i].Summary = facts.Visible(ds[i].Summary)
		lines := strings.Split(ds[i].Detail, "\n")
		for j, l := range lines {
			lines[j] = facts.Visible(l)
		}
		ds[i].Detail = strings.Join(lines, "\n")
	}
	return ds
}
