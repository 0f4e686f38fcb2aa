package all

import (
	_ "github.com/orgctl/orgctl/sandbox/auditmanager"
	_ "github.com/orgctl/orgctl/sandbox/cloudtrail"
	_ "github.com/orgctl/orgctl/sandbox/guardduty"
	_ "github.com/orgctl/orgctl/sandbox/identitycenter"
	_ "github.com/orgctl/orgctl/sandbox/inspector"
	_ "github.com/orgctl/orgctl/sandbox/organizations"
	_ "github.com/orgctl/orgctl/sandbox/sts"
)
