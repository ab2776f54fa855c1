package core

import (
	"context"
	"net/http"
)

// RequestNote is what the emulator learns about a request while serving
// it, for its request log: the vendor operation it reached.
type RequestNote struct {
	Operation string
}

type noteKey struct{}

// WithNote returns r carrying a fresh note, and the note.
func WithNote(r *http.Request) (*http.Request, *RequestNote) {
	n := &RequestNote{}
	return r.WithContext(context.WithValue(r.Context(), noteKey{}, n)), n
}

// noteOf is r's note, nil when the request carries none.
func noteOf(r *http.Request) *RequestNote {
	n, _ := r.Context().Value(noteKey{}).(*RequestNote)
	return n
}
