package facts

import "strings"

// An OU is named by its path from the root: Workloads/Prod. The root
// itself is the empty path. AWS refuses "/" in OU names, so the path
// splits unambiguously.

// JoinOUPath is the path of the OU named name below the OU at parent.
func JoinOUPath(parent, name string) string {
	if parent == "" {
		return name
	}
	return parent + "/" + name
}

// SplitOUPath returns the path of an OU's parent ("" for the root) and
// the OU's own name.
func SplitOUPath(path string) (parent, name string) {
	i := strings.LastIndex(path, "/")
	if i < 0 {
		return "", path
	}
	return path[:i], path[i+1:]
}
