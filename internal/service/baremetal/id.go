package baremetal

import (
	"fmt"
	"strings"
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
