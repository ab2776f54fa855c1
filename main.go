// Command terraform-provider-telemetry serves the telemetry Terraform provider.
package main

import (
	"context"
	"flag"
	"log"
	"os"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/provider"
)

// version is set by the release build (-ldflags "-X main.version=...").
var version = "dev"

func main() {
	var debug bool
	flag.BoolVar(&debug, "debug", false, "run the provider with support for debuggers like delve")
	flag.Parse()
	quietUnlessLogged(os.Getenv, os.Setenv)

	err := providerserver.Serve(context.Background(), provider.New(version), providerserver.ServeOpts{
		Address:         "registry.terraform.io/cloud-telemetry/telemetry",
		Debug:           debug,
		ProtocolVersion: 6,
	})
	if err != nil {
		log.Fatal(err.Error())
	}
}

// Terraform keeps a provider's log lines at the level of TF_LOG_PROVIDER,
// or else TF_LOG, and reads and drops the rest (all of them when neither is
// set). The SDK's and the provider's loggers default to TRACE, though, so
// every request still formats its trace lines as JSON and pipes them to
// Terraform: a third of the provider's CPU time in a plan of 500 resources
// (pprof), which Terraform then spends again parsing them. quietUnlessLogged
// sets those loggers to the level Terraform keeps; a level set for any of
// them is left alone, and so is a level this does not know.
func quietUnlessLogged(getenv func(string) string, setenv func(string, string) error) {
	level := strings.ToUpper(getenv("TF_LOG_PROVIDER"))
	if level == "" {
		level = strings.ToUpper(getenv("TF_LOG"))
	}
	switch level {
	case "":
		level = "OFF"
	case "JSON":
		level = "TRACE"
	case "TRACE", "DEBUG", "INFO", "WARN", "ERROR", "OFF":
	default:
		return
	}
	for _, k := range []string{"TF_LOG_PROVIDER", "TF_LOG_SDK", "TF_LOG_SDK_PROTO", "TF_LOG_SDK_FRAMEWORK"} {
		if getenv(k) == "" {
			_ = setenv(k, level)
		}
	}
}
