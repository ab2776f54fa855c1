package cms

import (
	"fmt"
	"regexp"
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
	region, name, err := parseNameID(id, outputKind.idRule)
	return exporterOutputID{Region: region, DestName: name}, err
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
	region, name, err := parseNameID(id, ruleKind.idRule)
	return exporterRuleID{Region: region, RuleName: name}, err
}

// String is the long form, "region:rule_name" (or just the name without a region).
func (id exporterRuleID) String() string {
	if id.Region == "" {
		return id.RuleName
	}
	return id.Region + ":" + id.RuleName
}

// nameIDRule is what an import ID "name" or "region:name" of one kind of
// object must be: its name attribute, an example name, the name's rule.
type nameIDRule struct {
	attr, example string
	pattern       *regexp.Regexp
	rule          string
}

// parseNameID reads an import ID "name" (region: none, the provider's) or
// "region:name".
func parseNameID(id string, r nameIDRule) (region, name string, err error) {
	region, name, found := strings.Cut(id, ":")
	if !found {
		region, name = "", id
	}
	if name == "" || strings.Contains(name, ":") || (found && region == "") {
		return "", "", fmt.Errorf("import ID %q must be \"<%s>\" or \"<region>:<%s>\", for example \"%s\" or \"cn-hangzhou:%s\"", id, r.attr, r.attr, r.example, r.example)
	}
	if !r.pattern.MatchString(name) {
		return "", "", fmt.Errorf("import ID %q: %s %q %s", id, r.attr, name, r.rule)
	}
	if found && !validate.RegionPattern.MatchString(region) {
		return "", "", fmt.Errorf("import ID %q: region %q is not a region id such as cn-hangzhou", id, region)
	}
	return region, name, nil
}
