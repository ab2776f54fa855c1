package huawei

import (
	"archive/tar"
	"bytes"
	"compress/flate"
	"crypto/aes"
	"crypto/cipher"
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"io"
	"strings"
	"time"
)

// The archive is a real tar.gz whose layout is invented (the real content of
// a BMC log dump is undocumented), loosely modelled on a "dump_info"
// collection: a few small text files and one large binary black-box file that
// carries the configured size.
//
// To stream gigabytes with constant memory, at memory speed, and still know
// Content-Length up front, the gzip member is assembled from three deflate
// pieces: the small files compressed by compress/flate and sync-flushed
// (byte-aligned, not final), the black-box bytes as stored blocks written by
// hand (they are pseudo-random, so compressing them would gain nothing), and
// the tar trailer compressed by a fresh flate writer that ends the stream.
// A fresh writer only refers back into its own output, so the concatenation
// is a valid deflate stream.

// archiveSpec fixes an archive's content; the same spec gives the same bytes.
type archiveSpec struct {
	SerialNumber string
	ServerID     string
	ExportID     string
	CreatedAt    time.Time
	// TargetBytes is the wanted compressed size; the real size is close to it
	// (never below the size of the small files).
	TargetBytes int64
}

const (
	storedBlockMax  = 65535
	storedBlockHead = 5 // BFINAL/BTYPE byte (padded) + LEN + NLEN
	gzipTrailerLen  = 8
	blackBoxName    = "dump_info/LogDump/blackbox.bin"
)

type archive struct {
	spec       archiveSpec
	header     []byte // gzip member header
	prefix     []byte // deflate of the small files and the black-box tar header, sync-flushed
	prefixCRC  uint32
	prefixLen  int64 // uncompressed length of the prefix
	blobLen    int64
	suffix     []byte // deflate (final) of the tar padding and end-of-archive blocks
	suffixRaw  []byte
	totalBytes int64
}

func newArchive(spec archiveSpec) (*archive, error) {
	a := &archive{spec: spec}
	a.header = gzipHeader(spec.SerialNumber+"-dump.tar", spec.CreatedAt)
	raw, err := smallFiles(spec)
	if err != nil {
		return nil, err
	}
	// First pass with an empty black box tells the fixed overhead.
	if err := a.layout(raw, 0); err != nil {
		return nil, err
	}
	avail := spec.TargetBytes - a.totalBytes
	if avail > storedBlockHead {
		n := avail * storedBlockMax / (storedBlockMax + storedBlockHead)
		for n > 0 && n+storedOverhead(n) > avail {
			n--
		}
		// The tar padding after the black box, hence the compressed trailer,
		// depends on n: shrink until the total fits.
		for range 8 {
			if err := a.layout(raw, n); err != nil {
				return nil, err
			}
			over := a.totalBytes - spec.TargetBytes
			if over <= 0 || n == 0 {
				break
			}
			n = max(0, n-over)
		}
	}
	return a, nil
}

func storedOverhead(n int64) int64 {
	return (n + storedBlockMax - 1) / storedBlockMax * storedBlockHead
}

// layout builds the compressed prefix and suffix for a black box of n bytes.
func (a *archive) layout(small []byte, n int64) error {
	var rawPrefix bytes.Buffer
	rawPrefix.Write(small)
	tw := tar.NewWriter(&rawPrefix)
	if err := tw.WriteHeader(a.fileHeader(blackBoxName, n)); err != nil {
		return err
	}
	// WriteHeader has written the header block; the tar writer is abandoned
	// here on purpose because the body and the trailer come from WriteTo.
	var prefix bytes.Buffer
	fw, _ := flate.NewWriter(&prefix, flate.BestCompression)
	fw.Write(rawPrefix.Bytes())
	if err := fw.Flush(); err != nil {
		return err
	}
	pad := (512 - n%512) % 512
	suffixRaw := make([]byte, pad+1024) // padding + two zero blocks end the tar
	var suffix bytes.Buffer
	fw2, _ := flate.NewWriter(&suffix, flate.BestCompression)
	fw2.Write(suffixRaw)
	if err := fw2.Close(); err != nil {
		return err
	}
	a.prefix = prefix.Bytes()
	a.prefixCRC = crc32.ChecksumIEEE(rawPrefix.Bytes())
	a.prefixLen = int64(rawPrefix.Len())
	a.blobLen = n
	a.suffix = suffix.Bytes()
	a.suffixRaw = suffixRaw
	a.totalBytes = int64(len(a.header)+len(a.prefix)) + n + storedOverhead(n) + int64(len(a.suffix)) + gzipTrailerLen
	return nil
}

// Size is the exact compressed length: the Content-Length.
func (a *archive) Size() int64 { return a.totalBytes }

func (a *archive) fileHeader(name string, size int64) *tar.Header {
	return &tar.Header{
		Typeflag: tar.TypeReg, Name: name, Size: size, Mode: 0o644,
		ModTime: a.spec.CreatedAt.Truncate(time.Second), Uname: "root", Gname: "root",
		Format: tar.FormatPAX,
	}
}

// smallFiles is the uncompressed tar of the plausible text files.
func smallFiles(spec archiveSpec) ([]byte, error) {
	a := &archive{spec: spec}
	ts := spec.CreatedAt.UTC()
	files := []struct{ name, body string }{
		{"dump_info/version.txt", fmt.Sprintf("BMC Firmware Version : 3.08.00.12\nBIOS Version         : 1.93\nCPLD Version         : 2.05\nCollected At         : %s\n", ts.Format(time.RFC3339))},
		{"dump_info/AppDump/fru_info.txt", fmt.Sprintf("Product Name    : TaiShan 200 (Model 2280)\nSerial Number   : %s\nServer ID       : %s\nManufacturer    : Huawei\n", spec.SerialNumber, spec.ServerID)},
		{"dump_info/LogDump/sel.csv", fmt.Sprintf("id,timestamp,sensor,severity,description\n1,%s,PSU1 Status,Major,Power supply input lost\n2,%s,PSU1 Status,Normal,Power supply input restored\n",
			ts.Add(-2*time.Hour).Format(time.RFC3339), ts.Add(-110*time.Minute).Format(time.RFC3339))},
		{"dump_info/LogDump/operate_log.txt", fmt.Sprintf("%s,iBMC,Administrator,127.0.0.1,Log collection started (export %s)\n", ts.Format("2006-01-02 15:04:05"), spec.ExportID)},
		{"dump_info/OSDump/systemcom.tar", ""},
	}
	var buf bytes.Buffer
	tw := tar.NewWriter(&buf)
	dir := &tar.Header{Typeflag: tar.TypeDir, Name: "dump_info/", Mode: 0o755, ModTime: ts.Truncate(time.Second), Uname: "root", Gname: "root", Format: tar.FormatPAX}
	if err := tw.WriteHeader(dir); err != nil {
		return nil, err
	}
	for _, f := range files {
		if err := tw.WriteHeader(a.fileHeader(f.name, int64(len(f.body)))); err != nil {
			return nil, err
		}
		if _, err := io.Copy(tw, strings.NewReader(f.body)); err != nil {
			return nil, err
		}
	}
	if err := tw.Flush(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// gzipHeader is a gzip member header with FNAME, the mtime set to the export's
// creation time and OS "unix".
func gzipHeader(name string, mtime time.Time) []byte {
	h := []byte{0x1f, 0x8b, 8, 0x08, 0, 0, 0, 0, 0, 3}
	binary.LittleEndian.PutUint32(h[4:8], uint32(mtime.Unix()))
	h = append(h, name...)
	return append(h, 0)
}

// blobStream returns the black box's deterministic pseudo-random bytes: an
// AES-CTR keystream keyed by the export's identity (fast and incompressible).
func (a *archive) blobStream() cipher.Stream {
	key := sha256.Sum256([]byte(a.spec.ServerID + "\x00" + a.spec.ExportID + "\x00" + a.spec.CreatedAt.UTC().Format(time.RFC3339Nano)))
	block, _ := aes.NewCipher(key[:16])
	return cipher.NewCTR(block, key[16:32])
}

// WriteTo streams the archive with a fixed 64 KiB buffer.
func (a *archive) WriteTo(w io.Writer) (int64, error) {
	var written int64
	write := func(p []byte) error {
		n, err := w.Write(p)
		written += int64(n)
		return err
	}
	if err := write(a.header); err != nil {
		return written, err
	}
	if err := write(a.prefix); err != nil {
		return written, err
	}
	crc := a.prefixCRC
	stream := a.blobStream()
	buf := make([]byte, storedBlockHead+storedBlockMax)
	for left := a.blobLen; left > 0; {
		n := min(left, storedBlockMax)
		block := buf[:storedBlockHead+n]
		block[0] = 0 // BFINAL=0, BTYPE=00 (stored), padded to the byte
		binary.LittleEndian.PutUint16(block[1:3], uint16(n))
		binary.LittleEndian.PutUint16(block[3:5], ^uint16(n))
		data := block[storedBlockHead:]
		clear(data)
		stream.XORKeyStream(data, data)
		crc = crc32.Update(crc, crc32.IEEETable, data)
		if err := write(block); err != nil {
			return written, err
		}
		left -= n
	}
	if err := write(a.suffix); err != nil {
		return written, err
	}
	crc = crc32.Update(crc, crc32.IEEETable, a.suffixRaw)
	var trailer [gzipTrailerLen]byte
	binary.LittleEndian.PutUint32(trailer[0:4], crc)
	binary.LittleEndian.PutUint32(trailer[4:8], uint32(a.prefixLen+a.blobLen+int64(len(a.suffixRaw))))
	if err := write(trailer[:]); err != nil {
		return written, err
	}
	return written, nil
}
