package download

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/download/downloadtest"
)

// The digest, size and head are those of the whole stream whatever the
// sizes the reader hands the data over in.
func TestCopyHashedMatchesPlainSHA256(t *testing.T) {
	for _, n := range []int{0, 1, BufferSize - 1, BufferSize, BufferSize + 1, pipelineDepth * BufferSize, 3*pipelineDepth*BufferSize + 12345} {
		data := downloadtest.GzipLike(max(n, 2))[:n]
		readers := map[string]io.Reader{
			"whole":       bytes.NewReader(data),
			"one byte":    iotest.OneByteReader(bytes.NewReader(data)),
			"halves":      iotest.HalfReader(bytes.NewReader(data)),
			"data EOF":    iotest.DataErrReader(bytes.NewReader(data)),
			"empty reads": &emptyReads{r: bytes.NewReader(data), every: 3},
		}
		for name, r := range readers {
			if n > 2*BufferSize && name == "one byte" {
				continue // slow and adds nothing over the smaller sizes
			}
			var out bytes.Buffer
			got, sum, head, err := copyHashed(context.Background(), &out, r, 2)
			want := sha256.Sum256(data)
			switch {
			case err != nil:
				t.Errorf("%d bytes, %s: %v", n, name, err)
			case got != int64(n) || !bytes.Equal(out.Bytes(), data):
				t.Errorf("%d bytes, %s: copied %d bytes (%d in the writer)", n, name, got, out.Len())
			case !bytes.Equal(sum, want[:]):
				t.Errorf("%d bytes, %s: digest %x, want %x", n, name, sum, want)
			case !bytes.Equal(head, data[:min(2, n)]):
				t.Errorf("%d bytes, %s: head %x", n, name, head)
			}
		}
	}
}

// emptyReads returns (0, nil) before every few real reads.
type emptyReads struct {
	r     io.Reader
	every int
	i     int
}

func (e *emptyReads) Read(p []byte) (int, error) {
	if e.i++; e.i%e.every == 0 {
		return 0, nil
	}
	return e.r.Read(p)
}

// A reader that never makes progress is an error, not a hang.
func TestCopyHashedNoProgress(t *testing.T) {
	_, _, _, err := copyHashed(context.Background(), io.Discard, &emptyReads{r: strings.NewReader("x"), every: 1}, 0)
	if !errors.Is(err, io.ErrNoProgress) {
		t.Fatalf("error %v, want io.ErrNoProgress", err)
	}
}

// failingWriter accepts n bytes, then fails.
type failingWriter struct{ n int }

func (f *failingWriter) Write(p []byte) (int, error) {
	if len(p) > f.n {
		k := f.n
		f.n = 0
		return k, errors.New("no space left on device")
	}
	f.n -= len(p)
	return len(p), nil
}

// A writer error stops the copy at once: the reader is not drained, and the
// error is the writer's.
func TestCopyHashedWriterError(t *testing.T) {
	data := downloadtest.GzipLike(10 * BufferSize)
	r := bytes.NewReader(data)
	n, sum, _, err := copyHashed(context.Background(), &failingWriter{n: 2*BufferSize + 10}, r, 2)
	if err == nil || !strings.Contains(err.Error(), "no space left") {
		t.Fatalf("error %v, want the writer's", err)
	}
	if sum != nil {
		t.Errorf("a digest %x for a failed copy", sum)
	}
	if n != 2*BufferSize {
		t.Errorf("counted %d bytes written, want the %d of the complete chunks", n, 2*BufferSize)
	}
	if read := len(data) - r.Len(); read > 3*BufferSize {
		t.Errorf("read %d bytes after the writer failed at %d", read, 2*BufferSize+10)
	}
}

// An error from the file itself (here: already closed) is returned as is.
func TestCopyHashedFileError(t *testing.T) {
	f, err := os.Create(filepath.Join(t.TempDir(), "x"))
	if err != nil {
		t.Fatal(err)
	}
	f.Close()
	if _, _, _, err := copyHashed(context.Background(), f, bytes.NewReader(downloadtest.GzipLike(3*BufferSize)), 2); !errors.Is(err, os.ErrClosed) {
		t.Fatalf("error %v, want os.ErrClosed", err)
	}
}

// endless is a reader that never ends; it cancels its context after
// cancelAfter reads and counts the reads made after that.
type endless struct {
	cancel      context.CancelFunc
	cancelAfter int
	reads       int
}

func (e *endless) Read(p []byte) (int, error) {
	e.reads++
	if e.reads == e.cancelAfter {
		e.cancel()
	}
	for i := range p {
		p[i] = byte(i)
	}
	p[0] = 0x1f
	if len(p) > 1 {
		p[1] = 0x8b
	}
	return len(p), nil
}

// Cancelling stops an endless download within a read, and removes the
// temporary file.
func TestWriteCancelMidStream(t *testing.T) {
	dir := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	r := &endless{cancel: cancel, cancelAfter: 5 * pipelineDepth}
	_, err := Write(ctx, filepath.Join(dir, "a.tar.gz"), r, gz(-1))
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("error %v, want context.Canceled", err)
	}
	if r.reads != r.cancelAfter {
		t.Errorf("%d reads after the cancellation", r.reads-r.cancelAfter)
	}
	if names := dirEntries(t, dir); len(names) != 0 {
		t.Errorf("left behind %v", names)
	}
}
