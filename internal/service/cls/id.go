package cls

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/validate"
)

// exportID is the resource ID `topic_id:export_id`. DescribeExports only
// lists the exports of one topic, so the topic is part of the ID.
type exportID struct {
	TopicID, ExportID string
}

// idSeparator joins the parts; legacySeparator is what the vendor's own
// Terraform provider uses, accepted on import so state can move over.
const (
	idSeparator     = ":"
	legacySeparator = "#"
)

// topicIDRule is our only rule on topic ids: CLS gives UUIDs but documents
// no format, so anything without the ID separators is sent as is.
var topicIDRule = regexp.MustCompile(`^[^:#]+$`)

func (id exportID) String() string { return id.TopicID + idSeparator + id.ExportID }

// parseExportID reads `topic_id:export_id` or `topic_id#export_id`.
func parseExportID(s string) (exportID, error) {
	sep := idSeparator
	if !strings.Contains(s, idSeparator) && strings.Contains(s, legacySeparator) {
		sep = legacySeparator
	}
	topic, export, ok := strings.Cut(s, sep)
	if !ok || topic == "" || export == "" || strings.ContainsAny(export, idSeparator+legacySeparator) {
		return exportID{}, fmt.Errorf("%q is not a CLS export id; expected topic_id:export_id (or topic_id#export_id), for example 5b3f0c1e-2a4d-4e6f-8a9b-0c1d2e3f4a5b:export-1a2b3c4d", s)
	}
	return exportID{TopicID: topic, ExportID: export}, nil
}

// importID is what `terraform import` accepts: the resource ID, optionally
// prefixed by the topic's region, `region/topic_id:export_id`. Region is
// empty when the ID names none (the provider's region applies).
type importID struct {
	Region string
	exportID
}

// parseImportID reads `topic_id:export_id`, `topic_id#export_id` or
// `region/topic_id:export_id` (also with #). The part before the first `/`
// is taken for a region only when it has a region's shape (cn-hangzhou,
// ap-guangzhou), so the older forms keep their meaning.
func parseImportID(s string) (importID, error) {
	if region, rest, ok := strings.Cut(s, "/"); ok && validate.RegionPattern.MatchString(region) {
		id, err := parseExportID(rest)
		if err != nil {
			return importID{}, fmt.Errorf("%q is not a CLS import id; expected region/topic_id:export_id, topic_id:export_id or topic_id#export_id, for example ap-guangzhou/5b3f0c1e-2a4d-4e6f-8a9b-0c1d2e3f4a5b:export-1a2b3c4d", s)
		}
		return importID{Region: region, exportID: id}, nil
	}
	id, err := parseExportID(s)
	if err != nil {
		return importID{}, fmt.Errorf("%w (or region/topic_id:export_id, for example ap-guangzhou/5b3f0c1e-2a4d-4e6f-8a9b-0c1d2e3f4a5b:export-1a2b3c4d)", err)
	}
	return importID{exportID: id}, nil
}
