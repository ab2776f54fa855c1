package alibaba

import (
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"strconv"
	"strings"
)

// Naming rules the emulator enforces. The vendor does not publish limits;
// these are the project's documented choice and the provider validates the
// same ones at plan time.
var destNamePattern = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$`)

// exporterOutput is one stored object; JSON tags are the /_emulator/state shape.
type exporterOutput struct {
	Region          string `json:"region,omitempty"`
	DestName        string `json:"dest_name"`
	DestType        string `json:"dest_type"`
	Desc            string `json:"desc,omitempty"`
	Endpoint        string `json:"endpoint"`
	Project         string `json:"project"`
	Logstore        string `json:"logstore"`
	AccessKeyID     string `json:"access_key_id"`
	AccessKeySecret string `json:"access_key_secret"`
	UserID          string `json:"user_id,omitempty"`
	CreateTimeMS    int64  `json:"create_time_ms"`
}

func illegal(w http.ResponseWriter, r *http.Request) {
	WriteError(w, r, http.StatusBadRequest, "ParameterInvalid", "Illegal parameters.")
}

func missing(w http.ResponseWriter, r *http.Request, name string) {
	WriteError(w, r, http.StatusBadRequest, "MissingParameter", fmt.Sprintf("The input parameter %q that is mandatory for processing this request is not supplied.", name))
}

func putExporterOutput(e *Emulator, w http.ResponseWriter, r *http.Request, c *Call) {
	name := c.Params.Get("DestName")
	if name == "" {
		missing(w, r, "DestName")
		return
	}
	raw := c.Params.Get("ConfigJson")
	if raw == "" {
		missing(w, r, "ConfigJson")
		return
	}
	if !destNamePattern.MatchString(name) {
		illegal(w, r)
		return
	}
	destType := c.Params.Get("DestType")
	if destType == "" {
		destType = "sls"
	}
	if !strings.EqualFold(destType, "sls") {
		illegal(w, r)
		return
	}
	var cfg map[string]any
	if err := json.Unmarshal([]byte(raw), &cfg); err != nil {
		illegal(w, r)
		return
	}
	str := func(k string) (string, bool) {
		s, ok := cfg[k].(string)
		return s, ok && s != ""
	}
	var o exporterOutput
	var ok bool
	for _, f := range []struct {
		key string
		dst *string
	}{{"endpoint", &o.Endpoint}, {"project", &o.Project}, {"logstore", &o.Logstore}, {"ak", &o.AccessKeyID}, {"as", &o.AccessKeySecret}} {
		if *f.dst, ok = str(f.key); !ok {
			illegal(w, r)
			return
		}
	}
	// The vendor documents the endpoint both as a URL and as a bare host.
	if strings.ContainsAny(o.Endpoint, " \t") {
		illegal(w, r)
		return
	}
	o.UserID, _ = str("userId")
	o.DestName, o.DestType, o.Desc = name, strings.ToLower(destType), c.Params.Get("Desc")
	o.CreateTimeMS = e.env.Now().UnixMilli()

	e.mu.Lock()
	if old, exists := e.outputs.current(c.Region, name); exists {
		o.CreateTimeMS = old.CreateTimeMS // an update keeps the first creation time
	}
	e.writeOutput(c.Region, o, false)
	e.mu.Unlock()
	WriteSuccess(w, c, map[string]any{"Code": "200", "Success": true, "Message": "success"})
}

// writeOutput records a write of o (a deletion when deleted); e.mu is held.
// Answers show it once the visibility lag has passed.
func (e *Emulator) writeOutput(region string, o exporterOutput, deleted bool) {
	e.outputs.write(e, region, o.DestName, o, deleted)
}

// sortedOutputs returns the region's outputs by CreateTime, then name: as
// answers show them (asOf, the visibility lag applied), or as they are now
// (current).
func (e *Emulator) sortedOutputs(region string, current bool) []exporterOutput {
	return listed(e, &e.outputs, region, current, func(o exporterOutput) (int64, string) { return o.CreateTimeMS, o.DestName })
}

// positiveInt parses an optional paging parameter.
func positiveInt(v string, def int) (int, bool) {
	if v == "" {
		return def, true
	}
	n, err := strconv.Atoi(v)
	return n, err == nil && n >= 1
}

func describeExporterOutputList(e *Emulator, w http.ResponseWriter, r *http.Request, c *Call) {
	p, ok := e.page(w, r, c, paging{defaultSize: 10, strictDefault: true})
	if !ok {
		return
	}
	writePage(w, c, p, e.sortedOutputs(c.Region, false), e.outputAnswer)
}

// outputAnswer is one Datapoint. The answer carries no description or
// userId, and the destination type in upper case. The secret (as) only
// under -vendor-example-shapes: the vendor's published example echoes it.
func (e *Emulator) outputAnswer(o exporterOutput) map[string]any {
	cfg := map[string]any{"endpoint": e.answerEndpoint(o.Endpoint), "project": o.Project, "logstore": o.Logstore, "ak": o.AccessKeyID}
	if e.env.VendorExampleShapes() {
		cfg["as"] = o.AccessKeySecret
	}
	return map[string]any{
		"DestName":   o.DestName,
		"DestType":   e.answerDestType(o.DestType),
		"CreateTime": o.CreateTimeMS,
		"ConfigJson": cfg,
	}
}

// answerDestType is the destination type as answers carry it: upper case,
// or another case under -normalize.
func (e *Emulator) answerDestType(t string) string {
	if e.env.Normalizing() {
		return strings.ToUpper(t[:1]) + strings.ToLower(t[1:])
	}
	return strings.ToUpper(t)
}

// answerEndpoint is the SLS endpoint as answers carry it: as written, or
// under -normalize without a trailing slash and with the host in the other
// case (an equivalent address).
func (e *Emulator) answerEndpoint(ep string) string {
	if !e.env.Normalizing() {
		return ep
	}
	ep = strings.TrimRight(ep, "/")
	scheme, rest, ok := strings.Cut(ep, "://")
	if !ok {
		scheme, rest = "", ep
	}
	host, path, _ := strings.Cut(rest, "/")
	if strings.ToLower(host) == host {
		host = strings.ToUpper(host)
	} else {
		host = strings.ToLower(host)
	}
	out := host
	if path != "" {
		out += "/" + path
	}
	if ok {
		out = scheme + "://" + out
	}
	return out
}

func deleteExporterOutput(e *Emulator, w http.ResponseWriter, r *http.Request, c *Call) {
	e.deleteByName(w, r, c, "DestName", func(region, name string) bool { return e.outputs.remove(e, region, name) })
}

// exporterOutputPatch changes fields out of band; nil leaves a field alone.
type exporterOutputPatch struct {
	DestType        *string `json:"dest_type"`
	Desc            *string `json:"desc"`
	Endpoint        *string `json:"endpoint"`
	Project         *string `json:"project"`
	Logstore        *string `json:"logstore"`
	AccessKeyID     *string `json:"access_key_id"`
	AccessKeySecret *string `json:"access_key_secret"`
	UserID          *string `json:"user_id"`
}

func (p exporterOutputPatch) apply(o *exporterOutput) {
	for _, f := range []struct {
		src *string
		dst *string
	}{{p.DestType, &o.DestType}, {p.Desc, &o.Desc}, {p.Endpoint, &o.Endpoint}, {p.Project, &o.Project}, {p.Logstore, &o.Logstore},
		{p.AccessKeyID, &o.AccessKeyID}, {p.AccessKeySecret, &o.AccessKeySecret}, {p.UserID, &o.UserID}} {
		if f.src != nil {
			*f.dst = *f.src
		}
	}
}
