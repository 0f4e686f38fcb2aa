package spec

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/orgctl/orgctl/diag"
)

// includedKeys are the top-level keys an included file may hold.
var includedKeys = map[string]bool{
	"version":             true,
	"include":             true,
	"organizationalUnits": true,
	"accounts":            true,
	"policies":            true,
}

// mergedLists are the top-level lists that included files append to.
var mergedLists = []string{"organizationalUnits", "accounts", "policies"}

// includeAll reads the files that the include patterns of file name match,
// depth first in pattern order and, within a pattern, in sorted order.
// Each file is merged once; a file that includes one of its includers is an
// include cycle.
func (l *loader) includeAll(name string, patterns []string, locs Locations) {
	dir := path.Dir(name)
	for i, pat := range patterns {
		at := indexPath("include", i)
		pos := locs.Pos(at)
		for _, m := range l.matchInclude(name, dir, pat, pos) {
			if cycle := l.cycleTo(m); cycle != nil {
				l.report(withPath(diag.Errorf(pos, "Remove one of the includes that form the cycle.",
					"include cycle: %s", strings.Join(cycle, " -> ")), at))
				continue
			}
			if l.loaded[m] {
				continue
			}
			l.loaded[m] = true
			root, ok := l.readSpecFile(m, pos)
			if !ok {
				continue
			}
			fileSpec, dec := l.decodeSpecFile(m, root, false)
			l.mergeIncluded(fileSpec, dec, path.Dir(m))
			l.stack = append(l.stack, m)
			l.includeAll(m, fileSpec.Include, dec.locs)
			l.stack = l.stack[:len(l.stack)-1]
		}
	}
}

// cycleTo returns the chain of display names from m back to m when m is
// being read already, or nil.
func (l *loader) cycleTo(m string) []string {
	for i, s := range l.stack {
		if s == m {
			var out []string
			for _, c := range l.stack[i:] {
				out = append(out, l.display(c))
			}
			return append(out, l.display(m))
		}
	}
	return nil
}

// matchInclude resolves one include pattern of file name (in directory
// dir) to the sorted fsys names of the files it names.
func (l *loader) matchInclude(name, dir, pat string, pos *diag.Pos) []string {
	includer := l.display(name)
	if pat == "" {
		l.report(diag.Errorf(pos, "Give a file name or a glob such as accounts/*.yaml.", "empty include"))
		return nil
	}
	if path.IsAbs(pat) {
		l.report(diag.Errorf(pos, fmt.Sprintf("Include paths are relative to the including file (%s).", includer),
			"include %q is an absolute path", pat))
		return nil
	}
	full := path.Join(dir, pat)
	if !fs.ValidPath(full) {
		l.report(diag.Errorf(pos, "Includes must stay inside the directory tree the spec is read from.",
			"include %q points outside the spec's directory tree", pat))
		return nil
	}
	if !strings.ContainsAny(pat, `*?[\`) {
		info, err := fs.Stat(l.fsys, full)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			l.report(diag.Errorf(pos, fmt.Sprintf("Looked for %s; include paths are relative to %s.", l.display(full), includer),
				"included file %s does not exist", pat))
			return nil
		case err != nil:
			l.report(diag.Errorf(pos, "Check that the file can be read.", "cannot read included file %s: %v", pat, unwrapPathError(err)))
			return nil
		case info.IsDir():
			l.report(diag.Errorf(pos, fmt.Sprintf("Include the files in it with a glob: %s/*.yaml.", pat),
				"included path %s is a directory", pat))
			return nil
		}
		return []string{full}
	}
	matches, err := fs.Glob(l.fsys, full)
	if err != nil {
		l.report(diag.Errorf(pos, "Globs use path.Match syntax: * ? [a-z] and \\ to escape.",
			"invalid include pattern %q: %v", pat, err))
		return nil
	}
	var files []string
	for _, m := range matches {
		if info, err := fs.Stat(l.fsys, m); err == nil && !info.IsDir() {
			files = append(files, m)
		}
	}
	sort.Strings(files)
	// A pattern that matches nothing usually lost its files (moved,
	// renamed, a wrong working directory); applying the spec without
	// them would detach or delete what they declare.
	if len(files) == 0 {
		l.report(diag.Errorf(pos, fmt.Sprintf("Patterns are relative to %s; fix the pattern so that it names the files, or remove the include.", includer),
			"include pattern %q matches no files", pat))
	}
	return files
}

// dropRootOnlyKeys reports the top-level keys of an included file that only
// the root file may hold, and returns the mapping without them.
func (l *loader) dropRootOnlyKeys(disp string, root *yaml.Node) *yaml.Node {
	if root.Kind != yaml.MappingNode {
		return root
	}
	known := structFields(specType)
	kept := *root
	kept.Content = nil
	for i := 0; i+1 < len(root.Content); i += 2 {
		k := root.Content[i]
		if k.Kind == yaml.ScalarNode && !includedKeys[k.Value] {
			_, isSection := sectionAt(k.Value)
			if _, isField := known.byName[k.Value]; isField || isSection {
				l.report(withPath(diag.Errorf(nodePos(disp, k),
					fmt.Sprintf("Move it to the root spec file (%s); included files may hold only version, include, organizationalUnits, accounts and policies.", l.spec.File),
					"%s may only appear in the root spec file", k.Value), k.Value))
				continue
			}
		}
		kept.Content = append(kept.Content, k, root.Content[i+1])
	}
	return &kept
}

// mergeIncluded appends the lists of an included file to the merged spec
// and re-keys their locations to the merged indices.
func (l *loader) mergeIncluded(fileSpec *Spec, dec *decoder, dir string) {
	s := l.spec
	offsets := map[string]int{
		"organizationalUnits": len(s.OrganizationalUnits),
		"accounts":            len(s.Accounts),
		"policies":            len(s.Policies),
	}
	s.OrganizationalUnits = append(s.OrganizationalUnits, fileSpec.OrganizationalUnits...)
	s.Accounts = append(s.Accounts, fileSpec.Accounts...)
	s.Policies = append(s.Policies, fileSpec.Policies...)
	for range fileSpec.Policies {
		l.policyDirs = append(l.policyDirs, dir)
	}
	for k, v := range dec.locs {
		if nk, ok := rekey(k, offsets); ok {
			s.Locs[nk] = v
		}
	}
	for k, v := range dec.raw {
		if nk, ok := rekey(k, offsets); ok {
			l.raw[nk] = v
		}
	}
	// A failure outside the merged lists (the file is not a mapping, a
	// list is not a list) merged nothing, so there is nothing to silence.
	for k := range dec.failed {
		if nk, ok := rekey(k, offsets); ok {
			l.failed[nk] = true
		}
	}
}

// rekey moves a path into an included file's list (accounts[2].email) to
// the merged list by adding the list's offset. Paths outside the merged
// lists are not carried over.
func rekey(k string, offsets map[string]int) (string, bool) {
	for _, list := range mergedLists {
		rest, ok := strings.CutPrefix(k, list+"[")
		if !ok {
			continue
		}
		idx, tail, ok := strings.Cut(rest, "]")
		if !ok {
			return "", false
		}
		i, err := strconv.Atoi(idx)
		if err != nil {
			return "", false
		}
		return list + "[" + strconv.Itoa(i+offsets[list]) + "]" + tail, true
	}
	return "", false
}
