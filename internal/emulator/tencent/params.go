package tencent

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
)

// params is a decoded JSON object body with the vendor's validation errors.
type params struct {
	raw map[string]json.RawMessage
}

// parseParams decodes a JSON object body whose keys are all allowed; else
// it returns the vendor's error code and message.
func parseParams(body []byte, allowed ...string) (*params, string, string) {
	trimmed := bytes.TrimSpace(body)
	if len(trimmed) == 0 || trimmed[0] != '{' {
		return nil, "InvalidParameter", "the request body must be a JSON object"
	}
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(trimmed, &raw); err != nil {
		return nil, "InvalidParameter", "the request body is not valid JSON"
	}
	keys := make([]string, 0, len(raw))
	for k := range raw {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if !contains(allowed, k) {
			return nil, "UnknownParameter", fmt.Sprintf("the parameter %s is not defined for this action", k)
		}
	}
	return &params{raw: raw}, "", ""
}

// has reports whether k is given and not null.
func (p *params) has(k string) bool {
	v, ok := p.raw[k]
	return ok && string(v) != "null"
}

// str reads k as a string; int, uint as integers: each with the vendor's
// error code and message when k has another type.
func (p *params) str(k string) (string, string, string) {
	var s string
	if err := json.Unmarshal(p.raw[k], &s); err != nil {
		return "", "InvalidParameter", fmt.Sprintf("%s must be a string", k)
	}
	return s, "", ""
}

func (p *params) int(k string) (int64, string, string) {
	n, err := strconv.ParseInt(string(bytes.TrimSpace(p.raw[k])), 10, 64)
	if err != nil {
		return 0, "InvalidParameter", fmt.Sprintf("%s must be an integer", k)
	}
	return n, "", ""
}

func (p *params) uint(k string) (uint64, string, string) {
	n, err := strconv.ParseUint(string(bytes.TrimSpace(p.raw[k])), 10, 64)
	if err != nil {
		return 0, "InvalidParameter", fmt.Sprintf("%s must be a non-negative integer", k)
	}
	return n, "", ""
}
