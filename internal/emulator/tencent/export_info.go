package tencent

import (
	"fmt"
	"strings"
	"time"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/cloud/tencentcloud"
)

// This file is how an export shows in answers: DescribeExports' ExportInfo,
// plainly and in the -normalize mode's other form.

// beijing is the zone of CreateTime: undocumented, assumed to be UTC+8 like
// the rest of the console's times.
var beijing = time.FixedZone("UTC+8", 8*60*60)

func (x *export) fileName(uin string) string {
	return fmt.Sprintf("log_%s_%s_%s_%s_%d.tar.gz", uin, x.TopicID, x.CreatedAt.In(beijing).Format("20060102"), x.ExportID, x.CreatedAt.Unix())
}

// info renders the export as DescribeExports' ExportInfo as of at (now
// minus the visibility lag). File fields are only filled in once the export
// is Completed; the download URL is good for one hour from now, like the
// vendor's presigned COS URL. Normalizing, the answer carries equivalent
// values in another form (see normalizeInfo).
func (e *Emulator) info(x *export, at, now time.Time, base string) map[string]any {
	st := x.status(at)
	out := map[string]any{
		"TopicId": x.TopicID, "ExportId": x.ExportID, "Query": x.Query,
		"FileName": "", "FileSize": 0, "CosPath": "",
		"Order": x.Order, "Format": x.Format, "Count": x.Count, "Status": st,
		"From": x.From, "To": x.To,
		"CreateTime":      x.CreatedAt.In(beijing).Format("2006-01-02 15:04:05"),
		"CreateTimestamp": x.CreatedAt.UnixMilli(),
		"SyntaxRule":      x.SyntaxRule, "DerivedFields": nonNil(x.DerivedFields),
	}
	if st == tencentcloud.StatusCompleted {
		out["FileName"] = x.fileName(e.opts.UIN)
		out["FileSize"] = newExportFile(x).Size()
		out["CosPath"] = fmt.Sprintf("%s/_emulator/tencent/download/%s?expires=%d", base, x.ExportID, now.Add(time.Hour).Unix())
	}
	if e.env.Normalizing() {
		normalizeInfo(out, x)
	}
	return out
}

// otherZone is the offset normalized answers give CreateTime in.
var otherZone = time.FixedZone("UTC-05:00", -5*60*60)

// normalizeInfo rewrites an ExportInfo into an equivalent other form, as a
// real service may answer (the -normalize mode):
//   - TopicId and the UUID of ExportId with their hex digits in the other
//     case (upper where stored lower and the reverse; the "export-" prefix
//     stays);
//   - CreateTime as RFC 3339 with an explicit offset (-05:00) instead of the
//     zone-less Beijing time, and no CreateTimestamp (the international API
//     has none), so the instant must be read from the string;
//   - Order and Format in upper case (ASC, JSON): values the user sent, which
//     a service may well echo canonicalised. Status keeps its documented,
//     case-sensitive spelling;
//   - Query trimmed, with each run of spaces as one (an equivalent search
//     statement), and Count the number of logs the file actually holds
//     (logsInRange when the export was created, fewer than asked when the
//     range holds fewer), not the number asked.
//
// FileName and CosPath keep the stored spelling: they are not ids the
// client matches on.
func normalizeInfo(out map[string]any, x *export) {
	out["TopicId"] = flipHex(x.TopicID)
	out["ExportId"] = flipExportID(x.ExportID)
	out["CreateTime"] = x.CreatedAt.In(otherZone).Format(time.RFC3339)
	delete(out, "CreateTimestamp")
	out["Order"] = strings.ToUpper(x.Order)
	out["Format"] = strings.ToUpper(x.Format)
	out["Query"] = strings.Join(strings.Fields(x.Query), " ")
	out["Count"] = x.lines()
}

// flipHex swaps the case of the hex letters a-f in s.
func flipHex(s string) string {
	b := []byte(s)
	for i, c := range b {
		switch {
		case c >= 'a' && c <= 'f':
			b[i] = c - 'a' + 'A'
		case c >= 'A' && c <= 'F':
			b[i] = c - 'A' + 'a'
		}
	}
	return string(b)
}

// flipExportID flips the hex case of an export id's UUID, keeping its
// "export-" prefix as is.
func flipExportID(id string) string {
	if rest, ok := strings.CutPrefix(id, exportPrefix); ok {
		return exportPrefix + flipHex(rest)
	}
	return flipHex(id)
}

// nonNil is s, or an empty list for nil (JSON [] rather than null).
func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
