package baremetal

import (
	"fmt"
	"strings"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/validate"
)

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
