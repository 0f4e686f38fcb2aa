package engine

import (
	"fmt"
	"strings"

	"github.com/sergi/go-diff/diffmatchpatch"
)

// DiffLine is one line of a line diff: Op is ' ', '+', '-' or '@' (a hunk
// header).
type DiffLine struct {
	Op   byte
	Text string
}

// LineDiff compares two texts line by line and returns the changed lines
// with context lines around them, in hunks headed like a unified diff.
func LineDiff(before, after string, context int) []DiffLine {
	dmp := diffmatchpatch.New()
	a, b, lines := dmp.DiffLinesToChars(before, after)
	diffs := dmp.DiffCharsToLines(dmp.DiffMain(a, b, false), lines)

	type line struct {
		op         byte
		text       string
		aNum, bNum int
	}
	var all []line
	an, bn := 1, 1
	for _, d := range diffs {
		for _, t := range splitLines(d.Text) {
			switch d.Type {
			case diffmatchpatch.DiffEqual:
				all = append(all, line{' ', t, an, bn})
				an++
				bn++
			case diffmatchpatch.DiffDelete:
				all = append(all, line{'-', t, an, bn})
				an++
			case diffmatchpatch.DiffInsert:
				all = append(all, line{'+', t, an, bn})
				bn++
			}
		}
	}
	// Keep changed lines and `context` lines around each.
	keep := make([]bool, len(all))
	for i, l := range all {
		if l.op == ' ' {
			continue
		}
		for j := max(0, i-context); j <= min(len(all)-1, i+context); j++ {
			keep[j] = true
		}
	}
	var out []DiffLine
	for i := 0; i < len(all); {
		if !keep[i] {
			i++
			continue
		}
		j := i
		aCount, bCount := 0, 0
		for j < len(all) && keep[j] {
			if all[j].op != '+' {
				aCount++
			}
			if all[j].op != '-' {
				bCount++
			}
			j++
		}
		out = append(out, DiffLine{'@', fmt.Sprintf("@@ -%d,%d +%d,%d @@", all[i].aNum, aCount, all[i].bNum, bCount)})
		for _, l := range all[i:j] {
			out = append(out, DiffLine{l.op, l.text})
		}
		i = j
	}
	return out
}

func splitLines(s string) []string {
	s = strings.TrimSuffix(s, "\n")
	if s == "" {
		return []string{""}
	}
	return strings.Split(s, "\n")
}
