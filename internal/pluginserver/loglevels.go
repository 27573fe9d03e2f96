package pluginserver

import "strings"

// The provider-side logging variables of terraform-plugin-go,
// terraform-plugin-framework and this provider's own logger
// (TF_LOG_PROVIDER_ + the provider type in capitals).
var pluginLogVariables = []string{
	"TF_LOG_SDK",
	"TF_LOG_SDK_PROTO",
	"TF_LOG_SDK_FRAMEWORK",
	"TF_LOG_PROVIDER_STYTCH",
}

// terraformLogLevels are the levels Terraform and OpenTofu accept in TF_LOG
// and TF_LOG_PROVIDER, most verbose first.
var terraformLogLevels = []string{"TRACE", "DEBUG", "INFO", "WARN", "ERROR", "OFF"}

// unreadLogLevels returns the logging variables to set so that the provider
// does not write log lines that Terraform will throw away.
//
// Why: when a plugin logging variable is unset, terraform-plugin-log logs the
// SDK, the framework and the provider at TRACE. Terraform (and OpenTofu)
// read every line from the provider's stderr and then drop it unless
// TF_LOG_PROVIDER, or failing that TF_LOG, asks for that level
// (internal/logging.providerLogLevel in both CLIs). With neither set, that is
// every line, and encoding and decoding them is a large share of the
// provider's and Terraform's CPU (BENCHMARKS.md, "Apply time"; upstream issue
// hashicorp/terraform-plugin-framework#1269).
//
// So each plugin variable the user left unset gets the level Terraform keeps
// for provider logs: OFF when neither TF_LOG_PROVIDER nor TF_LOG is set, the
// same level otherwise. TRACE needs nothing. Variables the user set are
// never changed, so TF_LOG_SDK_FRAMEWORK=TRACE still works as documented.
func unreadLogLevels(getenv func(string) string) map[string]string {
	kept := terraformProviderLogLevel(getenv)
	if kept == "TRACE" {
		return nil
	}
	set := map[string]string{}
	for _, name := range pluginLogVariables {
		if getenv(name) == "" {
			set[name] = kept
		}
	}
	return set
}

// terraformProviderLogLevel mirrors how Terraform picks the level of the
// provider log it keeps: TF_LOG_PROVIDER, else TF_LOG; unset means OFF, JSON
// and unknown values mean TRACE.
func terraformProviderLogLevel(getenv func(string) string) string {
	level := strings.ToUpper(getenv("TF_LOG_PROVIDER"))
	if level == "" {
		level = strings.ToUpper(getenv("TF_LOG"))
	}
	if level == "" {
		return "OFF"
	}
	for _, known := range terraformLogLevels {
		if level == known {
			return level
		}
	}
	return "TRACE"
}
