package huawei

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/emulator/core"
)

// optionsRequest is the body of POST options: what later exports do
// (a field left out keeps its value).
type optionsRequest struct {
	ExportMS     *int64 `json:"export_ms"`
	ArchiveBytes *int64 `json:"archive_bytes"`
}

// startExportRequest is the body of POST exports.
type startExportRequest struct {
	ServerID  string `json:"server_id"`
	ProjectID string `json:"project_id"`
}

// AdminBodies are the JSON bodies of this vendor's admin create calls, by
// "METHOD /_emulator/huawei/<path>": the emulator guide documents every
// field of each (a test reads their json tags).
var AdminBodies = map[string]any{
	"POST /_emulator/huawei/servers": Server{},
	"POST /_emulator/huawei/options": optionsRequest{},
	"POST /_emulator/huawei/exports": startExportRequest{},
}

// Admin answers /_emulator/huawei/<sub>:
//
//	GET    state                      this vendor's State()
//	POST   servers                    add a server {"id","sn","name","project_id"}
//	POST   options                    change {"export_ms","archive_bytes"} for later exports
//	POST   exports                    start an export outside Terraform {"server_id","project_id"?}, as ExportServerLogs does
//	POST   exports/{id}/expire        keep the status, make the archive undownloadable
//	POST   exports/{id}/fail          end the export in status "failed"
//	DELETE exports/{id}               forget the export (status answers 404,
//	                                  after the visibility lag if any);
//	                                  also POST exports/{id}/delete
func (e *Emulator) Admin(w http.ResponseWriter, r *http.Request, sub string) {
	parts := strings.Split(strings.Trim(sub, "/"), "/")
	switch {
	case sub == "state" && r.Method == http.MethodGet:
		core.WriteJSON(w, http.StatusOK, e.State())
	case sub == "servers" && r.Method == http.MethodPost:
		var s Server
		if err := json.NewDecoder(r.Body).Decode(&s); err != nil || s.ID == "" || s.SN == "" {
			core.WriteJSON(w, http.StatusBadRequest, map[string]string{"error": "a server needs id and sn"})
			return
		}
		if s.ProjectID == "" {
			s.ProjectID = e.opts.ProjectID
		}
		e.mu.Lock()
		e.servers[idKey(s.ID)] = s
		e.mu.Unlock()
		core.WriteJSON(w, http.StatusOK, s)
	case sub == "options" && r.Method == http.MethodPost:
		// Changes how later exports behave (earlier ones keep theirs).
		var o optionsRequest
		if err := json.NewDecoder(r.Body).Decode(&o); err != nil {
			core.WriteJSON(w, http.StatusBadRequest, map[string]string{"error": "decoding options: " + err.Error()})
			return
		}
		e.mu.Lock()
		if o.ExportMS != nil {
			e.opts.ExportMS = *o.ExportMS
		}
		if o.ArchiveBytes != nil {
			e.opts.ArchiveBytes = *o.ArchiveBytes
		}
		cur := map[string]int64{"export_ms": e.opts.ExportMS, "archive_bytes": e.opts.ArchiveBytes}
		e.mu.Unlock()
		core.WriteJSON(w, http.StatusOK, cur)
	case sub == "exports" && r.Method == http.MethodPost:
		var in startExportRequest
		if err := json.NewDecoder(r.Body).Decode(&in); err != nil || in.ServerID == "" {
			core.WriteJSON(w, http.StatusBadRequest, map[string]string{"error": "an export needs server_id (and optionally project_id)"})
			return
		}
		if in.ProjectID == "" {
			in.ProjectID = e.opts.ProjectID
		}
		x, ok := e.newExport(in.ProjectID, in.ServerID)
		if !ok {
			core.WriteJSON(w, http.StatusNotFound, map[string]string{"error": fmt.Sprintf("no server %s in project %s", in.ServerID, in.ProjectID)})
			return
		}
		core.WriteJSON(w, http.StatusOK, map[string]string{"export_id": x.ExportID, "server_id": x.ServerID, "project_id": x.ProjectID,
			"import_id": x.ProjectID + "/" + x.ServerID + "/" + x.ExportID})
	case len(parts) >= 2 && parts[0] == "exports":
		e.adminExport(w, r, parts[1], strings.Join(parts[2:], "/"))
	default:
		core.WriteJSON(w, http.StatusNotFound, map[string]string{"error": "unknown admin path /_emulator/huawei/" + sub})
	}
}

func (e *Emulator) adminExport(w http.ResponseWriter, r *http.Request, id, action string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	x, ok := e.exports[idKey(id)]
	if !ok || x.DeletedAt != nil {
		core.WriteJSON(w, http.StatusNotFound, map[string]string{"error": "no export " + id})
		return
	}
	now := e.env.Now()
	switch {
	case (action == "" && r.Method == http.MethodDelete) || (action == "delete" && r.Method == http.MethodPost):
		// Downloads see the deletion at once; status answers only once
		// the visibility lag has passed.
		if e.env.Lag() > 0 {
			x.DeletedAt = &now
		} else {
			delete(e.exports, idKey(id))
		}
		core.WriteJSON(w, http.StatusOK, map[string]bool{"deleted": true})
	case action == "expire" && r.Method == http.MethodPost:
		x.Expired = true
		core.WriteJSON(w, http.StatusOK, x)
	case action == "fail" && r.Method == http.MethodPost:
		x.Failed, x.FailedAt = true, now
		core.WriteJSON(w, http.StatusOK, x)
	default:
		core.WriteJSON(w, http.StatusNotFound, map[string]string{"error": "unknown export action " + action})
	}
}
