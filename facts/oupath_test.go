package facts

import "testing"

func TestJoinOUPath(t *testing.T) {
	cases := []struct{ parent, name, want string }{
		{"", "Workloads", "Workloads"},
		{"Workloads", "Prod", "Workloads/Prod"},
		{"Workloads/Prod", "Payments", "Workloads/Prod/Payments"},
	}
	for _, c := range cases {
		if got := JoinOUPath(c.parent, c.name); got != c.want {
			t.Errorf("JoinOUPath(%q, %q) = %q, want %q", c.parent, c.name, got, c.want)
		}
	}
}

func TestSplitOUPath(t *testing.T) {
	cases := []struct{ path, parent, name string }{
		{"Workloads", "", "Workloads"},
		{"Workloads/Prod", "Workloads", "Prod"},
		{"A/B/C", "A/B", "C"},
	}
	for _, c := range cases {
		parent, name := SplitOUPath(c.path)
		if parent != c.parent || name != c.name {
			t.Errorf("SplitOUPath(%q) = %q, %q; want %q, %q", c.path, parent, name, c.parent, c.name)
		}
		if got := JoinOUPath(parent, name); got != c.path {
			t.Errorf("JoinOUPath(SplitOUPath(%q)) = %q", c.path, got)
		}
	}
}
