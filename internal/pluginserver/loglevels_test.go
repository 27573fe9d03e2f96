package pluginserver

import (
	"maps"
	"testing"
)

func TestUnreadLogLevels(t *testing.T) {
	allOff := map[string]string{
		"TF_LOG_SDK": "OFF", "TF_LOG_SDK_PROTO": "OFF", "TF_LOG_SDK_FRAMEWORK": "OFF", "TF_LOG_PROVIDER_STYTCH": "OFF",
	}
	cases := []struct {
		name string
		env  map[string]string
		want map[string]string
	}{
		{"nothing set: Terraform drops every line", nil, allOff},
		{"TF_LOG=TRACE keeps everything", map[string]string{"TF_LOG": "trace"}, nil},
		{"TF_LOG=JSON is TRACE", map[string]string{"TF_LOG": "JSON"}, nil},
		{"unknown level is TRACE in Terraform", map[string]string{"TF_LOG": "verbose"}, nil},
		{"TF_LOG=DEBUG", map[string]string{"TF_LOG": "debug"}, map[string]string{
			"TF_LOG_SDK": "DEBUG", "TF_LOG_SDK_PROTO": "DEBUG", "TF_LOG_SDK_FRAMEWORK": "DEBUG", "TF_LOG_PROVIDER_STYTCH": "DEBUG",
		}},
		{"TF_LOG_PROVIDER wins over TF_LOG", map[string]string{"TF_LOG": "TRACE", "TF_LOG_PROVIDER": "warn"}, map[string]string{
			"TF_LOG_SDK": "WARN", "TF_LOG_SDK_PROTO": "WARN", "TF_LOG_SDK_FRAMEWORK": "WARN", "TF_LOG_PROVIDER_STYTCH": "WARN",
		}},
		{"TF_LOG_PROVIDER alone keeps provider logs", map[string]string{"TF_LOG_PROVIDER": "TRACE"}, nil},
		{"TF_LOG_CORE does not keep provider logs", map[string]string{"TF_LOG_CORE": "TRACE"}, allOff},
		{"the user's own plugin levels are kept", map[string]string{"TF_LOG_SDK_FRAMEWORK": "TRACE", "TF_LOG_PROVIDER_STYTCH": "DEBUG"}, map[string]string{
			"TF_LOG_SDK": "OFF", "TF_LOG_SDK_PROTO": "OFF",
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := unreadLogLevels(func(k string) string { return tc.env[k] })
			if len(got) == 0 && len(tc.want) == 0 {
				return
			}
			if !maps.Equal(got, tc.want) {
				t.Errorf("unreadLogLevels(%v) = %v, want %v", tc.env, got, tc.want)
			}
		})
	}
}
