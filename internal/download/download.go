// Package download writes a downloaded file safely and checks it later. It
// is shared by the resources that fetch an export's file to output_path
// (telemetry_baremetal_log_export, telemetry_cls_export).
//
// A download is streamed: the body goes through one fixed buffer into a
// temporary file beside the destination while SHA-256 and size are
// computed, and the file is renamed over the destination only when
// everything arrived and matched what was announced. A failure at any point
// removes the temporary file, so the destination either keeps its previous
// content or holds a complete file.
package download

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"syscall"

	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// BufferSize is the size of one chunk of a download: the unit that is read,
// written to the file and hashed. hashFile reads files in chunks of the same
// size.
const BufferSize = 256 << 10

// pipelineDepth is how many chunks a download holds at once: while the
// hasher works on one chunk, the copy reads and writes the next ones. The
// memory of a download is pipelineDepth*BufferSize (1 MiB) whatever the
// file size.
const pipelineDepth = 4

// FileMode is what a downloaded file is written with.
const FileMode os.FileMode = 0o644

// File describes a file written to disk.
type File struct {
	Size   int64
	SHA256 string
}

// Expect is what the body must look like to be kept.
type Expect struct {
	// Size is the announced length; < 0 means unknown. A short or long
	// body is an error.
	Size int64
	// Magic, when set, must start the body (e.g. the gzip magic).
	Magic []byte
	// What names the content in errors ("a gzip archive").
	What string
}

// GzipMagic starts every gzip stream.
var GzipMagic = []byte{0x1f, 0x8b}

// Write copies r to path through a temporary file in the same directory (so
// that the rename is atomic), hashing while writing, and checks the result
// against want before the rename.
func Write(ctx context.Context, path string, r io.Reader, want Expect) (f File, err error) {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return File{}, fmt.Errorf("creating directory for %s: %w", path, err)
	}
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".*.partial")
	if err != nil {
		return File{}, fmt.Errorf("creating a temporary file beside %s: %w", path, err)
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	size, sum, head, err := copyHashed(ctx, tmp, r, len(want.Magic))
	if err != nil {
		return File{}, fmt.Errorf("writing %s: %w", path, err)
	}
	if want.Size >= 0 && size != want.Size {
		return File{}, fmt.Errorf("writing %s: received %d bytes, the server announced %d", path, size, want.Size)
	}
	if !bytes.HasPrefix(head, want.Magic) {
		return File{}, fmt.Errorf("writing %s: the downloaded data is not %s (it starts with %x)", path, want.What, head)
	}
	if err = tmp.Chmod(FileMode); err != nil {
		return File{}, fmt.Errorf("writing %s: %w", path, err)
	}
	// No fsync: a crash can at worst leave a short or empty file, and the
	// next refresh compares the file's SHA-256 with the state and plans a
	// fresh download, so durability comes from that check rather than from
	// flushing a gigabyte of page cache (a sixth of the download's time).
	if err = tmp.Close(); err != nil {
		return File{}, fmt.Errorf("closing %s: %w", path, err)
	}
	if err = os.Rename(tmp.Name(), path); err != nil {
		return File{}, fmt.Errorf("moving the download into place at %s: %w", path, err)
	}
	return File{Size: size, SHA256: hex.EncodeToString(sum)}, nil
}

// copyHashed copies r to w and computes the SHA-256 of what was written,
// returning the byte count, the digest and the first headLen bytes.
//
// Hashing runs beside the copy instead of after each write: the copy (this
// goroutine) fills a chunk from r, writes it to w and hands it to a hasher
// goroutine, then goes on with the next chunk while the hasher works on that
// one. The write and the hash only read the chunk, so they may overlap; a
// chunk returns to the copy when the hasher is done with it. There are
// pipelineDepth chunks, so memory is bounded and a hasher that falls behind
// makes the copy wait instead of buffering.
//
// Why: SHA-256 costs about as much CPU as the copy itself (Go's code, with
// the CPU's SHA instructions, hashes ~2 GB per CPU second on the bench
// machine, ~0.55 s a GiB; reading the socket and writing the page cache
// takes about as long), so hashing after each write made a download take
// the sum of the two. With the hasher on another core the download takes
// about the longer of the two. On one core nothing is lost beyond a channel
// operation per chunk.
//
// On an error (reader, writer or ctx) the copy stops, the hasher finishes
// the at most pipelineDepth chunks it holds and exits, and the error is
// returned; the goroutine never outlives the call.
func copyHashed(ctx context.Context, w io.Writer, r io.Reader, headLen int) (n int64, sum, head []byte, err error) {
	free := make(chan []byte, pipelineDepth)
	for range pipelineDepth {
		free <- make([]byte, BufferSize)
	}
	// toHash can hold every chunk, so handing one over never blocks.
	toHash := make(chan []byte, pipelineDepth)
	digest := make(chan []byte, 1)
	go func() {
		h := sha256.New()
		for b := range toHash {
			h.Write(b)
			free <- b[:cap(b)]
		}
		digest <- h.Sum(nil)
	}()
	cr := ctxReader{ctx: ctx, r: r}
	for {
		var b []byte
		select {
		case b = <-free:
		case <-ctx.Done():
			err = ctx.Err()
		}
		if err != nil {
			break
		}
		k, rerr := fill(cr, b)
		if k > 0 {
			if len(head) < headLen {
				head = append(head, b[:min(headLen-len(head), k)]...)
			}
			if werr := writeAll(w, b[:k]); werr != nil {
				free <- b
				err = werr
				break
			}
			n += int64(k)
			toHash <- b[:k]
		} else {
			free <- b
		}
		if rerr == io.EOF {
			break
		}
		if rerr != nil {
			err = rerr
			break
		}
	}
	close(toHash)
	sum = <-digest
	if err != nil {
		return n, nil, head, err
	}
	return n, sum, head, nil
}

// writeSize is the most one write(2) to the file carries: a chunk is
// written in pieces of this size.
//
// On the bench machine (a VM whose free memory the hypervisor takes back) a
// gigabyte written into the page cache in 32 KiB writes took 0.27-0.36 s,
// in 64 KiB to 4 MiB writes 0.67-2.0 s, every run starting from the same
// state (files removed, synced, three seconds idle). The kernel sizes
// page-cache folios by the write, and large folios come from the large free
// blocks the hypervisor has reclaimed, which must be faulted back in;
// whatever the cause, small writes cost 8 more syscalls a chunk (~30 ms a
// gigabyte) and save the most. io.Copy's 32 KiB buffer is why a plain copy
// wrote faster than the former 256 KiB writes.
const writeSize = 32 << 10

// writeAll writes b to w in pieces of at most writeSize.
func writeAll(w io.Writer, b []byte) error {
	for len(b) > 0 {
		n, err := w.Write(b[:min(len(b), writeSize)])
		if err != nil {
			return err
		}
		b = b[n:]
	}
	return nil
}

// maxEmptyReads is how many reads in a row may return no data and no error
// before fill gives up (as bufio does), so a broken reader cannot spin it
// forever.
const maxEmptyReads = 100

// fill reads from r until b is full, r ends (io.EOF) or fails. Full chunks
// keep the write and hash calls few and large whatever size the network
// hands the data over in.
func fill(r io.Reader, b []byte) (int, error) {
	n, empty := 0, 0
	for n < len(b) {
		k, err := r.Read(b[n:])
		n += k
		if err != nil {
			return n, err
		}
		if k > 0 {
			empty = 0
		} else if empty++; empty == maxEmptyReads {
			return n, io.ErrNoProgress
		}
	}
	return n, nil
}

// ctxReader stops a copy promptly when ctx ends, even if the body reader
// would not notice.
type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(p)
}

// State is what the local file looks like compared with what was written.
type State int

const (
	Matches State = iota
	Missing
	Differs
)

// Check compares path with the size and SHA-256 recorded in state, hashing
// only when the size matches; size < 0 means no size was recorded.
func Check(path string, size int64, sha string) (State, error) {
	fi, err := os.Stat(path)
	if errors.Is(err, os.ErrNotExist) || errors.Is(err, syscall.ENOTDIR) {
		return Missing, nil
	}
	if err != nil {
		return 0, fmt.Errorf("checking %s: %w", path, err)
	}
	if !fi.Mode().IsRegular() || (size >= 0 && fi.Size() != size) {
		return Differs, nil
	}
	got, err := hashFile(path)
	if err != nil {
		return 0, err
	}
	if got != sha {
		return Differs, nil
	}
	return Matches, nil
}

// Drifted is the refresh rule of output_path, the same for every resource
// that downloads: the file at path must be downloaded again when it differs
// from what was written (size, < 0 for unknown, and SHA-256), or when it is
// missing and restoreMissing (restore_missing_file) is true. An error means
// the file could not be checked; callers warn and keep their attributes, as
// a refresh that fails would block even a destroy.
func Drifted(ctx context.Context, path string, size int64, sha string, restoreMissing bool) (bool, error) {
	st, err := Check(path, size, sha)
	switch {
	case err != nil:
		return false, err
	case st == Missing && !restoreMissing:
		tflog.Debug(ctx, "the downloaded file is missing; restore_missing_file is false, so this is not drift", map[string]any{"output_path": path})
		return false, nil
	case st != Matches:
		tflog.Warn(ctx, "the downloaded file is missing or changed; planning a new download", map[string]any{"output_path": path, "missing": st == Missing})
		return true, nil
	}
	return false, nil
}

// hashFile is the lower-case hex SHA-256 of the file at path.
func hashFile(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", fmt.Errorf("reading %s: %w", path, err)
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.CopyBuffer(h, f, make([]byte, BufferSize)); err != nil {
		return "", fmt.Errorf("reading %s: %w", path, err)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// RemoveIfUnchanged deletes path only when it still holds the file that
// was written (same size and SHA-256); anything else is left alone and
// logged.
func RemoveIfUnchanged(ctx context.Context, p string, size int64, sha string) {
	st, err := Check(p, size, sha)
	switch {
	case err != nil:
		tflog.Warn(ctx, "could not check the downloaded file; leaving it in place", map[string]any{"output_path": p, "error": err.Error()})
	case st == Matches:
		if err := os.Remove(p); err != nil && !errors.Is(err, os.ErrNotExist) {
			tflog.Warn(ctx, "could not remove the downloaded file", map[string]any{"output_path": p, "error": err.Error()})
		}
	case st == Differs:
		tflog.Warn(ctx, "the file at output_path changed since it was downloaded; leaving it in place", map[string]any{"output_path": p})
	}
}
