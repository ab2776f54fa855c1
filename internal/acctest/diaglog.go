package acctest

import (
	"context"
	"sync"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
)

// DiagLog records the diagnostics the provider returns while the real CLI
// drives it, so that a test can assert a warning (plugin-testing only
// surfaces errors): those of ApplyResourceChange, and separately those of
// PlanResourceChange and ReadResource (a plan's refresh).
type DiagLog struct {
	mu        sync.Mutex
	diags     []*tfprotov6.Diagnostic
	planDiags []*tfprotov6.Diagnostic
}

// Factories are ProtoV6ProviderFactories whose provider records into l.
func (l *DiagLog) Factories() map[string]func() (tfprotov6.ProviderServer, error) {
	return map[string]func() (tfprotov6.ProviderServer, error){
		"telemetry": func() (tfprotov6.ProviderServer, error) {
			s, err := ProtoV6ProviderFactories["telemetry"]()
			if err != nil {
				return nil, err
			}
			return &recordingServer{ProviderServer: s, log: l}, nil
		},
	}
}

// Take returns the apply diagnostics recorded so far and forgets them.
func (l *DiagLog) Take() []*tfprotov6.Diagnostic {
	l.mu.Lock()
	defer l.mu.Unlock()
	d := l.diags
	l.diags = nil
	return d
}

// TakePlan returns the plan and refresh diagnostics recorded so far and
// forgets them.
func (l *DiagLog) TakePlan() []*tfprotov6.Diagnostic {
	l.mu.Lock()
	defer l.mu.Unlock()
	d := l.planDiags
	l.planDiags = nil
	return d
}

func (l *DiagLog) add(to *[]*tfprotov6.Diagnostic, d []*tfprotov6.Diagnostic) {
	l.mu.Lock()
	*to = append(*to, d...)
	l.mu.Unlock()
}

type recordingServer struct {
	tfprotov6.ProviderServer
	log *DiagLog
}

func (s *recordingServer) ApplyResourceChange(ctx context.Context, req *tfprotov6.ApplyResourceChangeRequest) (*tfprotov6.ApplyResourceChangeResponse, error) {
	resp, err := s.ProviderServer.ApplyResourceChange(ctx, req)
	if resp != nil {
		s.log.add(&s.log.diags, resp.Diagnostics)
	}
	return resp, err
}

func (s *recordingServer) PlanResourceChange(ctx context.Context, req *tfprotov6.PlanResourceChangeRequest) (*tfprotov6.PlanResourceChangeResponse, error) {
	resp, err := s.ProviderServer.PlanResourceChange(ctx, req)
	if resp != nil {
		s.log.add(&s.log.planDiags, resp.Diagnostics)
	}
	return resp, err
}

func (s *recordingServer) ReadResource(ctx context.Context, req *tfprotov6.ReadResourceRequest) (*tfprotov6.ReadResourceResponse, error) {
	resp, err := s.ProviderServer.ReadResource(ctx, req)
	if resp != nil {
		s.log.add(&s.log.planDiags, resp.Diagnostics)
	}
	return resp, err
}
