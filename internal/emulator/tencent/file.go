package tencent

import (
	"archive/tar"
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"hash/fnv"
	"io"
	"strings"
	"time"
)

// The file behind an export's CosPath is a tar.gz (the vendor's FileName ends
// in .tar.gz) holding one member, <ExportId>.<format>, with Count log lines
// (fewer for an export created under -normalize: export.lines) in the
// export's format and order. What real exports contain beyond that is
// undocumented; the lines here are invented but fixed-width, so the size is
// known from the line count and Format alone, and deterministic (seeded by the export
// id), so tests can hash what they downloaded.
//
// The gzip member uses stored (uncompressed) deflate blocks: the size is then
// exact arithmetic, the bytes stream with constant memory at memory speed,
// and any gzip reader can still unpack the file.

const (
	storedBlockMax  = 65535
	storedBlockHead = 5 // BFINAL/BTYPE byte + LEN + NLEN
	gzipHeadLen     = 10
	gzipTrailerLen  = 8
	tarBlock        = 512
)

// exportFile is the content of one export's file.
type exportFile struct {
	x       *export
	header  []byte // the CSV header line, or nothing
	tmpl    []byte // one line with placeholders
	tsAt    int    // offsets of the fields rewritten per line
	seqAt   int
	msgAt   int
	seed    uint64
	bodyLen int64
}

const (
	tsDigits  = 13
	seqDigits = 10
	msgHex    = 32
)

func newExportFile(x *export) *exportFile {
	f := &exportFile{x: x}
	h := fnv.New64a()
	h.Write([]byte(x.ExportID))
	f.seed = h.Sum64()
	ts, seq, msg := strings.Repeat("0", tsDigits), strings.Repeat("0", seqDigits), strings.Repeat("0", msgHex)
	var line string
	if strings.EqualFold(x.Format, "csv") {
		f.header = []byte("__TIMESTAMP__,__TOPIC__,seq,msg\n")
		line = ts + "," + x.TopicID + "," + seq + "," + msg + "\n"
		f.tsAt, f.seqAt, f.msgAt = 0, tsDigits+1+len(x.TopicID)+1, tsDigits+1+len(x.TopicID)+1+seqDigits+1
	} else {
		// Numbers as strings: fixed width needs leading zeros, which JSON
		// numbers cannot have.
		pre := `{"__TIMESTAMP__":"`
		mid := `","__TOPIC__":"` + x.TopicID + `","seq":"`
		mid2 := `","msg":"`
		line = pre + ts + mid + seq + mid2 + msg + "\"}\n"
		f.tsAt = len(pre)
		f.seqAt = f.tsAt + tsDigits + len(mid)
		f.msgAt = f.seqAt + seqDigits + len(mid2)
	}
	f.tmpl = []byte(line)
	f.bodyLen = int64(len(f.header)) + int64(x.lines())*int64(len(f.tmpl))
	return f
}

func (f *exportFile) memberName() string {
	ext := "json"
	if strings.EqualFold(f.x.Format, "csv") {
		ext = "csv"
	}
	return f.x.ExportID + "." + ext
}

// rawLen is the length of the uncompressed tar.
func (f *exportFile) rawLen() int64 {
	return tarBlock + roundUp(f.bodyLen, tarBlock) + 2*tarBlock
}

// Size is the exact length of the .tar.gz: FileSize and Content-Length.
func (f *exportFile) Size() int64 {
	raw := f.rawLen()
	return gzipHeadLen + raw + (raw+storedBlockMax-1)/storedBlockMax*storedBlockHead + gzipTrailerLen
}

func roundUp(n, m int64) int64 { return (n + m - 1) / m * m }

// WriteTo streams the .tar.gz to w.
func (f *exportFile) WriteTo(w io.Writer) (int64, error) {
	sw := &storedWriter{w: w, left: f.rawLen(), buf: make([]byte, 0, storedBlockMax)}
	head := [gzipHeadLen]byte{0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 255}
	binary.LittleEndian.PutUint32(head[4:8], uint32(f.x.CreatedAt.Unix()))
	if _, err := w.Write(head[:]); err != nil {
		return 0, err
	}
	var th bytes.Buffer
	tw := tar.NewWriter(&th)
	// The header block only; the body and the end of the archive follow.
	if err := tw.WriteHeader(&tar.Header{
		Typeflag: tar.TypeReg, Name: f.memberName(), Size: f.bodyLen, Mode: 0o644,
		ModTime: f.x.CreatedAt.Truncate(time.Second), Format: tar.FormatUSTAR,
	}); err != nil {
		return 0, err
	}
	if _, err := sw.Write(th.Bytes()[:tarBlock]); err != nil {
		return sw.n, err
	}
	if _, err := sw.Write(f.header); err != nil {
		return sw.n, err
	}
	if err := f.writeLines(sw); err != nil {
		return sw.n, err
	}
	pad := roundUp(f.bodyLen, tarBlock) - f.bodyLen + 2*tarBlock
	if _, err := sw.Write(make([]byte, pad)); err != nil {
		return sw.n, err
	}
	if err := sw.flush(); err != nil {
		return sw.n, err
	}
	var tail [gzipTrailerLen]byte
	binary.LittleEndian.PutUint32(tail[0:4], sw.crc)
	binary.LittleEndian.PutUint32(tail[4:8], uint32(f.rawLen()))
	_, err := w.Write(tail[:])
	return gzipHeadLen + sw.n + gzipTrailerLen, err
}

// writeLines writes the file's lines (Count, or fewer: export.lines), a
// batch at a time.
func (f *exportFile) writeLines(w io.Writer) error {
	n := int64(f.x.lines())
	if n == 0 {
		return nil
	}
	perBatch := max(1, (64<<10)/len(f.tmpl))
	batch := make([]byte, 0, perBatch*len(f.tmpl))
	span := f.x.To - f.x.From
	for i := int64(0); i < n; i++ {
		k := i
		if !strings.EqualFold(f.x.Order, "asc") {
			k = n - 1 - i // newest first
		}
		start := len(batch)
		batch = append(batch, f.tmpl...)
		line := batch[start:]
		ts := f.x.From + int64(float64(span)*float64(k)/float64(n))
		putDigits(line[f.tsAt:f.tsAt+tsDigits], uint64(min(max(ts, 0), 9_999_999_999_999)))
		putDigits(line[f.seqAt:f.seqAt+seqDigits], uint64(k)%10_000_000_000)
		putHex(line[f.msgAt:f.msgAt+16], splitmix(f.seed+uint64(k)))
		putHex(line[f.msgAt+16:f.msgAt+msgHex], splitmix(f.seed+uint64(k)+1<<40))
		if len(batch)+len(f.tmpl) > cap(batch) {
			if _, err := w.Write(batch); err != nil {
				return err
			}
			batch = batch[:0]
		}
	}
	_, err := w.Write(batch)
	return err
}

func putDigits(dst []byte, v uint64) {
	for i := len(dst) - 1; i >= 0; i-- {
		dst[i] = byte('0' + v%10)
		v /= 10
	}
}

const hexDigits = "0123456789abcdef"

func putHex(dst []byte, v uint64) {
	for i := len(dst) - 1; i >= 0; i-- {
		dst[i] = hexDigits[v&0xf]
		v >>= 4
	}
}

func splitmix(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ x>>30) * 0xbf58476d1ce4e5b9
	x = (x ^ x>>27) * 0x94d049bb133111eb
	return x ^ x>>31
}

// storedWriter frames what it is given as stored deflate blocks of at most
// storedBlockMax bytes, the last one final; left is the total still to come.
type storedWriter struct {
	w    io.Writer
	buf  []byte
	left int64 // raw bytes not yet framed
	crc  uint32
	n    int64 // bytes written to w
}

func (s *storedWriter) Write(p []byte) (int, error) {
	total := len(p)
	for len(p) > 0 {
		k := min(len(p), storedBlockMax-len(s.buf))
		s.buf = append(s.buf, p[:k]...)
		p = p[k:]
		if len(s.buf) == storedBlockMax {
			if err := s.flush(); err != nil {
				return total - len(p), err
			}
		}
	}
	return total, nil
}

// flush frames the buffered bytes as one block.
func (s *storedWriter) flush() error {
	if len(s.buf) == 0 {
		return nil
	}
	s.left -= int64(len(s.buf))
	var head [storedBlockHead]byte
	if s.left <= 0 {
		head[0] = 1 // BFINAL, BTYPE 00 (stored)
	}
	binary.LittleEndian.PutUint16(head[1:3], uint16(len(s.buf)))
	binary.LittleEndian.PutUint16(head[3:5], ^uint16(len(s.buf)))
	s.crc = crc32.Update(s.crc, crc32.IEEETable, s.buf)
	if _, err := s.w.Write(head[:]); err != nil {
		return err
	}
	if _, err := s.w.Write(s.buf); err != nil {
		return err
	}
	s.n += int64(storedBlockHead + len(s.buf))
	s.buf = s.buf[:0]
	return nil
}
