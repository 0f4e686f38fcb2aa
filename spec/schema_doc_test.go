package spec

import "testing"

// Go doc comments become descriptions for people who write specs.
func TestUserDoc(t *testing.T) {
	tests := []struct{ goName, comment, want string }{
		{"OU", "OU is the path of the account's OU (Workloads/Prod); empty for the root.", "The path of the account's OU (Workloads/Prod); empty for the root."},
		{"Account", "Account is a member account, identified by its email.", "A member account, identified by its email."},
		{"Features", "Features are the protection plans.", "The protection plans."},
		{"Admin", "Admin names the account that administers AWS Config.", "Names the account that administers AWS Config."},
		{"Settings", "Settings are orgctl's own settings.", "orgctl's own settings."},
		{"ResourceTypes", "ResourceTypes the rule evaluates.", "Resource types the rule evaluates."},
		{"KMSKey", "KMSKey of the trail.", "KMS key of the trail."},
		{"OUs", "OUs by path (Sandbox, Workloads/Dev).", "OUs by path (Sandbox, Workloads/Dev)."},
		{"Name", "Name of the account (1-50 printable ASCII characters).", "Name of the account (1-50 printable ASCII characters)."},
		{"Tags", "Tags on the account.", "Tags on the account."},
		{"Closed", "Closed asks orgctl to close the account.", "Asks orgctl to close the account."},
		{"Email", "The email of the account's root user.", "The email of the account's root user."},
		{"Status", "Status class of the thing.", "Status class of the thing."},
	}
	for _, tt := range tests {
		if got := userDoc(tt.goName, tt.comment); got != tt.want {
			t.Errorf("userDoc(%q, %q) = %q, want %q", tt.goName, tt.comment, got, tt.want)
		}
	}
}
