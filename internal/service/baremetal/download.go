package baremetal

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
	"strings"
	"syscall"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/cloud/huaweicloud"
)

// Downloads are streamed: the body goes through one fixed buffer into a
// temporary file beside output_path while SHA-256 and size are computed, the
// file is renamed over output_path only when everything arrived.
// A failure at any point removes the temporary file, so output_path either
// keeps its previous content or holds a complete archive.

// copyBufferSize bounds the memory a download uses whatever the archive size.
// Each chunk is written to the file and then hashed; 256 KiB keeps the chunk
// in a core's L2 cache between the two, which measured markedly faster than
// 1 MiB (make bench, download scenario).
const copyBufferSize = 256 << 10

// fileMode is what the archive is written with.
const fileMode os.FileMode = 0o644

// downloadedFile describes an archive written to disk.
type downloadedFile struct {
	// Name is the vendor's file name (<SN>-dump.tar.gz).
	Name   string
	Size   int64
	SHA256 string
}

// downloadExport streams the export's archive to outputPath.
func downloadExport(ctx context.Context, client *huaweicloud.Client, id exportID, outputPath string) (downloadedFile, error) {
	dl, err := client.DownloadServerLogs(ctx, huaweicloud.ExportRef{ProjectID: id.ProjectID, ServerID: id.ServerID, ExportID: id.ExportID})
	if err != nil {
		return downloadedFile{}, err
	}
	defer dl.Body.Close()
	size, sum, err := writeFileAtomically(ctx, outputPath, dl.Body, dl.ContentLength)
	if err != nil {
		return downloadedFile{}, err
	}
	return downloadedFile{Name: dl.FileName, Size: size, SHA256: sum}, nil
}

// gzipMagic starts every gzip stream.
var gzipMagic = []byte{0x1f, 0x8b}

// writeFileAtomically copies r to path through a temporary file in the same
// directory (so that the rename is atomic), hashing while writing. wantSize
// < 0 means unknown; otherwise a short or long body is an error.
func writeFileAtomically(ctx context.Context, path string, r io.Reader, wantSize int64) (size int64, sha string, err error) {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return 0, "", fmt.Errorf("creating directory for %s: %w", path, err)
	}
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".*.partial")
	if err != nil {
		return 0, "", fmt.Errorf("creating a temporary file beside %s: %w", path, err)
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	h := sha256.New()
	head := &headCapture{}
	buf := make([]byte, copyBufferSize)
	size, err = io.CopyBuffer(io.MultiWriter(tmp, h, head), ctxReader{ctx: ctx, r: r}, buf)
	if err != nil {
		return 0, "", fmt.Errorf("writing %s: %w", path, err)
	}
	if wantSize >= 0 && size != wantSize {
		return 0, "", fmt.Errorf("writing %s: received %d bytes, the server announced %d", path, size, wantSize)
	}
	if !bytes.HasPrefix(head.b, gzipMagic) {
		return 0, "", fmt.Errorf("writing %s: the downloaded data is not a gzip archive (it starts with %x)", path, head.b)
	}
	if err = tmp.Chmod(fileMode); err != nil {
		return 0, "", fmt.Errorf("writing %s: %w", path, err)
	}
	// No fsync: a crash can at worst leave a short or empty file, and the
	// next refresh compares the file's SHA-256 with the state and plans a
	// fresh download, so durability comes from that check rather than from
	// flushing a gigabyte of page cache (a sixth of the download's time).
	if err = tmp.Close(); err != nil {
		return 0, "", fmt.Errorf("closing %s: %w", path, err)
	}
	if err = os.Rename(tmp.Name(), path); err != nil {
		return 0, "", fmt.Errorf("moving the download into place at %s: %w", path, err)
	}
	return size, hex.EncodeToString(h.Sum(nil)), nil
}

// headCapture keeps the first bytes written, to check the gzip magic.
type headCapture struct{ b []byte }

func (h *headCapture) Write(p []byte) (int, error) {
	if n := len(gzipMagic) - len(h.b); n > 0 {
		h.b = append(h.b, p[:min(n, len(p))]...)
	}
	return len(p), nil
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

// fileState is what the local file at output_path looks like compared with
// what was written.
type fileState int

const (
	fileMatches fileState = iota
	fileMissing
	fileDiffers
)

// checkFile compares path with the size and SHA-256 recorded in state,
// hashing only when the size matches.
func checkFile(path string, size int64, sha string) (fileState, error) {
	fi, err := os.Stat(path)
	if errors.Is(err, os.ErrNotExist) || errors.Is(err, syscall.ENOTDIR) {
		return fileMissing, nil
	}
	if err != nil {
		return 0, fmt.Errorf("checking %s: %w", path, err)
	}
	if !fi.Mode().IsRegular() || fi.Size() != size {
		return fileDiffers, nil
	}
	got, err := hashFile(path)
	if err != nil {
		return 0, err
	}
	if got != sha {
		return fileDiffers, nil
	}
	return fileMatches, nil
}

func hashFile(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", fmt.Errorf("reading %s: %w", path, err)
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.CopyBuffer(h, f, make([]byte, copyBufferSize)); err != nil {
		return "", fmt.Errorf("reading %s: %w", path, err)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// exampleFileName is the file name suggested when output_path names a directory.
const exampleFileName = "node1-logs.tar.gz"

// outputPathProblem says why p cannot name the archive file, judged from
// the path and the file system at plan time, or returns "". It never
// creates anything.
func outputPathProblem(p string) string {
	if strings.HasSuffix(p, "/") || strings.HasSuffix(p, string(filepath.Separator)) {
		return fmt.Sprintf("output_path (%s) ends with a slash, so it names a directory; it must name the archive file to write, e.g. %s.",
			p, filepath.Join(p, exampleFileName))
	}
	if fi, err := os.Stat(p); err == nil && fi.IsDir() {
		return fmt.Sprintf("output_path (%s) is an existing directory; it must name the archive file to write, e.g. %s.",
			p, filepath.Join(p, exampleFileName))
	}
	// The nearest existing ancestor must be a directory.
	for dir := filepath.Dir(p); ; {
		fi, err := os.Stat(dir)
		if err == nil {
			if !fi.IsDir() {
				return fmt.Sprintf("output_path (%s) cannot be created: %s is a file, not a directory. "+
					"Choose a path whose parent directories are directories (missing ones are created).", p, dir)
			}
			return ""
		}
		if !errors.Is(err, os.ErrNotExist) && !errors.Is(err, syscall.ENOTDIR) {
			return "" // e.g. permission denied: the apply-time probe reports it
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}

// outputPathApplyProblem says why the archive cannot be written at p, or
// returns "": the plan-time rules (the configuration may have been unknown
// then, or the file system changed), then a probe: the directory is created
// if missing and a file is created in it and removed.
func outputPathApplyProblem(p string) string {
	if problem := outputPathProblem(p); problem != "" {
		return problem
	}
	if err := probeOutputDir(p); err != nil {
		return fmt.Sprintf("output_path (%s) cannot be written: %v.", p, err)
	}
	return ""
}

// probeOutputDir creates the directory of p if missing, then creates a
// file in it and removes it.
func probeOutputDir(p string) error {
	dir := filepath.Dir(p)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("creating the directory %s: %w", dir, err)
	}
	f, err := os.CreateTemp(dir, "."+filepath.Base(p)+".*.probe")
	if err != nil {
		return fmt.Errorf("creating a file in %s: %w", dir, err)
	}
	closeErr := f.Close()
	if err := os.Remove(f.Name()); err != nil {
		return fmt.Errorf("removing the probe file %s: %w", f.Name(), err)
	}
	if closeErr != nil {
		return fmt.Errorf("writing in %s: %w", dir, closeErr)
	}
	return nil
}
