package tencentcloud

import (
	"bytes"
	"context"
	"net/http"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-log/tflogtest"
)

// The files in testdata/vendor are Tencent Cloud's own CLI examples, copied
// byte for byte (sources in testdata/vendor/README.md). Each holds one or
// more examples: an "Input:" block and an "Output:" block with the response
// body. These tests decode the bodies with this client.

// vendorExample is the response body of the n-th example (from 0) of a
// file in testdata/vendor.
func vendorExample(t *testing.T, file string, n int) []byte {
	t.Helper()
	bodies := vendorBlocks(t, file, "Output:")
	if n >= len(bodies) {
		t.Fatalf("%s holds %d examples, want example %d", file, len(bodies), n+1)
	}
	return bodies[n]
}

// vendorInput is the input block (a tccli command) of the n-th example.
func vendorInput(t *testing.T, file string, n int) []byte {
	t.Helper()
	inputs := vendorBlocks(t, file, "Input:")
	if n >= len(inputs) {
		t.Fatalf("%s holds %d inputs, want input %d", file, len(inputs), n+1)
	}
	return inputs[n]
}

// fencedAfter matches a label line and the fenced block following it.
var fencedAfter = regexp.MustCompile("(?m)^(Input|Output):[ \t]*\n+```[^\n]*\n((?s:.*?))\n```")

// vendorBlocks returns the content of every fenced block after label.
func vendorBlocks(t *testing.T, file, label string) [][]byte {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("testdata", "vendor", file))
	if err != nil {
		t.Fatal(err)
	}
	var out [][]byte
	for _, m := range fencedAfter.FindAllSubmatch(raw, -1) {
		if string(m[1])+":" == label {
			out = append(out, bytes.TrimSpace(m[2]))
		}
	}
	if len(out) == 0 {
		t.Fatalf("%s holds no %q block", file, label)
	}
	return out
}

// vendorServer answers each action with the given body, as CLS would.
func vendorServer(t *testing.T, bodies map[string][]byte) *Client {
	t.Helper()
	f := newFake()
	for action, body := range bodies {
		f.answers[action] = func(int, []byte) (int, string) { return http.StatusOK, string(body) }
	}
	return newTestClient(t, f, "")
}

const (
	// vendorExportID is the export of the vendor's examples, as CreateExport
	// returns it; DescribeExports lists it with the "export-" prefix.
	vendorExportID = "57196a6a-7622-47be-bc92-d2ebea959a0f"
	vendorTopicID  = "ee20bb16-3025-4048-b81a-dd436373062e"
	vendorRequest  = "6ef60bec-0242-43af-bb20-270359fb54a7"
)

func TestVendorCreateExport(t *testing.T) {
	c := vendorServer(t, map[string][]byte{"CreateExport": vendorExample(t, "CreateExport.md", 0)})
	out, err := c.CreateExport(context.Background(), CreateExportInput{TopicID: vendorTopicID, Count: 100, Query: "status:200", From: 1607499107000, To: 1607499207000})
	if err != nil {
		t.Fatal(err)
	}
	if out.ExportID != vendorExportID || out.RequestID != vendorRequest {
		t.Errorf("CreateExport = %+v, want ExportId %s and RequestId %s", out, vendorExportID, vendorRequest)
	}
}

func TestVendorDescribeExports(t *testing.T) {
	for _, tc := range []struct {
		file, fileName, cosPath string
		syntaxRule              uint64
	}{
		{
			file:     "DescribeExports.md",
			fileName: "log_2075178708_ee20bb16-3025-4048-b81a-dd436373062f_20210107_xxxxxx_1610001073.tar.gz",
			cosPath:  "https://clstest01-xxxxxx.cos.ap-shanghai.myqcloud.com/xxxxxx",
		},
		{
			file:     "DescribeExports-2021.md",
			fileName: "log_2075178708_ee20bb16-3025-4048-b81a-dd436373062f_20210107_57196a6a-7622-47be-bc92-d2ebea959a0f_1610001073.tar.gz",
			cosPath:  "https://clstest01-12541396564.cos.ap-shanghai.myqcloud.com/%2Fexport%2F20210107%2F",
		},
	} {
		t.Run(tc.file, func(t *testing.T) {
			c := vendorServer(t, map[string][]byte{"DescribeExports": vendorExample(t, tc.file, 0)})
			page, err := c.DescribeExports(context.Background(), DescribeExportsInput{TopicID: vendorTopicID, Limit: 5})
			if err != nil {
				t.Fatal(err)
			}
			if page.TotalCount != 1 || len(page.Exports) != 1 || page.RequestID != vendorRequest {
				t.Fatalf("page = %+v, want one export of TotalCount 1 and RequestId %s", page, vendorRequest)
			}
			e := page.Exports[0]
			want := Export{
				TopicID: vendorTopicID, ExportID: "export-" + vendorExportID, Query: "status:200",
				FileName: tc.fileName, FileSize: 6112993, Order: "desc", Format: "json", Count: 100000,
				Status: StatusCompleted, From: 1607499207000, To: 1607499207000, CreateTime: "2020-08-08 12:12:12",
			}
			got := e
			got.CosPath = ""
			if got.DerivedFields != nil || got.CreateTimestamp != 0 || got.SyntaxRule != tc.syntaxRule {
				t.Errorf("fields the example lacks decoded to %v, %d, %d; want zero values", got.DerivedFields, got.CreateTimestamp, got.SyntaxRule)
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("export = %+v\nwant     %+v", got, want)
			}
			if len(e.CosPath) < len(tc.cosPath) || e.CosPath[:len(tc.cosPath)] != tc.cosPath {
				t.Errorf("CosPath = %q, want it to start with %q", e.CosPath, tc.cosPath)
			}
		})
	}
}

func TestVendorDeleteExport(t *testing.T) {
	// The example deletes the export by the id CreateExport returned.
	if in := vendorInput(t, "DeleteExport.md", 0); !bytes.Contains(in, []byte("--ExportId "+vendorExportID+"\n")) &&
		!bytes.HasSuffix(in, []byte("--ExportId "+vendorExportID)) {
		t.Fatalf("the DeleteExport example no longer deletes %s:\n%s", vendorExportID, in)
	}
	c := vendorServer(t, map[string][]byte{"DeleteExport": vendorExample(t, "DeleteExport.md", 0)})
	out, err := c.DeleteExport(context.Background(), DeleteExportInput{ExportID: vendorExportID})
	if err != nil || out.RequestID != vendorRequest {
		t.Fatalf("DeleteExport = %+v, %v; want RequestId %s", out, err, vendorRequest)
	}
}

// TestVendorErrorEnvelope: the only CLS error example the vendor ships (a
// missing topic, the code this provider turns into "check topic_id and
// region") decodes into the client's Error.
func TestVendorErrorEnvelope(t *testing.T) {
	body := vendorExample(t, "CreateDeliverCloudFunction.md", 1)
	rid, err := decodeResponse(http.StatusOK, nil, body)
	e, ok := err.(*Error)
	if !ok {
		t.Fatalf("decodeResponse = %v, want *Error", err)
	}
	const wantRID = "341023a0-26d7-4ce6-8f8f-72fc34661335"
	if e.Code != CodeTopicNotExist || rid != wantRID || e.RequestID != wantRID ||
		e.Message != "topic not exist RequestId:["+wantRID+"]" || e.HTTPStatus != http.StatusOK {
		t.Errorf("error = %#v (request id %q)", e, rid)
	}
	if !IsNotFound(err) || IsThrottled(err) || e.Transient() {
		t.Errorf("%v: IsNotFound %v, IsThrottled %v, Transient %v; want only not found", err, IsNotFound(err), IsThrottled(err), e.Transient())
	}
	// The success example of the same file is no error.
	if _, err := decodeResponse(http.StatusOK, nil, vendorExample(t, "CreateDeliverCloudFunction.md", 0)); err != nil {
		t.Errorf("success example: %v", err)
	}
}

// TestVendorFindOwnExport: with the vendor's own answers (CreateExport
// without the "export-" prefix, DescribeExports with it), the export just
// created is found, and it is claimed under either spelling.
func TestVendorFindOwnExport(t *testing.T) {
	for _, file := range []string{"DescribeExports.md", "DescribeExports-2021.md"} {
		t.Run(file, func(t *testing.T) {
			c := vendorServer(t, map[string][]byte{
				"CreateExport":    vendorExample(t, "CreateExport.md", 0),
				"DescribeExports": vendorExample(t, file, 0),
			})
			ctx := context.Background()
			out, err := c.CreateExport(ctx, CreateExportInput{TopicID: vendorTopicID, Count: 100, Query: "status:200", From: 1607499107000, To: 1607499207000})
			if err != nil {
				t.Fatal(err)
			}
			for _, fresh := range []bool{false, true} {
				e, found, err := c.FindExport(ctx, vendorTopicID, out.ExportID, FindOptions{Fresh: fresh})
				if err != nil || !found || e.ExportID != "export-"+vendorExportID {
					t.Fatalf("FindExport(%s, fresh %v) = %q, %v, %v; want the listed export-%s", out.ExportID, fresh, e.ExportID, found, err, vendorExportID)
				}
			}
			c.Claim(out.ExportID)
			if !c.Claimed("export-"+vendorExportID) || c.ClaimIfFree("EXPORT-"+vendorExportID) {
				t.Errorf("claiming %s does not claim its listed spelling export-%s", out.ExportID, vendorExportID)
			}
		})
	}
}

func TestSameID(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		want bool
	}{
		{vendorExportID, "export-" + vendorExportID, true},
		{"export-" + vendorExportID, vendorExportID, true},
		{"Export-57196A6A-7622-47BE-BC92-D2EBEA959A0F", vendorExportID, true},
		{"export-" + vendorExportID, "export-" + vendorExportID, true},
		{vendorExportID, "export-57196a6a-7622-47be-bc92-d2ebea959a0e", false},
		{"export-", "", false},
		{"export-", "export-", true},
		{"export-export-1", "export-1", false},
		{"", "", true},
		{vendorTopicID, "EE20BB16-3025-4048-B81A-DD436373062E", true},
	} {
		if got := SameID(tc.a, tc.b); got != tc.want {
			t.Errorf("SameID(%q, %q) = %v, want %v", tc.a, tc.b, got, tc.want)
		}
	}
}

// TestTraceLogsMaskVendorPresignedURL: at TRACE the transport logs whole
// response bodies. The 2021 DescribeExports example carries a real-shaped
// presigned COS URL (sign=q-sign-algorithm…q-ak…q-signature…); its query
// never reaches the logs, whether the JSON writes slashes plainly or
// escaped (\/, as some JSON encoders do), nor does the access key id or
// the signature alone.
func TestTraceLogsMaskVendorPresignedURL(t *testing.T) {
	body := vendorExample(t, "DescribeExports-2021.md", 0)
	secrets := []string{
		"q-signature%3D951640af88654d735dd98fd1e62b96ce75eb39f3", "951640af88654d735dd98fd1e62b96ce75eb39f3",
		"AKIDnQ16HN6rFjOXItk4ziOpX1tkRxHT57bH", "sign=q-sign-algorithm",
	}
	for _, s := range secrets {
		if !bytes.Contains(body, []byte(s)) {
			t.Fatalf("the vendor example no longer holds %q", s)
		}
	}
	for name, answer := range map[string][]byte{
		"as_published":    body,
		"escaped_slashes": bytes.ReplaceAll(body, []byte("/"), []byte(`\/`)),
	} {
		t.Run(name, func(t *testing.T) {
			var out bytes.Buffer
			ctx := tflogtest.RootLogger(context.Background(), &out)
			t.Setenv("TF_LOG_PROVIDER_TELEMETRY_TENCENTCLOUD", "TRACE")
			c := vendorServer(t, map[string][]byte{"DescribeExports": answer})
			page, err := c.DescribeExports(ctx, DescribeExportsInput{TopicID: vendorTopicID})
			if err != nil || len(page.Exports) != 1 || !strings.Contains(page.Exports[0].CosPath, "q-signature") {
				t.Fatalf("DescribeExports = %+v, %v; want the presigned CosPath decoded", page, err)
			}
			logs := out.String()
			if !strings.Contains(logs, "cloud API response body") || !strings.Contains(logs, "6112993") {
				t.Fatalf("expected the TRACE body line, got:\n%s", logs)
			}
			for _, s := range secrets {
				if strings.Contains(logs, s) {
					t.Errorf("the logs hold %q:\n%s", s, logs)
				}
			}
		})
	}
}
