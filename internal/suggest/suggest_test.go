package suggest

import "testing"

func TestClosest(t *testing.T) {
	known := []string{"name", "email", "ou", "tags", "policies", "closed"}
	cases := []struct{ in, want string }{
		{"emial", "email"},
		{"Email", "email"},
		{"polices", "policies"},
		{"tag", "tags"},
		{"zzzzzz", ""},
		{"o", "ou"},
	}
	for _, c := range cases {
		t.Run(c.in, func(t *testing.T) {
			if got := Closest(c.in, known); got != c.want {
				t.Errorf("Closest(%q) = %q, want %q", c.in, got, c.want)
			}
		})
	}
}

func TestDistance(t *testing.T) {
	cases := []struct {
		a, b string
		want int
	}{
		{"", "", 0},
		{"email", "email", 0},
		{"emial", "email", 1}, // a transposition counts one
		{"plan", "plna", 1},
		{"kitten", "sitting", 3},
		{"ou", "", 2},
	}
	for _, c := range cases {
		if got := Distance(c.a, c.b); got != c.want {
			t.Errorf("Distance(%q, %q) = %d, want %d", c.a, c.b, got, c.want)
		}
	}
}
