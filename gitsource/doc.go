// Package gitsource reads a spec from a git commit with go-git, without a
// git binary or a checkout: from a repository on disk, or from a remote one
// cloned into memory. A commit's tree is served as an fs.FS, so spec.LoadFS
// reads org.yaml and everything it includes exactly as committed.
//
// It knows nothing of specs or AWS: it opens repositories, resolves
// revisions, answers ancestry questions and serves trees.
package gitsource
