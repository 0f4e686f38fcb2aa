package spec

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"slices"
)

// specFiles is where a spec was read from: sections read the files they
// name (a conformance pack's template) from the same place, so that a
// spec read from git reads them at the same revision.
type specFiles struct {
	fsys    fs.FS
	dir     string
	display func(string) string
	// read are the display names of the files sections read.
	read []string
}

// SectionFiles lists the files sections read (a conformance pack's
// template), by the names Sources keeps them under: they are among the
// spec's sources, so that a spec read from git shows their changes, but
// are not spec files.
func (s *Spec) SectionFiles() []string { return slices.Clone(s.files.read) }

// ReadFile reads name, a path relative to the root spec file's directory,
// for the section's value at at. A file that cannot be read is reported
// at at; the bytes are kept with the spec's sources under the name
// returned, so that diagnostics can show them and a spec read from git
// shows their changes.
func (r *Reporter) ReadFile(at, name string) ([]byte, string, bool) {
	s := r.r.s
	f := s.files
	switch {
	case f.fsys == nil:
		r.Errorf(at, "Load the spec from a file.", "%s: no directory to read %s from", at, name)
		return nil, "", false
	case name == "":
		r.Errorf(at, "Name a file, relative to the spec file.", "%s names no file", at)
		return nil, "", false
	case path.IsAbs(name):
		r.Errorf(at, "Give the path relative to the spec file.", "%s: %s is an absolute path", at, name)
		return nil, "", false
	}
	full := path.Join(f.dir, name)
	if !fs.ValidPath(full) {
		r.Errorf(at, "The file must be inside the directory tree the spec is read from.", "%s: %s points outside the spec's directory tree", at, name)
		return nil, "", false
	}
	disp := f.display(full)
	data, err := fs.ReadFile(f.fsys, full)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		r.Errorf(at, fmt.Sprintf("Looked for %s; the path is relative to the spec file.", disp), "%s: file %s does not exist", at, name)
		return nil, "", false
	case err != nil:
		r.Errorf(at, "Check that the file can be read.", "%s: cannot read %s: %v", at, name, unwrapPathError(err))
		return nil, "", false
	}
	s.Sources[disp] = data
	if !slices.Contains(f.read, disp) {
		s.files.read = append(s.files.read, disp)
	}
	return data, disp, true
}
