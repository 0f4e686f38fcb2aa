package config

import (
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/configservice"

	"github.com/orgctl/orgctl/sandbox/internal/sandboxtest"
)

// An account has its recorder, recording, unless seeded without one;
// a name it does not have is AWS's NoSuchConfigurationRecorderException.
func TestRecorders(t *testing.T) {
	t.Parallel()
	e := sandboxtest.New(t, WithoutRecorders("bare@example.org"))
	_, with := e.NewMember("with", time.Minute)
	_, without := e.NewMember("bare", time.Minute) // bare@example.org
	st, err := client(e, with, "eu-west-1").DescribeConfigurationRecorderStatus(e.Ctx, &configservice.DescribeConfigurationRecorderStatusInput{})
	if err != nil || len(st.ConfigurationRecordersStatus) != 1 || !st.ConfigurationRecordersStatus[0].Recording || aws.ToString(st.ConfigurationRecordersStatus[0].Name) != "default" {
		t.Errorf("with a recorder: %+v %v", st, err)
	}
	rs, err := client(e, with, "eu-west-1").DescribeConfigurationRecorders(e.Ctx, &configservice.DescribeConfigurationRecordersInput{})
	if err != nil || len(rs.ConfigurationRecorders) != 1 || !rs.ConfigurationRecorders[0].RecordingGroup.AllSupported {
		t.Errorf("recorders: %+v %v", rs, err)
	}
	st, err = client(e, without, "eu-west-1").DescribeConfigurationRecorderStatus(e.Ctx, &configservice.DescribeConfigurationRecorderStatusInput{})
	if err != nil || len(st.ConfigurationRecordersStatus) != 0 {
		t.Errorf("without a recorder: %+v %v", st, err)
	}
	_, err = client(e, without, "eu-west-1").DescribeConfigurationRecorderStatus(e.Ctx, &configservice.DescribeConfigurationRecorderStatusInput{ConfigurationRecorderNames: []string{"default"}})
	if msg := is("NoSuchConfigurationRecorderException", "Cannot find configuration recorder with the specified name 'default'.")(err); msg != "" {
		t.Error(msg)
	}
}
