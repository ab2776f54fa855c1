package baremetal

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/validate"
)

// idPartPattern is the provider's only rule on project_id and
// physical_server_id: the vendor documents no format or length for either
// (its examples are a 32-hex project id and a UUID), but both are parts of
// the resource ID, whose separator is "/", and path segments of the API,
// where "." and ".." would be resolved away.
var idPartPattern = regexp.MustCompile(`^(?:[^/.][^/]*|\.[^/.][^/]*|\.\.[^/]+)$`)

// idPartValidators are the provider's own rules on an ID part (see idPartPattern).
func idPartValidators() []validator.String {
	const rule = "must not contain '/' and must not be '.' or '..' " +
		"(a rule of this provider: '/' separates the parts of the resource ID; the CloudDC API documents no format)"
	return []validator.String{stringvalidator.RegexMatches(idPartPattern, rule)}
}

// idPartDoc states the same in the schema.
const idPartDoc = "The CloudDC API documents no format or length for it; the provider's only rule is that it contains no `/` " +
	"(the separator of the resource ID) and is not `.` or `..`."

// exportID identifies a log export: project_id/physical_server_id/export_id.
// It is the resource ID and the import ID; every part of the provider
// parses and formats it here.
type exportID struct {
	ProjectID string
	ServerID  string
	ExportID  string
}

const exportIDFormat = "project_id/physical_server_id/export_id"

// String formats the ID.
func (id exportID) String() string {
	return id.ProjectID + "/" + id.ServerID + "/" + id.ExportID
}

// parseExportID parses project_id/physical_server_id/export_id; no part may
// be empty (none of them can contain a slash).
func parseExportID(s string) (exportID, error) {
	parts := strings.Split(s, "/")
	if len(parts) != 3 || parts[0] == "" || parts[1] == "" || parts[2] == "" {
		return exportID{}, fmt.Errorf("ID %q is not in the form %s (three non-empty parts separated by /), e.g. 0a1b2c3d4e5f60718293a4b5c6d7e8f9/3f2a9c1e-5b7d-4e8a-9c0b-1d2e3f4a5b6c/1", s, exportIDFormat)
	}
	return exportID{ProjectID: parts[0], ServerID: parts[1], ExportID: parts[2]}, nil
}

// importID is what `terraform import` accepts: the resource ID, optionally
// prefixed by the region, `region/project_id/physical_server_id/export_id`.
// Region is empty when the ID names none (the provider's region applies).
type importID struct {
	Region string
	exportID
}

const importIDFormats = exportIDFormat + " or region/" + exportIDFormat

// parseImportID reads the three-part resource ID or the four-part form
// whose first part is a region (no part can contain a slash, so the number
// of parts tells them apart).
func parseImportID(s string) (importID, error) {
	parts := strings.Split(s, "/")
	if len(parts) == 4 {
		if !validate.RegionPattern.MatchString(parts[0]) {
			return importID{}, fmt.Errorf("ID %q: %q is not a region id such as cn-east-3; expected %s", s, parts[0], importIDFormats)
		}
		id, err := parseExportID(strings.Join(parts[1:], "/"))
		if err != nil {
			return importID{}, fmt.Errorf("ID %q is not in the form region/%s (four non-empty parts separated by /), e.g. cn-east-3/0a1b2c3d4e5f60718293a4b5c6d7e8f9/3f2a9c1e-5b7d-4e8a-9c0b-1d2e3f4a5b6c/1", s, exportIDFormat)
		}
		return importID{Region: parts[0], exportID: id}, nil
	}
	id, err := parseExportID(s)
	if err != nil {
		return importID{}, fmt.Errorf("%w, or region/%s", err, exportIDFormat)
	}
	return importID{exportID: id}, nil
}
