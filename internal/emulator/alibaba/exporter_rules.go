package alibaba

import (
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
)

// Export rules (PutExporterRule, DescribeExporterRuleList,
// DeleteExporterRule): a rule names a metric (Namespace, MetricName), the
// time windows to export (TargetWindows) and the exporter outputs to send
// them to (DstNames.N). What the vendor documents is enforced; what it does
// not is answered leniently, each choice written down here:
//
//   - RuleName is required (the 2020 reference marks it required and it is
//     the upsert key; the current page marks it optional, with no word on
//     what a nameless rule would be). Any non-empty name is accepted: the
//     vendor's own list example holds a name with CJK characters.
//   - Namespace, MetricName and TargetWindows: required in the 2020
//     reference, optional in the current one; accepted when missing.
//   - TargetWindows: seconds, comma-separated; a window under 60 s cannot be
//     exported (documented), so any item that is not an integer of at least
//     60 is refused with ParameterInvalid. Spaces around items are accepted.
//   - DstNames.N: N from 1 to 20 (documented), at least one name. Whether
//     the names must be existing exporter outputs is not documented: they
//     are accepted as given (a rule may name an output created later).
//   - Deleting an exporter output a rule names is not documented either:
//     the delete succeeds and the rule keeps the name in its DstName list.
//   - There is no enable or disable operation in the API (neither the
//     reference nor the SDKs have one); the list's Enabled is true for a
//     rule created through the API (assumed: the console starts exporting at
//     once), kept by a Put over an existing rule, and changed only out of
//     band (the admin API stands for the console).
//   - DescribeExporterRuleList: PageNumber default 1, PageSize default 1000
//     (the 2020 reference; the current page names no default); the item
//     shape is the SDK's (DstName.DstName[], Enabled a boolean, CreateTime
//     epoch ms). Under -vendor-example-shapes an item also carries the stray
//     "dstNames": "" of the vendor's published example.
//   - DeleteExporterRule of a missing name: 404 ResourceNotFound (the error
//     table of the current page), or whatever -alibaba-delete-missing picks.

// maxDstNames is the documented limit of DstNames.N.
const maxDstNames = 20

// defaultRulePageSize is DescribeExporterRuleList's documented default.
const defaultRulePageSize = 1000

// exporterRule is one stored rule; JSON tags are the /_emulator/state shape.
type exporterRule struct {
	Region        string   `json:"region,omitempty"`
	RuleName      string   `json:"rule_name"`
	Namespace     string   `json:"namespace"`
	MetricName    string   `json:"metric_name"`
	TargetWindows string   `json:"target_windows"`
	Describe      string   `json:"describe,omitempty"`
	DstNames      []string `json:"dst_names"`
	Enabled       bool     `json:"enabled"`
	CreateTimeMS  int64    `json:"create_time_ms"`
}

// validTargetWindows reports whether s is a comma-separated list of
// integers of at least 60 (seconds); empty is accepted (optional).
func validTargetWindows(s string) bool {
	if strings.TrimSpace(s) == "" {
		return true
	}
	for _, item := range strings.Split(s, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(item))
		if err != nil || n < 60 {
			return false
		}
	}
	return true
}

// dstNames reads DstNames.N (N from 1 to 20, in N order; gaps accepted).
func dstNames(params url.Values) ([]string, bool) {
	byN := map[int]string{}
	for k, vs := range params {
		rest, ok := strings.CutPrefix(k, "DstNames.")
		if !ok {
			continue
		}
		n, err := strconv.Atoi(rest)
		if err != nil || n < 1 || n > maxDstNames || len(vs) != 1 || strings.TrimSpace(vs[0]) == "" {
			return nil, false
		}
		byN[n] = vs[0]
	}
	ns := make([]int, 0, len(byN))
	for n := range byN {
		ns = append(ns, n)
	}
	sort.Ints(ns)
	out := make([]string, 0, len(ns))
	for _, n := range ns {
		out = append(out, byN[n])
	}
	return out, true
}

func putExporterRule(e *Emulator, w http.ResponseWriter, r *http.Request, c *Call) {
	name := c.Params.Get("RuleName")
	if name == "" {
		missing(w, r, "RuleName")
		return
	}
	dst, ok := dstNames(c.Params)
	if !ok {
		illegal(w, r)
		return
	}
	if len(dst) == 0 {
		missing(w, r, "DstNames")
		return
	}
	windows := c.Params.Get("TargetWindows")
	if !validTargetWindows(windows) {
		illegal(w, r)
		return
	}
	rule := exporterRule{
		RuleName: name, Namespace: c.Params.Get("Namespace"), MetricName: c.Params.Get("MetricName"),
		TargetWindows: windows, Describe: c.Params.Get("Describe"), DstNames: dst,
		Enabled: true, CreateTimeMS: e.env.Now().UnixMilli(),
	}
	e.mu.Lock()
	if old, exists := e.rules.current(c.Region, name); exists {
		rule.CreateTimeMS, rule.Enabled = old.CreateTimeMS, old.Enabled // an update keeps both
	}
	e.writeRule(c.Region, rule, false)
	e.mu.Unlock()
	WriteSuccess(w, c, map[string]any{"Code": "200", "Success": true, "Message": "success"})
}

// writeRule records a write of rule (a deletion when deleted); e.mu is
// held. Answers show it once the visibility lag has passed.
func (e *Emulator) writeRule(region string, rule exporterRule, deleted bool) {
	e.rules.write(e, region, rule.RuleName, rule, deleted)
}

// sortedRules returns the region's rules by CreateTime, then name: as
// answers show them (the visibility lag applied), or as they are now.
func (e *Emulator) sortedRules(region string, current bool) []exporterRule {
	return listed(e, &e.rules, region, current, func(r exporterRule) (int64, string) { return r.CreateTimeMS, r.RuleName })
}

func describeExporterRuleList(e *Emulator, w http.ResponseWriter, r *http.Request, c *Call) {
	p, ok := e.page(w, r, c, paging{defaultSize: defaultRulePageSize})
	if !ok {
		return
	}
	writePage(w, c, p, e.sortedRules(c.Region, false), e.ruleAnswer)
}

// ruleAnswer is one Datapoint. Under -normalize the windows come back
// sorted with a space after each comma, and the destinations sorted: the
// same rule in another spelling.
func (e *Emulator) ruleAnswer(rule exporterRule) map[string]any {
	windows, dst := rule.TargetWindows, append([]string{}, rule.DstNames...)
	if e.env.Normalizing() {
		windows, dst = normalizedWindows(windows), sortedCopy(dst)
	}
	p := map[string]any{
		"RuleName":      rule.RuleName,
		"Namespace":     rule.Namespace,
		"MetricName":    rule.MetricName,
		"TargetWindows": windows,
		"Describe":      rule.Describe,
		"Dimension":     "",
		"DstName":       map[string]any{"DstName": dst},
		"Enabled":       rule.Enabled,
		"CreateTime":    rule.CreateTimeMS,
	}
	if e.env.VendorExampleShapes() {
		p["dstNames"] = ""
	}
	return p
}

func normalizedWindows(s string) string {
	var ns []int
	for _, item := range strings.Split(s, ",") {
		if n, err := strconv.Atoi(strings.TrimSpace(item)); err == nil {
			ns = append(ns, n)
		}
	}
	sort.Ints(ns)
	parts := make([]string, len(ns))
	for i, n := range ns {
		parts[i] = strconv.Itoa(n)
	}
	return strings.Join(parts, ", ")
}

func sortedCopy(s []string) []string {
	out := append([]string{}, s...)
	sort.Strings(out)
	return out
}

func deleteExporterRule(e *Emulator, w http.ResponseWriter, r *http.Request, c *Call) {
	e.deleteByName(w, r, c, "RuleName", func(region, name string) bool { return e.rules.remove(e, region, name) })
}

// exporterRulePatch changes fields out of band; nil leaves a field alone.
type exporterRulePatch struct {
	Namespace     *string   `json:"namespace"`
	MetricName    *string   `json:"metric_name"`
	TargetWindows *string   `json:"target_windows"`
	Describe      *string   `json:"describe"`
	DstNames      *[]string `json:"dst_names"`
	Enabled       *bool     `json:"enabled"`
}

func (p exporterRulePatch) apply(rule *exporterRule) {
	for _, f := range []struct{ src, dst *string }{
		{p.Namespace, &rule.Namespace}, {p.MetricName, &rule.MetricName},
		{p.TargetWindows, &rule.TargetWindows}, {p.Describe, &rule.Describe},
	} {
		if f.src != nil {
			*f.dst = *f.src
		}
	}
	if p.DstNames != nil {
		rule.DstNames = append([]string{}, (*p.DstNames)...)
	}
	if p.Enabled != nil {
		rule.Enabled = *p.Enabled
	}
}
