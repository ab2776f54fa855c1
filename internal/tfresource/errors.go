// Package tfresource holds lifecycle helpers shared by the service packages:
// the not-found error finders return and the poller that waits for async
// exports.
package tfresource

import (
	"errors"
	"fmt"
)

// NotFoundError says an object does not exist (any more).
type NotFoundError struct {
	// What names the object, e.g. `CLS export "topic:export"`.
	What string
	// Err is the vendor error that said so, if any.
	Err error
}

func (e *NotFoundError) Error() string {
	if e.Err != nil {
		return fmt.Sprintf("%s not found: %v", e.What, e.Err)
	}
	return e.What + " not found"
}

func (e *NotFoundError) Unwrap() error { return e.Err }

// NotFound reports whether err is (or wraps) a NotFoundError.
func NotFound(err error) bool {
	var nf *NotFoundError
	return errors.As(err, &nf)
}
