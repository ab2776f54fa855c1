package transport

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"net/url"
	"strings"
	"syscall"
)

// Classified is implemented by vendor errors so the transport can decide on retries.
type Classified interface {
	error
	// Throttled reports a rate-limit refusal: the request had no effect.
	Throttled() bool
	// Transient reports a server-side failure (5xx) whose effect is unknown.
	Transient() bool
}

// AmbiguousError wraps a failure after which a non-idempotent request may or
// may not have taken effect (connection lost after sending, 5xx).
type AmbiguousError struct {
	Action string
	Err    error
}

func (e *AmbiguousError) Error() string {
	return fmt.Sprintf("%s may or may not have taken effect: %v", e.Action, e.Err)
}

func (e *AmbiguousError) Unwrap() error { return e.Err }

// IsAmbiguous reports whether err says the call's effect is unknown.
func IsAmbiguous(err error) bool {
	var a *AmbiguousError
	return errors.As(err, &a)
}

// IsTransient reports whether err is a failure worth retrying later rather
// than an answer: throttling, a 5xx, or a network failure (connection
// refused or reset, a timeout, an answer cut short). A cancelled or expired
// context of the caller is not transient: the caller has given up.
func IsTransient(err error) bool {
	if err == nil || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return false
	}
	var c Classified
	if errors.As(err, &c) {
		return c.Throttled() || c.Transient()
	}
	if IsAmbiguous(err) {
		return true
	}
	var netErr net.Error
	var urlErr *url.Error
	return errors.As(err, &netErr) || errors.As(err, &urlErr) ||
		errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) ||
		errors.Is(err, syscall.ECONNREFUSED) || errors.Is(err, syscall.ECONNRESET)
}

// RetryAdvice is the next step a diagnostic gives for err when err is
// transient (throttling, a 5xx, a network failure that outlasted the
// retries), naming service; "" otherwise.
func RetryAdvice(err error, service string) string {
	if !IsTransient(err) {
		return ""
	}
	return service + " did not answer successfully, also on the provider's retries. This is usually temporary: " +
		"run the same command again later (or raise the provider's max_retries)."
}

// NotSent reports whether a client error happened before the request could
// reach the server (dial failures, refused connections, DNS failures, a TLS
// handshake that failed, e.g. https:// to a plain HTTP endpoint), which
// makes retrying safe even for non-idempotent calls and rules out an
// ambiguous write.
func NotSent(err error) bool {
	var opErr *net.OpError
	if errors.As(err, &opErr) && opErr.Op == "dial" {
		return true
	}
	var dnsErr *net.DNSError
	var recordErr tls.RecordHeaderError
	var verifyErr *tls.CertificateVerificationError
	var unknownCA x509.UnknownAuthorityError
	var hostErr x509.HostnameError
	var invalidCert x509.CertificateInvalidError
	return errors.As(err, &dnsErr) || errors.As(err, &recordErr) || errors.As(err, &verifyErr) ||
		errors.As(err, &unknownCA) || errors.As(err, &hostErr) || errors.As(err, &invalidCert) ||
		strings.Contains(err.Error(), "server gave HTTP response to HTTPS client")
}
