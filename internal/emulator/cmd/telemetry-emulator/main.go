// Command telemetry-emulator serves the emulated Alibaba CloudMonitor, Tencent
// CLS and Huawei CloudDC APIs on one loopback port, for the demo, the tests
// and module authors who want to run Terraform offline.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/hashicorp/go-hclog"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/emulator"
)

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "telemetry-emulator:", err)
		os.Exit(1)
	}
}

func run(args []string) error {
	fs := flag.NewFlagSet("telemetry-emulator", flag.ContinueOnError)
	listen := fs.String("listen", "127.0.0.1:8787", "address to listen on; 127.0.0.1:0 picks a free port")
	opts := emulator.DefaultOptions()
	opts.RegisterFlags(fs)
	logLevel := fs.String("log-level", "info", "request log level: trace, debug, info (one line per request), warn (failed requests only), error, off")
	logJSON := fs.Bool("log-json", false, "write the request log (on stderr) as JSON lines")
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Usage: telemetry-emulator [flags]\n\n"+
			"Serves the Alibaba CloudMonitor, Tencent CLS and Huawei CloudDC APIs that\n"+
			"terraform-provider-telemetry uses, plus an admin API under /_emulator/\n"+
			"(stats, state, faults, modes, reset). The first line on stdout is\n"+
			"\"telemetry-emulator listening on http://HOST:PORT\".\n\nFlags:\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return err
	}
	if err := opts.Modes.Validate(); err != nil {
		return err
	}
	if err := opts.Huawei.Validate(); err != nil {
		return err
	}
	level := hclog.LevelFromString(*logLevel)
	if level == hclog.NoLevel {
		return fmt.Errorf("-log-level %q: want trace, debug, info, warn, error or off", *logLevel)
	}
	opts.Logger = hclog.New(&hclog.LoggerOptions{Name: "telemetry-emulator", Level: level, JSONFormat: *logJSON, Output: os.Stderr})
	srv, err := emulator.NewFromOptions(opts)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", *listen)
	if err != nil {
		return fmt.Errorf("listening on %s: %w", *listen, err)
	}
	fmt.Printf("telemetry-emulator listening on http://%s\n", ln.Addr())
	httpSrv := &http.Server{Handler: srv, ReadHeaderTimeout: 10 * time.Second}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	errc := make(chan error, 1)
	go func() { errc <- httpSrv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := httpSrv.Shutdown(shutdownCtx); err != nil {
		return err
	}
	return srv.Close()
}
