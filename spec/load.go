package spec

import (
	"errors"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/orgctl/orgctl/diag"
)

// Load reads the spec at path (a file name of this machine), with its
// includes and policy files, validates it and applies defaults.
//
// Diagnostics name files as the user would: relative paths stay relative to
// the current directory (examples/landing-zone/accounts/core.yaml), so they
// can be opened from there. The returned *Spec is never nil, but when the
// diagnostics have errors it is incomplete and must not be used. Warnings may
// accompany a valid spec.
func Load(p string) (*Spec, diag.Diagnostics) {
	abs, err := filepath.Abs(p)
	if p == "" {
		err = errors.New("no file name given")
	}
	if err != nil {
		s := &Spec{File: p, Sources: map[string][]byte{}, Locs: Locations{}}
		return s, diag.Diagnostics{diag.Errorf(&diag.Pos{File: p}, "Check the path of the spec file.", "cannot read %s: %v", p, err)}
	}
	// Root the file system at the volume so includes and policy files may
	// reach above the spec's directory (../shared/policies/x.json).
	vol := filepath.VolumeName(abs)
	rest := strings.TrimLeft(filepath.ToSlash(abs[len(vol):]), "/")
	fsys := os.DirFS(vol + string(filepath.Separator))
	rootDir := path.Dir(rest)
	userDir := filepath.Dir(p)
	display := func(name string) string {
		if name == rest {
			return p
		}
		return filepath.Join(userDir, filepath.FromSlash(relSlash(rootDir, name)))
	}
	return newLoader(fsys, display).load(rest)
}

// LoadFS is Load on a file system: name is a slash-separated path in fsys
// (see fs.ValidPath), and every file read (includes, policy files) is read
// from fsys. Diagnostics name files by their path in fsys.
func LoadFS(fsys fs.FS, name string) (*Spec, diag.Diagnostics) {
	if name != "" && !path.IsAbs(name) {
		name = path.Clean(name)
	}
	return newLoader(fsys, func(n string) string { return n }).load(name)
}

// loader holds the state of one Load: the merged spec and what is needed
// to finish it once every file is read.
type loader struct {
	fsys    fs.FS
	display func(string) string
	spec    *Spec
	diags   diag.Diagnostics
	// files lists the display names in the order they were read, to sort
	// diagnostics in reading order.
	files []string
	// failed holds merged model paths that could not be decoded.
	failed map[string]bool
	// raw holds the YAML nodes of inline policy documents by merged path.
	raw map[string]*yaml.Node
	// policyDirs is, for each merged policy, the directory (in fsys) of the
	// file that declares it; policy file: paths are relative to it.
	policyDirs []string
	// loaded holds the fsys names of the spec files read; stack is the
	// chain of includes being read, to detect cycles.
	loaded map[string]bool
	stack  []string
	// broken is set when a spec file could not be read or parsed; the model
	// is then too incomplete to validate.
	broken bool
}

func newLoader(fsys fs.FS, display func(string) string) *loader {
	return &loader{
		fsys:    fsys,
		display: display,
		spec:    &Spec{Sources: map[string][]byte{}, Locs: Locations{}},
		failed:  map[string]bool{},
		raw:     map[string]*yaml.Node{},
		loaded:  map[string]bool{},
	}
}

func (l *loader) report(d diag.Diagnostic) { l.diags = append(l.diags, d) }

func (l *loader) load(name string) (*Spec, diag.Diagnostics) {
	s := l.spec
	s.File = l.display(name)
	if !fs.ValidPath(name) || name == "." {
		l.report(diag.Errorf(&diag.Pos{File: s.File}, "Give the path of a spec file, such as org.yaml.",
			"invalid spec file name %q", name))
		return s, visibleDiags(l.diags)
	}
	s.files = specFiles{fsys: l.fsys, dir: path.Dir(name), display: l.display}
	root, ok := l.readSpecFile(name, nil)
	if ok {
		fileSpec, dec := l.decodeSpecFile(name, root, true)
		l.mergeRoot(fileSpec, dec, path.Dir(name))
		l.loaded[name] = true
		l.stack = []string{name}
		l.includeAll(name, fileSpec.Include, dec.locs)
	}
	if !l.broken {
		l.loadDocuments()
		l.diags = append(l.diags, validate(s, l.failed)...)
		if !l.diags.HasErrors() {
			applyDefaults(s)
		}
	}
	l.sortDiags()
	return s, visibleDiags(l.diags)
}

// readSpecFile reads and parses one spec file. from is the diagnostic
// position of the include that names it, or nil for the root file.
func (l *loader) readSpecFile(name string, from *diag.Pos) (*yaml.Node, bool) {
	disp := l.display(name)
	data, err := fs.ReadFile(l.fsys, name)
	if err != nil {
		l.broken = true
		pos := from
		if pos == nil {
			pos = &diag.Pos{File: disp}
		}
		l.report(diag.Errorf(pos, "Check that the file exists and can be read.", "cannot read %s: %v", disp, unwrapPathError(err)))
		return nil, false
	}
	l.addSource(disp, data)
	root, ds := parseYAML(disp, data)
	if ds.HasErrors() {
		l.broken = true
	}
	l.diags = append(l.diags, ds...)
	// Tags are reported but do not stop the rest: decoding skips them.
	l.diags = append(l.diags, checkYAMLTags(disp, root)...)
	return root, !ds.HasErrors()
}

// addSource records the bytes of a file read, for diagnostics.
func (l *loader) addSource(disp string, data []byte) {
	if _, ok := l.spec.Sources[disp]; !ok {
		l.files = append(l.files, disp)
	}
	l.spec.Sources[disp] = data
}

// decodeSpecFile decodes one spec file. Included files may hold only the
// keys in includedKeys; others are reported and skipped.
func (l *loader) decodeSpecFile(name string, root *yaml.Node, isRoot bool) (*Spec, *decoder) {
	disp := l.display(name)
	dec := newDecoder(newWalker(disp, l.report))
	var fileSpec Spec
	if root != nil && !isRoot {
		root = l.dropRootOnlyKeys(disp, root)
	}
	dec.decodeFile(root, &fileSpec)
	if root == nil && isRoot {
		dec.locs[""] = diag.Pos{File: disp, Line: 1, Col: 1}
	}
	return &fileSpec, dec
}

// mergeRoot makes the root file's model the merged spec.
func (l *loader) mergeRoot(fileSpec *Spec, dec *decoder, dir string) {
	s := l.spec
	s.Version, s.Include, s.Settings, s.Organization = fileSpec.Version, fileSpec.Include, fileSpec.Settings, fileSpec.Organization
	s.OrganizationalUnits, s.Accounts, s.Policies = fileSpec.OrganizationalUnits, fileSpec.Accounts, fileSpec.Policies
	s.Security, s.sections = fileSpec.Security, dec.sections
	for k, v := range dec.locs {
		s.Locs[k] = v
	}
	for k, v := range dec.raw {
		l.raw[k] = v
	}
	for k := range dec.failed {
		l.failed[k] = true
	}
	for range fileSpec.Policies {
		l.policyDirs = append(l.policyDirs, dir)
	}
}

// sortDiags orders diagnostics by file (in reading order), line and column;
// those without a place come first.
func (l *loader) sortDiags() {
	order := map[string]int{}
	for i, f := range l.files {
		order[f] = i + 1
	}
	key := func(d diag.Diagnostic) (int, int, int) {
		if d.Subject == nil {
			return 0, 0, 0
		}
		return order[d.Subject.File], d.Subject.Line, d.Subject.Col
	}
	sort.SliceStable(l.diags, func(i, j int) bool {
		fi, li, ci := key(l.diags[i])
		fj, lj, cj := key(l.diags[j])
		if fi != fj {
			return fi < fj
		}
		if li != lj {
			return li < lj
		}
		return ci < cj
	})
}

// relSlash is the slash path of target relative to directory dir; both are
// clean slash paths as fs.FS uses them ("." is the top).
func relSlash(dir, target string) string {
	split := func(p string) []string {
		if p == "." || p == "" {
			return nil
		}
		return strings.Split(p, "/")
	}
	d, t := split(dir), split(target)
	i := 0
	for i < len(d) && i < len(t) && d[i] == t[i] {
		i++
	}
	parts := make([]string, 0, len(d)-i+len(t)-i)
	for range d[i:] {
		parts = append(parts, "..")
	}
	parts = append(parts, t[i:]...)
	if len(parts) == 0 {
		return "."
	}
	return path.Join(parts...)
}

// unwrapPathError drops the operation and path that fs errors repeat, since
// the diagnostic already names the file.
func unwrapPathError(err error) error {
	if pe, ok := err.(*fs.PathError); ok {
		return pe.Err
	}
	return err
}
