package tencent

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/cloud/tencentcloud"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/emulator/core"
)

// Admin answers /_emulator/tencent/<sub>:
//
//	GET    state                  the same as State()
//	POST   topics                 add (or replace) a topic {"topic_id"?, "topic_name"?, "region"?, "closed"?};
//	                              region defaults to the emulator's default region (ap-guangzhou); the same id
//	                              in another region is another topic (tests rehearse regions with it)
//	POST   exports                seed Completed exports {"topic_id", "region"?, "count"?, "query"?, "from"?, "to"?
//	                              (Unix ms), "log_count"?, "order"?, "format"?, "syntax_rule"?, "created_ago_ms"?}
//	DELETE exports/<id>           delete an export out of band (for "disappears" tests)
//	POST   exports/<id>/fail      make an export Failed now {"reason"?}
//	POST   exports/<id>/expire    make an export Expired now
//	GET    download/<id>          the file behind a Completed export's CosPath
func (e *Emulator) Admin(w http.ResponseWriter, r *http.Request, sub string) {
	parts := strings.Split(strings.Trim(sub, "/"), "/")
	switch {
	case (sub == "" || sub == "state") && r.Method == http.MethodGet:
		core.WriteJSON(w, http.StatusOK, e.State())
	case sub == "topics" && r.Method == http.MethodGet:
		e.mu.Lock()
		topics := append([]Topic{}, e.topics...)
		e.mu.Unlock()
		core.WriteJSON(w, http.StatusOK, map[string]any{"topics": topics})
	case sub == "topics" && r.Method == http.MethodPost:
		e.adminAddTopic(w, r)
	case sub == "exports" && r.Method == http.MethodPost:
		e.adminSeedExports(w, r)
	case len(parts) == 2 && parts[0] == "exports" && r.Method == http.MethodDelete:
		e.adminDeleteExport(w, parts[1])
	case len(parts) == 3 && parts[0] == "exports" && parts[2] == "fail" && r.Method == http.MethodPost:
		var in failRequest
		_ = json.NewDecoder(r.Body).Decode(&in)
		if in.Reason == "" {
			in.Reason = "failed through the emulator's admin API"
		}
		e.adminUpdate(w, parts[1], func(x *export, now time.Time) {
			x.FailedAt, x.FailReason = &now, in.Reason
		})
	case len(parts) == 3 && parts[0] == "exports" && parts[2] == "expire" && r.Method == http.MethodPost:
		e.adminUpdate(w, parts[1], func(x *export, now time.Time) {
			if x.ProcessingAt.After(now) {
				x.ProcessingAt = now
			}
			if x.DoneAt.After(now) {
				x.DoneAt = now
			}
			x.ExpiresAt = now
		})
	case len(parts) == 2 && parts[0] == "download" && r.Method == http.MethodGet:
		e.download(w, r, parts[1])
	default:
		core.WriteJSON(w, http.StatusNotFound, map[string]any{"error": "unknown admin path /_emulator/tencent/" + sub})
	}
}

func (e *Emulator) adminAddTopic(w http.ResponseWriter, r *http.Request) {
	var t Topic
	if err := json.NewDecoder(r.Body).Decode(&t); err != nil {
		core.WriteJSON(w, http.StatusBadRequest, map[string]any{"error": "decoding topic: " + err.Error()})
		return
	}
	if t.TopicID == "" {
		t.TopicID = newUUID()
	}
	if !topicIDPattern.MatchString(t.TopicID) {
		core.WriteJSON(w, http.StatusBadRequest, map[string]any{"error": fmt.Sprintf("topic_id %q is not a UUID", t.TopicID)})
		return
	}
	if t.TopicName == "" {
		t.TopicName = "topic-" + t.TopicID[:8]
	}
	if t.Region == "" {
		t.Region = e.opts.DefaultRegion
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	for i, old := range e.topics {
		if strings.EqualFold(old.TopicID, t.TopicID) && old.Region == t.Region {
			e.topics[i] = t
			core.WriteJSON(w, http.StatusOK, t)
			return
		}
	}
	e.topics = append(e.topics, t)
	core.WriteJSON(w, http.StatusOK, t)
}

// seedExportsRequest is the body of POST exports: the arguments of the
// exports to seed; zero values take the defaults adminSeedExports gives.
type seedExportsRequest struct {
	TopicID string `json:"topic_id"`
	Region  string `json:"region"`
	Count   int    `json:"count"`
	Query   string `json:"query"`
	// The export's arguments; zero values take the defaults adminSeedExports gives.
	From       int64  `json:"from"`
	To         int64  `json:"to"`
	LogCount   uint64 `json:"log_count"`
	Order      string `json:"order"`
	Format     string `json:"format"`
	SyntaxRule uint64 `json:"syntax_rule"`
	// CreatedAgoMS backdates CreateTime, e.g. to stand for an export
	// another workspace made a while ago.
	CreatedAgoMS int64 `json:"created_ago_ms"`
}

// failRequest is the body of POST exports/<id>/fail.
type failRequest struct {
	Reason string `json:"reason"`
}

// AdminBodies are the JSON bodies of this vendor's admin create calls, by
// "METHOD /_emulator/tencent/<path>": the emulator guide documents every
// field of each (a test reads their json tags).
var AdminBodies = map[string]any{
	"POST /_emulator/tencent/topics":                 Topic{},
	"POST /_emulator/tencent/exports":                seedExportsRequest{},
	"POST /_emulator/tencent/exports/EXPORT_ID/fail": failRequest{},
}

// adminSeedExports adds Completed exports (or exports in the given status
// timeline) without going through CreateExport: used to fill pages.
func (e *Emulator) adminSeedExports(w http.ResponseWriter, r *http.Request) {
	var in seedExportsRequest
	if err := json.NewDecoder(r.Body).Decode(&in); err != nil {
		core.WriteJSON(w, http.StatusBadRequest, map[string]any{"error": "decoding exports: " + err.Error()})
		return
	}
	if in.Region == "" {
		in.Region = e.opts.DefaultRegion
	}
	if in.Count <= 0 {
		in.Count = 1
	}
	if in.Query == "" {
		in.Query = "*"
	}
	if in.LogCount == 0 {
		in.LogCount = 100
	}
	if in.Order == "" {
		in.Order = "desc"
	}
	if in.Format == "" {
		in.Format = "json"
	}
	if in.CreatedAgoMS < 0 {
		core.WriteJSON(w, http.StatusBadRequest, map[string]any{"error": "created_ago_ms must not be negative"})
		return
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	if _, code, msg := e.topic(in.Region, in.TopicID); code != "" {
		core.WriteJSON(w, http.StatusBadRequest, map[string]any{"error": code + ": " + msg})
		return
	}
	now := e.env.Now()
	created := now.Add(-time.Duration(in.CreatedAgoMS) * time.Millisecond)
	if in.From == 0 && in.To == 0 {
		in.From, in.To = now.Add(-time.Hour).UnixMilli(), now.UnixMilli()
	}
	ids := make([]string, 0, in.Count)
	for range in.Count {
		x := &export{Region: in.Region, TopicID: in.TopicID, Query: in.Query, Count: in.LogCount, Order: in.Order, Format: in.Format,
			SyntaxRule: in.SyntaxRule, From: in.From, To: in.To}
		e.schedule(x, created)
		// Seeded exports are already done.
		x.ProcessingAt, x.DoneAt = created, created
		x.ExpiresAt = now.Add(time.Duration(e.opts.ExpireMS) * time.Millisecond)
		e.exports = append(e.exports, x)
		ids = append(ids, x.ExportID)
	}
	core.WriteJSON(w, http.StatusOK, map[string]any{"export_ids": ids})
}

func (e *Emulator) adminDeleteExport(w http.ResponseWriter, id string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	for _, x := range e.exports {
		if namesExport(id, x.ExportID) && x.DeletedAt == nil {
			e.remove(x) // answers still show it until the visibility lag has passed
			core.WriteJSON(w, http.StatusOK, map[string]any{"deleted": id})
			return
		}
	}
	core.WriteJSON(w, http.StatusNotFound, map[string]any{"error": "no export " + id})
}

func (e *Emulator) adminUpdate(w http.ResponseWriter, id string, f func(*export, time.Time)) {
	e.mu.Lock()
	defer e.mu.Unlock()
	now := e.env.Now()
	for _, x := range e.exports {
		if namesExport(id, x.ExportID) && x.DeletedAt == nil {
			f(x, now)
			out := *x
			out.Status = x.status(now)
			core.WriteJSON(w, http.StatusOK, out)
			return
		}
	}
	core.WriteJSON(w, http.StatusNotFound, map[string]any{"error": "no export " + id})
}

// OpDownload names the download of an export's file in counts and faults
// (COS GetObject behind the presigned CosPath).
const OpDownload = "Download"

// download serves the file of a Completed export while its link is valid;
// an Expired export's file is gone. Faults armed for OpDownload apply (cut:
// the transfer stops mid-stream).
func (e *Emulator) download(w http.ResponseWriter, r *http.Request, id string) {
	e.env.Dispatch(w, r, OpDownload, cosErrors{}, func(w http.ResponseWriter, r *http.Request) {
		e.mu.Lock()
		var found *export
		for _, x := range e.exports {
			if namesExport(id, x.ExportID) && x.DeletedAt == nil {
				found = x
			}
		}
		now := e.env.Now()
		var f *exportFile
		var name string
		if found != nil && found.status(now) == tencentcloud.StatusCompleted {
			f, name = newExportFile(found), found.fileName(e.opts.UIN)
		}
		e.mu.Unlock()
		if f == nil {
			writeCOSError(w, http.StatusNotFound, "NoSuchKey", "no downloadable export "+id)
			return
		}
		if exp, err := strconv.ParseInt(r.URL.Query().Get("expires"), 10, 64); err != nil || now.Unix() > exp {
			writeCOSError(w, http.StatusForbidden, "AccessDenied", "Request has expired")
			return
		}
		w.Header().Set("Content-Type", "application/gzip")
		w.Header().Set("Content-Disposition", "attachment; filename=\""+name+"\"")
		w.Header().Set("Content-Length", strconv.FormatInt(f.Size(), 10))
		w.WriteHeader(http.StatusOK)
		_, _ = f.WriteTo(w)
	})
}
