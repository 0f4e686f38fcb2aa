package organizations

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
)

// sdkCalls finds the AWS requests this package's code makes: calls of
// <x>.org.Op or <x>.sts.Op, and organizations.NewOpPaginator.
func sdkCalls(t *testing.T) map[string][]string {
	t.Helper()
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	calls := map[string][]string{} // action -> places
	fset := token.NewFileSet()
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			sel, ok := call.Fun.(*ast.SelectorExpr)
			if !ok {
				return true
			}
			action := ""
			switch x := sel.X.(type) {
			case *ast.SelectorExpr: // p.org.ListRoots
				if x.Sel.Name == "org" {
					action = "organizations:" + sel.Sel.Name
				} else if x.Sel.Name == "sts" {
					action = "sts:" + sel.Sel.Name
				}
			case *ast.Ident: // organizations.NewListRootsPaginator
				if op, ok := strings.CutPrefix(sel.Sel.Name, "New"); ok && x.Name == "organizations" && strings.HasSuffix(op, "Paginator") {
					action = "organizations:" + strings.TrimSuffix(op, "Paginator")
				}
			}
			if action != "" {
				calls[action] = append(calls[action], fset.Position(call.Pos()).String())
			}
			return true
		})
	}
	return calls
}

// TestPermissionsCoverCalls: every request the code makes is declared in
// permissions.go, and every declared action is still made somewhere.
func TestPermissionsCoverCalls(t *testing.T) {
	calls := sdkCalls(t)
	if len(calls) < 20 {
		t.Fatalf("found only %d kinds of AWS calls in the code; the scan is broken: %v", len(calls), calls)
	}
	declared := map[string]string{}
	for list, actions := range map[string][]string{
		"ReadActions": ReadActions, "ApplyReadActions": ApplyReadActions,
		"WriteActions": WriteActions, "UnplannedActions": UnplannedActions,
	} {
		for _, a := range actions {
			if prev, dup := declared[a]; dup {
				t.Errorf("%s is declared in both %s and %s", a, prev, list)
			}
			declared[a] = list
		}
	}
	var missing, stale []string
	for a, at := range calls {
		if _, ok := declared[a]; !ok {
			missing = append(missing, a+" (called at "+strings.Join(at, ", ")+")")
		}
	}
	for a := range declared {
		if _, ok := calls[a]; !ok {
			stale = append(stale, a)
		}
	}
	sort.Strings(missing)
	sort.Strings(stale)
	for _, m := range missing {
		t.Errorf("the code calls %s, which permissions.go does not declare", m)
	}
	for _, s := range stale {
		t.Errorf("permissions.go declares %s, which the code no longer calls", s)
	}
}

// readVerb is how the names of AWS's read-only operations start.
var readVerb = regexp.MustCompile(`^[a-z0-9-]+:(Describe|List|Get)[A-Z]`)

// TestPermissionsAreSpecific: actions are named exactly (no wildcards), and
// read lists hold only reads, the write list only writes.
func TestPermissionsAreSpecific(t *testing.T) {
	all := slices.Concat(ReadActions, ApplyReadActions, WriteActions, UnplannedActions)
	for _, imp := range ImpliedActions {
		for _, i := range imp {
			all = append(all, i.Action)
		}
	}
	for _, a := range all {
		if strings.ContainsAny(a, "*?") || !regexp.MustCompile(`^[a-z0-9-]+:[A-Za-z0-9]+$`).MatchString(a) {
			t.Errorf("%q is not one specific IAM action", a)
		}
	}
	for _, a := range slices.Concat(ReadActions, ApplyReadActions) {
		if !readVerb.MatchString(a) {
			t.Errorf("read action %s does not look like a read", a)
		}
	}
	for _, a := range slices.Concat(WriteActions, UnplannedActions) {
		if readVerb.MatchString(a) {
			t.Errorf("write action %s looks like a read", a)
		}
	}
	for a := range ImpliedActions {
		if !slices.Contains(WriteActions, a) {
			t.Errorf("ImpliedActions has %s, which is not in WriteActions", a)
		}
	}
}
