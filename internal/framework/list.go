// Package framework holds the pieces that several service packages build
// their terraform-plugin-framework types from, so that one behaviour is
// written once: the list resource of `terraform query` (ListResource).
package framework

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/conns"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/desc"
)

// ListSpec is what one list resource adds to the shared ListResource:
// its config, how it reaches its vendor, how it walks the remote objects
// and how one of them becomes a result. C is the config model (what
// req.Config.Get fills), K the vendor client and T one listed object.
type ListSpec[C, K, T any] struct {
	// TypeName follows the provider's type name, e.g. "_cms_exporter_output".
	TypeName string
	// Schema is the config schema; ListResource applies desc.Split to it.
	Schema func() schema.Schema
	// Client is the vendor client for cfg (the list's client() method),
	// or nil with a diagnostic.
	Client func(clients *conns.Clients, cfg C, diags *diag.Diagnostics) *K
	// Each calls visit with every object cfg selects, in the API's order,
	// until visit returns false (then it reads no further page). Its
	// error is the listing's.
	Each func(ctx context.Context, client *K, cfg C, visit func(T) bool) error
	// Result is one object's result: identity, display name and, when
	// req.IncludeResource, the resource as Read fills it after an import.
	Result func(ctx context.Context, req list.ListRequest, client *K, item T) list.ListResult
	// Failed is the diagnostic (summary, detail) of a listing error.
	Failed func(client *K, cfg C, err error) (summary, detail string)
}

// ListResource is a list.ListResource built from a ListSpec: it reads the
// config, gets the client, streams one result per object and stops at
// req.Limit without reading a page past it.
type ListResource[C, K, T any] struct {
	spec    ListSpec[C, K, T]
	clients *conns.Clients
}

var (
	_ list.ListResource              = (*ListResource[struct{}, struct{}, struct{}])(nil)
	_ list.ListResourceWithConfigure = (*ListResource[struct{}, struct{}, struct{}])(nil)
)

// NewListResource returns the list resource spec describes.
func NewListResource[C, K, T any](spec ListSpec[C, K, T]) *ListResource[C, K, T] {
	return &ListResource[C, K, T]{spec: spec}
}

// Metadata names the list resource after the resource it lists.
func (l *ListResource[C, K, T]) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + l.spec.TypeName
}

// ListResourceConfigSchema is the spec's schema, its descriptions split.
func (l *ListResource[C, K, T]) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = l.spec.Schema()
	desc.Split(&resp.Schema)
}

// Configure keeps the provider's clients.
func (l *ListResource[C, K, T]) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	c, diags := conns.FromProviderData(req.ProviderData)
	resp.Diagnostics.Append(diags...)
	l.clients = c
}

// List streams the results. A config or client problem is the only
// result; a listing error comes after the results already sent.
func (l *ListResource[C, K, T]) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	var cfg C
	var diags diag.Diagnostics
	diags.Append(req.Config.Get(ctx, &cfg)...)
	if diags.HasError() {
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return
	}
	client := l.spec.Client(l.clients, cfg, &diags)
	if client == nil {
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return
	}
	stream.Results = func(push func(list.ListResult) bool) {
		var sent int64
		more := true
		err := l.spec.Each(ctx, client, cfg, func(item T) bool {
			sent++
			more = push(l.spec.Result(ctx, req, client, item))
			// Stop once the limit is met: no page past it is read.
			return more && (req.Limit <= 0 || sent < req.Limit)
		})
		if err != nil && more {
			summary, detail := l.spec.Failed(client, cfg, err)
			diags.AddError(summary, detail)
			push(list.ListResult{Diagnostics: diags})
		}
	}
}

// NewListResult is one listed object's result: its display name, its
// identity and, when req.IncludeResource, the resource (a model as Read
// fills it after an import).
func NewListResult(ctx context.Context, req list.ListRequest, display string, identity, model any) list.ListResult {
	result := req.NewListResult(ctx)
	result.DisplayName = display
	result.Diagnostics.Append(result.Identity.Set(ctx, identity)...)
	if req.IncludeResource {
		result.Diagnostics.Append(result.Resource.Set(ctx, model)...)
	}
	return result
}
