package importer

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// ErrNotEmpty is returned by Write for a directory that already holds files.
var ErrNotEmpty = errors.New("directory is not empty")

// Write puts the files of a result in dir, creating it. It refuses a
// directory that holds anything unless force is set; with force it
// replaces the files it writes and removes the policies/*.json and
// accounts/*.yaml that the new import does not have (they would be stale
// policies, or accounts included twice).
func Write(dir string, r *Result, force bool) error {
	if err := CheckDir(dir, force); err != nil {
		return err
	}
	if force {
		for _, pat := range []string{"policies/*.json", "accounts/*.yaml"} {
			old, _ := filepath.Glob(filepath.Join(dir, filepath.FromSlash(pat)))
			for _, f := range old {
				rel, _ := filepath.Rel(dir, f)
				if _, keep := r.Files[filepath.ToSlash(rel)]; !keep {
					if err := os.Remove(f); err != nil {
						return err
					}
				}
			}
		}
	}
	for _, name := range r.Names() {
		if err := writeFile(filepath.Join(dir, filepath.FromSlash(name)), r.Files[name]); err != nil {
			return err
		}
	}
	return nil
}

// writeFile writes b so that a reader never sees half a file.
func writeFile(path string, b []byte) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, b, 0o644); err != nil {
		return err
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return err
	}
	return nil
}

// CheckDir fails, as Write would, when dir holds anything and force is not
// set; it lets a caller refuse before reading the organization.
func CheckDir(dir string, force bool) error {
	entries, err := os.ReadDir(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
	case err != nil:
		return err
	case len(entries) > 0 && !force:
		return fmt.Errorf("%s: %w; import writes a new spec directory: give an empty or new one, or --force to replace org.yaml, schema.json, policies/ and accounts/ in it", dir, ErrNotEmpty)
	}
	return nil
}
