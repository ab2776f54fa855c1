// Package validate holds the plan-time validators that several service
// packages and the provider schema share.
package validate

import (
	"regexp"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

// RegionPattern is the shape of every region id the three clouds use
// (cn-hangzhou, ap-southeast-1, cn-east-3).
var RegionPattern = regexp.MustCompile(`^[a-z]{2,}(-[a-z0-9]+)+$`)

// Region validates a region id; example names one in the error message.
func Region(example string) validator.String {
	return stringvalidator.RegexMatches(RegionPattern, "must be a region id such as "+example+" (lowercase letters, digits and dashes)")
}
