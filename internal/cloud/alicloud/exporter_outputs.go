package alicloud

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"time"
)

// MaxExporterOutputPageSize is the largest PageSize the client asks
// DescribeExporterOutputList for.
const MaxExporterOutputPageSize = 100

// ExporterOutputConfig is the SLS destination serialised into ConfigJson.
type ExporterOutputConfig struct {
	Endpoint        string
	Project         string
	Logstore        string
	AccessKeyID     string
	AccessKeySecret string
	UserID          string
}

// configJSON keeps the key order the vendor documents (endpoint, project,
// logstore, ak, as, userId).
type configJSON struct {
	Endpoint string `json:"endpoint"`
	Project  string `json:"project"`
	Logstore string `json:"logstore"`
	AK       string `json:"ak"`
	AS       string `json:"as"`
	UserID   string `json:"userId,omitempty"`
}

// PutExporterOutputInput creates or replaces the exporter output DestName.
type PutExporterOutputInput struct {
	DestName string
	// DestType is the destination service; the API only supports sls.
	DestType string
	Desc     string
	Config   ExporterOutputConfig
}

// PutExporterOutput creates the exporter output or replaces it: the API is
// an upsert keyed by DestName. It returns the request id.
func (c *Client) PutExporterOutput(ctx context.Context, in PutExporterOutputInput) (string, error) {
	defer c.outputs.Invalidate(c.cfg.Region) // whatever happened, shared pages may be out of date
	cfg, err := json.Marshal(configJSON{
		Endpoint: in.Config.Endpoint, Project: in.Config.Project, Logstore: in.Config.Logstore,
		AK: in.Config.AccessKeyID, AS: in.Config.AccessKeySecret, UserID: in.Config.UserID,
	})
	if err != nil {
		return "", fmt.Errorf("encoding ConfigJson of exporter output %s: %w", in.DestName, err)
	}
	params := map[string]string{"DestName": in.DestName, "ConfigJson": string(cfg)}
	if in.DestType != "" {
		params["DestType"] = in.DestType
	}
	if in.Desc != "" {
		params["Desc"] = in.Desc
	}
	// An upsert with the same input has the same effect twice: safe to retry.
	return c.rpc(ctx, rpcRequest{Action: "PutExporterOutput", Params: params, Idempotent: true, Secrets: []string{in.Config.AccessKeySecret, string(cfg)}}, nil)
}

// ExporterOutput is one exporter output as DescribeExporterOutputList shows
// it. The API never returns the AccessKey secret, the description or the
// user id.
type ExporterOutput struct {
	DestName    string
	DestType    string
	CreateTime  time.Time
	Endpoint    string
	Project     string
	Logstore    string
	AccessKeyID string
}

// DescribeExporterOutputListInput selects one page; zero values mean the
// API defaults (page 1, 10 per page).
type DescribeExporterOutputListInput struct {
	PageNumber int
	PageSize   int
}

// DescribeExporterOutputListOutput is one page.
type DescribeExporterOutputListOutput struct {
	RequestID  string
	PageNumber int
	Total      int
	Outputs    []ExporterOutput
}

type listResponse struct {
	PageNumber flexString `json:"PageNumber"`
	Total      flexString `json:"Total"`
	Datapoints *struct {
		Datapoint []struct {
			DestName   string     `json:"DestName"`
			DestType   string     `json:"DestType"`
			CreateTime flexString `json:"CreateTime"`
			ConfigJSON struct {
				Endpoint string `json:"endpoint"`
				Project  string `json:"project"`
				Logstore string `json:"logstore"`
				AK       string `json:"ak"`
			} `json:"ConfigJson"`
		} `json:"Datapoint"`
	} `json:"Datapoints"`
}

func atoiOr(s flexString, def int) int {
	n, err := strconv.Atoi(string(s))
	if err != nil {
		return def
	}
	return n
}

// DescribeExporterOutputList returns one page of the region's exporter outputs.
func (c *Client) DescribeExporterOutputList(ctx context.Context, in DescribeExporterOutputListInput) (DescribeExporterOutputListOutput, error) {
	params := map[string]string{}
	if in.PageNumber > 0 {
		params["PageNumber"] = strconv.Itoa(in.PageNumber)
	}
	if in.PageSize > 0 {
		params["PageSize"] = strconv.Itoa(in.PageSize)
	}
	var resp listResponse
	id, err := c.rpc(ctx, rpcRequest{Action: "DescribeExporterOutputList", Params: params, Idempotent: true}, &resp)
	if err != nil {
		return DescribeExporterOutputListOutput{}, err
	}
	out := DescribeExporterOutputListOutput{RequestID: id, PageNumber: atoiOr(resp.PageNumber, in.PageNumber), Total: atoiOr(resp.Total, 0)}
	if resp.Datapoints == nil {
		return out, nil
	}
	for _, d := range resp.Datapoints.Datapoint {
		o := ExporterOutput{
			DestName: d.DestName, DestType: d.DestType,
			Endpoint: d.ConfigJSON.Endpoint, Project: d.ConfigJSON.Project, Logstore: d.ConfigJSON.Logstore, AccessKeyID: d.ConfigJSON.AK,
		}
		if ms, err := strconv.ParseInt(string(d.CreateTime), 10, 64); err == nil && ms > 0 {
			o.CreateTime = time.UnixMilli(ms).UTC()
		}
		out.Outputs = append(out.Outputs, o)
	}
	return out, nil
}

// DeleteExporterOutput deletes the exporter output name. A missing name is
// reported as an error that IsNotFound recognises.
func (c *Client) DeleteExporterOutput(ctx context.Context, name string) (string, error) {
	defer c.outputs.Invalidate(c.cfg.Region)
	return c.rpc(ctx, rpcRequest{Action: "DeleteExporterOutput", Params: map[string]string{"DestName": name}, Idempotent: true}, nil)
}

// FindOptions tune FindExporterOutput.
type FindOptions struct {
	// Fresh answers only from a list whose first page was requested after
	// the lookup began (before a create, where a stale answer could mean
	// overwriting someone's output, and for the read-back after a write).
	// Concurrent fresh lookups share such a list.
	Fresh bool
}

// FindExporterOutput pages the region's exporter outputs until it sees name
// (DescribeExporterOutputList has no name filter). found is false only
// after the whole list was read. Pages are shared with the other lookups
// through this client (listcache): refreshing N outputs costs about one
// paged list, and a miss in shared pages is confirmed by fresh ones.
func (c *Client) FindExporterOutput(ctx context.Context, name string, opts FindOptions) (ExporterOutput, bool, error) {
	match := func(o ExporterOutput) bool { return o.DestName == name }
	if opts.Fresh {
		return c.outputs.FindFresh(ctx, c.cfg.Region, match, c.ExporterOutputPager)
	}
	return c.outputs.Find(ctx, c.cfg.Region, match, c.ExporterOutputPager)
}

// ExporterOutputs returns every exporter output of the region, from the
// shared pages (one per name: an output created while paging can shift
// another into the next page).
func (c *Client) ExporterOutputs(ctx context.Context) ([]ExporterOutput, error) {
	all, err := c.outputs.All(ctx, c.cfg.Region, c.ExporterOutputPager)
	if err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	out := all[:0:0]
	for _, o := range all {
		if !seen[o.DestName] {
			seen[o.DestName] = true
			out = append(out, o)
		}
	}
	return out, nil
}

// ExporterOutputPager is the one pager of DescribeExporterOutputList (a
// listcache.Pager): it reads the page after the pages read so far (holding
// items outputs) at the client's page size (withPageSize) and reports the
// list complete when the reported total is covered or the page is empty. A
// short page is not the end: a server may serve fewer items per page than
// asked. FindExporterOutput and ExporterOutputs share its pages through the
// client's cache; a caller that must not share pages (a test counting
// calls) drives it directly.
func (c *Client) ExporterOutputPager(ctx context.Context, pages, items int) ([]ExporterOutput, bool, error) {
	if pages >= 10000 {
		return nil, false, fmt.Errorf("listing exporter outputs of %s: more than %d pages", c.cfg.Region, pages)
	}
	out, err := c.outputPage(ctx, pages+1)
	if err != nil {
		return nil, false, fmt.Errorf("listing exporter outputs of %s, page %d: %w", c.cfg.Region, pages+1, err)
	}
	return out.Outputs, len(out.Outputs) == 0 || items+len(out.Outputs) >= out.Total, nil
}

// outputPage is page number of the region's exporter outputs at the
// client's page size (withPageSize).
func (c *Client) outputPage(ctx context.Context, number int) (DescribeExporterOutputListOutput, error) {
	var out DescribeExporterOutputListOutput
	err := c.withPageSize(ctx, "DescribeExporterOutputList", MaxExporterOutputPageSize, number, func(size int) error {
		var err error
		out, err = c.DescribeExporterOutputList(ctx, DescribeExporterOutputListInput{PageNumber: number, PageSize: size})
		return err
	})
	return out, err
}
