package all

import (
	_ "github.com/orgctl/orgctl/sandbox/account"
	_ "github.com/orgctl/orgctl/sandbox/auditmanager"
	_ "github.com/orgctl/orgctl/sandbox/cloudtrail"
	_ "github.com/orgctl/orgctl/sandbox/config"
	_ "github.com/orgctl/orgctl/sandbox/detective"
	_ "github.com/orgctl/orgctl/sandbox/fms"
	_ "github.com/orgctl/orgctl/sandbox/guardduty"
	_ "github.com/orgctl/orgctl/sandbox/identitycenter"
	_ "github.com/orgctl/orgctl/sandbox/inspector"
	_ "github.com/orgctl/orgctl/sandbox/macie"
	_ "github.com/orgctl/orgctl/sandbox/organizations"
	_ "github.com/orgctl/orgctl/sandbox/securityhub"
	_ "github.com/orgctl/orgctl/sandbox/sts"
)
