package alicloud

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// MaxExporterRulePageSize is the largest PageSize the client asks
// DescribeExporterRuleList for.
const MaxExporterRulePageSize = 100

// MaxExporterRuleDestinations is the documented limit of DstNames.N.
const MaxExporterRuleDestinations = 20

// PutExporterRuleInput creates or replaces the export rule RuleName.
type PutExporterRuleInput struct {
	RuleName   string
	Namespace  string
	MetricName string
	// TargetWindows are the windows to export, in seconds (sent
	// comma-separated; the API refuses a window under 60).
	TargetWindows []int64
	Describe      string
	// DstNames are the exporter outputs to send to (1 to 20).
	DstNames []string
}

// PutExporterRule creates the export rule or replaces it: the API is an
// upsert keyed by RuleName. It returns the request id.
func (c *Client) PutExporterRule(ctx context.Context, in PutExporterRuleInput) (string, error) {
	defer c.rules.Invalidate(c.cfg.Region)
	params := map[string]string{"RuleName": in.RuleName}
	for k, v := range map[string]string{"Namespace": in.Namespace, "MetricName": in.MetricName, "Describe": in.Describe, "TargetWindows": JoinWindows(in.TargetWindows)} {
		if v != "" {
			params[k] = v
		}
	}
	for i, d := range in.DstNames {
		params["DstNames."+strconv.Itoa(i+1)] = d
	}
	// An upsert with the same input has the same effect twice: safe to retry.
	return c.rpc(ctx, rpcRequest{Action: "PutExporterRule", Params: params, Idempotent: true}, nil)
}

// JoinWindows is TargetWindows as the API takes it: "60,300".
func JoinWindows(ws []int64) string {
	parts := make([]string, len(ws))
	for i, w := range ws {
		parts[i] = strconv.FormatInt(w, 10)
	}
	return strings.Join(parts, ",")
}

// ParseWindows reads TargetWindows as the API answers it ("60,300", with
// or without spaces); an item that is no integer is skipped.
func ParseWindows(s string) []int64 {
	var out []int64
	for _, item := range strings.Split(s, ",") {
		if n, err := strconv.ParseInt(strings.TrimSpace(item), 10, 64); err == nil {
			out = append(out, n)
		}
	}
	return out
}

// ExporterRule is one export rule as DescribeExporterRuleList shows it.
type ExporterRule struct {
	RuleName      string
	Namespace     string
	MetricName    string
	TargetWindows []int64
	Describe      string
	Dimension     string
	DstNames      []string
	// Enabled is whether the rule exports; the API has no operation to
	// change it (the console has a switch).
	Enabled    bool
	CreateTime time.Time
}

// DescribeExporterRuleListInput selects one page; zero values mean the API
// defaults.
type DescribeExporterRuleListInput struct {
	PageNumber int
	PageSize   int
}

// DescribeExporterRuleListOutput is one page.
type DescribeExporterRuleListOutput struct {
	RequestID  string
	PageNumber int
	Total      int
	Rules      []ExporterRule
}

type ruleListResponse struct {
	PageNumber flexString `json:"PageNumber"`
	Total      flexString `json:"Total"`
	Datapoints *struct {
		Datapoint []struct {
			RuleName      string     `json:"RuleName"`
			Namespace     string     `json:"Namespace"`
			MetricName    string     `json:"MetricName"`
			TargetWindows flexString `json:"TargetWindows"`
			Describe      string     `json:"Describe"`
			Dimension     string     `json:"Dimension"`
			Enabled       flexString `json:"Enabled"`
			CreateTime    flexString `json:"CreateTime"`
			DstName       *struct {
				DstName []string `json:"DstName"`
			} `json:"DstName"`
		} `json:"Datapoint"`
	} `json:"Datapoints"`
}

// DescribeExporterRuleList returns one page of the region's export rules.
func (c *Client) DescribeExporterRuleList(ctx context.Context, in DescribeExporterRuleListInput) (DescribeExporterRuleListOutput, error) {
	params := map[string]string{}
	if in.PageNumber > 0 {
		params["PageNumber"] = strconv.Itoa(in.PageNumber)
	}
	if in.PageSize > 0 {
		params["PageSize"] = strconv.Itoa(in.PageSize)
	}
	var resp ruleListResponse
	id, err := c.rpc(ctx, rpcRequest{Action: "DescribeExporterRuleList", Params: params, Idempotent: true}, &resp)
	if err != nil {
		return DescribeExporterRuleListOutput{}, err
	}
	out := DescribeExporterRuleListOutput{RequestID: id, PageNumber: atoiOr(resp.PageNumber, in.PageNumber), Total: atoiOr(resp.Total, 0)}
	if resp.Datapoints == nil {
		return out, nil
	}
	for _, d := range resp.Datapoints.Datapoint {
		rule := ExporterRule{
			RuleName: d.RuleName, Namespace: d.Namespace, MetricName: d.MetricName, TargetWindows: ParseWindows(string(d.TargetWindows)),
			Describe: d.Describe, Dimension: d.Dimension, Enabled: strings.EqualFold(string(d.Enabled), "true"),
		}
		if d.DstName != nil {
			rule.DstNames = d.DstName.DstName
		}
		if ms, err := strconv.ParseInt(string(d.CreateTime), 10, 64); err == nil && ms > 0 {
			rule.CreateTime = time.UnixMilli(ms).UTC()
		}
		out.Rules = append(out.Rules, rule)
	}
	return out, nil
}

// DeleteExporterRule deletes the export rule name. A missing name is
// reported as an error that IsNotFound recognises.
func (c *Client) DeleteExporterRule(ctx context.Context, name string) (string, error) {
	defer c.rules.Invalidate(c.cfg.Region)
	return c.rpc(ctx, rpcRequest{Action: "DeleteExporterRule", Params: map[string]string{"RuleName": name}, Idempotent: true}, nil)
}

// FindExporterRule pages the region's export rules until it sees name (the
// list has no name filter); found is false only after the whole list was
// read. Pages are shared with the other lookups through this client, as
// FindExporterOutput's are.
func (c *Client) FindExporterRule(ctx context.Context, name string, opts FindOptions) (ExporterRule, bool, error) {
	match := func(r ExporterRule) bool { return r.RuleName == name }
	if opts.Fresh {
		return c.rules.FindFresh(ctx, c.cfg.Region, match, c.ExporterRulePager)
	}
	return c.rules.Find(ctx, c.cfg.Region, match, c.ExporterRulePager)
}

// ExporterRules returns every export rule of the region, from the shared
// pages, one per name.
func (c *Client) ExporterRules(ctx context.Context) ([]ExporterRule, error) {
	all, err := c.rules.All(ctx, c.cfg.Region, c.ExporterRulePager)
	if err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	out := all[:0:0]
	for _, r := range all {
		if !seen[r.RuleName] {
			seen[r.RuleName] = true
			out = append(out, r)
		}
	}
	return out, nil
}

// ExporterRulePager is the one pager of DescribeExporterRuleList (a
// listcache.Pager), with ExporterOutputPager's page rules: the page after
// those read so far, at the client's page size (withPageSize); complete
// when the reported total is covered or a page is empty, never at a short
// page. FindExporterRule and ExporterRules share its pages; a caller that
// must not share pages drives it directly.
func (c *Client) ExporterRulePager(ctx context.Context, pages, items int) ([]ExporterRule, bool, error) {
	if pages >= 10000 {
		return nil, false, fmt.Errorf("listing export rules of %s: more than %d pages", c.cfg.Region, pages)
	}
	number := pages + 1
	var out DescribeExporterRuleListOutput
	err := c.withPageSize(ctx, "DescribeExporterRuleList", MaxExporterRulePageSize, number, func(size int) error {
		var err error
		out, err = c.DescribeExporterRuleList(ctx, DescribeExporterRuleListInput{PageNumber: number, PageSize: size})
		return err
	})
	if err != nil {
		return nil, false, fmt.Errorf("listing export rules of %s, page %d: %w", c.cfg.Region, number, err)
	}
	return out.Rules, len(out.Rules) == 0 || items+len(out.Rules) >= out.Total, nil
}
