package sandbox

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/gofrs/flock"
)

// store owns the state file: the exclusive lock on PATH.lock for the life of
// a Sandbox, and crash-safe replacement of the file on every write.
type store struct {
	path string
	lock *flock.Flock
	// rename replaces the target with the temp file; tests swap it to
	// simulate a failing disk.
	rename func(oldpath, newpath string) error
}

// openStore takes the lock on path, failing at once if another sandbox holds it.
func openStore(path string) (*store, error) {
	if path == "" {
		return nil, errors.New("sandbox: empty state file path")
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("sandbox: state file %s: %w", path, err)
	}
	if err := os.MkdirAll(filepath.Dir(abs), 0o755); err != nil {
		return nil, fmt.Errorf("sandbox: state file %s: %w", path, err)
	}
	lk := flock.New(abs + ".lock")
	ok, err := lk.TryLock()
	if err != nil {
		return nil, fmt.Errorf("sandbox: locking state file %s: %w", path, err)
	}
	if !ok {
		return nil, fmt.Errorf("sandbox: state file %s is in use by another sandbox", path)
	}
	return &store{path: abs, lock: lk, rename: os.Rename}, nil
}

// exists reports whether the state file is present.
func (s *store) exists() (bool, error) {
	_, err := os.Stat(s.path)
	if err == nil {
		return true, nil
	}
	if errors.Is(err, fs.ErrNotExist) {
		return false, nil
	}
	return false, err
}

// load reads and decodes the state file, returning the raw bytes too.
func (s *store) load() (*State, []byte, error) {
	data, err := os.ReadFile(s.path)
	if err != nil {
		return nil, nil, err
	}
	st, err := decodeState(data)
	if err != nil {
		return nil, nil, fmt.Errorf("state file %s: %w", s.path, err)
	}
	return st, data, nil
}

// save replaces the state file with data so that a crash at any point leaves
// either the old or the new file: write a temp file in the same directory,
// fsync it, rename it over the target, fsync the directory.
func (s *store) save(data []byte) (err error) {
	dir := filepath.Dir(s.path)
	tmp, err := os.CreateTemp(dir, filepath.Base(s.path)+".tmp-*")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			_ = os.Remove(tmp.Name())
		}
	}()
	if _, err = tmp.Write(data); err != nil {
		_ = tmp.Close()
		return err
	}
	if err = tmp.Sync(); err != nil {
		_ = tmp.Close()
		return err
	}
	if err = tmp.Close(); err != nil {
		return err
	}
	if err = os.Chmod(tmp.Name(), 0o600); err != nil {
		return err
	}
	if err = s.rename(tmp.Name(), s.path); err != nil {
		return err
	}
	return syncDir(dir)
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}

// close releases the lock. The lock file stays: removing it would race with
// another process that is about to lock it.
func (s *store) close() error {
	return s.lock.Unlock()
}
