package cms

import (
	"fmt"
	"strings"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/validate"
)

// exporterOutputID identifies an exporter output: its name, unique per
// region. The import ID is "dest_name" (provider region) or "region:dest_name".
type exporterOutputID struct {
	Region   string
	DestName string
}

// parseExporterOutputID reads an import ID.
func parseExporterOutputID(id string) (exporterOutputID, error) {
	region, name, found := strings.Cut(id, ":")
	if !found {
		region, name = "", id
	}
	if name == "" || strings.Contains(name, ":") || (found && region == "") {
		return exporterOutputID{}, fmt.Errorf("import ID %q must be \"<dest_name>\" or \"<region>:<dest_name>\", for example \"prod-sls\" or \"cn-hangzhou:prod-sls\"", id)
	}
	if !destNamePattern.MatchString(name) {
		return exporterOutputID{}, fmt.Errorf("import ID %q: dest_name %q %s", id, name, destNameRule)
	}
	if found && !validate.RegionPattern.MatchString(region) {
		return exporterOutputID{}, fmt.Errorf("import ID %q: region %q is not a region id such as cn-hangzhou", id, region)
	}
	return exporterOutputID{Region: region, DestName: name}, nil
}

// String is the long form, "region:dest_name" (or just the name without a region).
func (id exporterOutputID) String() string {
	if id.Region == "" {
		return id.DestName
	}
	return id.Region + ":" + id.DestName
}

// exporterRuleID identifies an export rule: its name, unique per region.
// The import ID is "rule_name" (provider region) or "region:rule_name".
type exporterRuleID struct {
	Region   string
	RuleName string
}

// parseExporterRuleID reads an import ID.
func parseExporterRuleID(id string) (exporterRuleID, error) {
	region, name, found := strings.Cut(id, ":")
	if !found {
		region, name = "", id
	}
	if name == "" || strings.Contains(name, ":") || (found && region == "") {
		return exporterRuleID{}, fmt.Errorf("import ID %q must be \"<rule_name>\" or \"<region>:<rule_name>\", for example \"cpu-export\" or \"cn-hangzhou:cpu-export\"", id)
	}
	if !ruleNamePattern.MatchString(name) {
		return exporterRuleID{}, fmt.Errorf("import ID %q: rule_name %q %s", id, name, ruleNameRule)
	}
	if found && !validate.RegionPattern.MatchString(region) {
		return exporterRuleID{}, fmt.Errorf("import ID %q: region %q is not a region id such as cn-hangzhou", id, region)
	}
	return exporterRuleID{Region: region, RuleName: name}, nil
}

// String is the long form, "region:rule_name" (or just the name without a region).
func (id exporterRuleID) String() string {
	if id.Region == "" {
		return id.RuleName
	}
	return id.Region + ":" + id.RuleName
}
