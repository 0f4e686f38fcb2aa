package providertest

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

	"github.com/orgctl/orgctl/providers"
)

// Calls finds the AWS requests the non-test code in dir makes: calls of
// <x>.<field>.Op where clients maps the field (org) to the IAM service
// prefix (organizations), and <pkg>.New<Op>Paginator where clients maps
// the SDK package's name to its prefix.
func Calls(t *testing.T, dir string, clients map[string]string) map[string][]string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*.go"))
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
				if svc, ok := clients[x.Sel.Name]; ok {
					action = svc + ":" + sel.Sel.Name
				}
			case *ast.Ident: // organizations.NewListRootsPaginator, or c.ListDetectors on a client variable
				if op, ok := strings.CutPrefix(sel.Sel.Name, "New"); ok && strings.HasSuffix(op, "Paginator") {
					if svc, ok := clients[x.Name]; ok {
						action = svc + ":" + strings.TrimSuffix(op, "Paginator")
					}
				} else if svc, ok := clients[x.Name]; ok && isOp(sel.Sel.Name) {
					action = svc + ":" + sel.Sel.Name
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

// isOp reports whether a method name looks like an AWS operation.
func isOp(name string) bool {
	return name != "" && name[0] >= 'A' && name[0] <= 'Z' && !strings.HasPrefix(name, "New")
}

// CheckPermissions fails t unless the actions perms declares are exactly
// the requests calls found, each declared once, named specifically, reads
// among the reads and writes among the writes.
func CheckPermissions(t *testing.T, perms providers.Permissions, calls map[string][]string) {
	t.Helper()
	if len(calls) == 0 {
		t.Fatal("found no AWS calls in the code; the scan is broken")
	}
	declared := map[string]string{}
	for list, actions := range map[string][]string{
		"Read": perms.Read, "ApplyRead": perms.ApplyRead, "Write": perms.Write, "Unplanned": perms.Unplanned,
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
		t.Errorf("the code calls %s, which its Permissions do not declare", m)
	}
	for _, s := range stale {
		t.Errorf("its Permissions declare %s, which the code no longer calls", s)
	}

	all := slices.Concat(perms.Read, perms.ApplyRead, perms.Write, perms.Unplanned)
	for _, imp := range perms.Implied {
		for _, i := range imp {
			all = append(all, i.Action)
		}
	}
	for _, a := range all {
		if strings.ContainsAny(a, "*?") || !specific.MatchString(a) {
			t.Errorf("%q is not one specific IAM action", a)
		}
	}
	for _, a := range slices.Concat(perms.Read, perms.ApplyRead) {
		if !readVerb.MatchString(a) {
			t.Errorf("read action %s does not look like a read", a)
		}
	}
	for _, a := range slices.Concat(perms.Write, perms.Unplanned) {
		if readVerb.MatchString(a) {
			t.Errorf("write action %s looks like a read", a)
		}
	}
	for a := range perms.Implied {
		if !slices.Contains(perms.Write, a) {
			t.Errorf("Implied has %s, which is not among the writes", a)
		}
	}
	for _, a := range perms.CrossAccount {
		if _, ok := declared[a]; !ok {
			t.Errorf("CrossAccount has %s, which is not declared", a)
		}
	}
}

var (
	specific = regexp.MustCompile(`^[a-z0-9-]+:[A-Za-z0-9]+$`)
	// readVerb is how the names of AWS's read-only operations start.
	readVerb = regexp.MustCompile(`^[a-z0-9-]+:(Describe|List|Get|BatchGet)[A-Z]`)
)
