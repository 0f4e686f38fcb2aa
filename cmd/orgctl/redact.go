package main

import (
	"bytes"
	"io"
	"os"
	"sync"
)

// minSecretLen keeps short values (an empty or placeholder variable) from
// blanking ordinary words out of the output.
const minSecretLen = 8

// redacted replaces a credential in output.
const redacted = "[redacted]"

// secrets are the credential values a command knows of: those in the
// environment and every one its AWS configuration retrieves (base and
// assumed role). Everything orgctl prints passes through a redactor, so an
// error that repeats a request's headers (a proxy, a hostile or
// misconfigured endpoint) cannot show them. A nil *secrets is empty.
type secrets struct {
	mu     sync.RWMutex
	values [][]byte
}

// add records values as secret.
func (s *secrets) add(values ...string) {
	if s == nil {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, v := range values {
		if len(v) < minSecretLen {
			continue
		}
		known := false
		for _, k := range s.values {
			known = known || string(k) == v
		}
		if !known {
			s.values = append(s.values, []byte(v))
		}
	}
}

// redact returns p with every secret replaced.
func (s *secrets) redact(p []byte) []byte {
	if s == nil {
		return p
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	for _, v := range s.values {
		if bytes.Contains(p, v) {
			p = bytes.ReplaceAll(p, v, []byte(redacted))
		}
	}
	return p
}

// redactingWriter writes through w with secrets replaced. Each Write is
// redacted on its own; orgctl writes whole lines or blocks.
type redactingWriter struct {
	w io.Writer
	s *secrets
}

func (r redactingWriter) Write(p []byte) (int, error) {
	if _, err := r.w.Write(r.s.redact(p)); err != nil {
		return 0, err
	}
	return len(p), nil
}

// Fd is the descriptor of the underlying file, so terminal detection still
// sees through the redactor.
func (r redactingWriter) Fd() uintptr {
	if f, ok := r.w.(*os.File); ok {
		return f.Fd()
	}
	return ^uintptr(0)
}

// unredacted is the writer below a redactor, for the one output whose job
// is to show credentials: those of a sandbox being served.
func unredacted(w io.Writer) io.Writer {
	if r, ok := w.(redactingWriter); ok {
		return r.w
	}
	return w
}

// credentialEnv are the environment variables that hold credentials.
var credentialEnv = []string{"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN"}
