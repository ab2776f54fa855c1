package tencentcloud

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-log/tflogtest"
)

// The files in testdata/shapes are response (and request) bodies this
// project wrote in the shapes Tencent Cloud documents for CLS, with our own
// values (sources of the facts in testdata/shapes/README.md; no vendor text
// is copied). These tests decode them with this client.

// shape is the body in testdata/shapes/<file>.
func shape(t *testing.T, file string) []byte {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("testdata", "shapes", file))
	if err != nil {
		t.Fatal(err)
	}
	return raw
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
	// shapeExportID is the export of the shapes, as CreateExport returns it;
	// DescribeExports lists it with the "export-" prefix.
	shapeExportID = "a3c9e1f0-6b2d-4c57-8e19-0f4d7b2a6c35"
	shapeTopicID  = "5d1e7c2a-40b3-4a8e-9f61-2c7b0e3d9a14"
	// Request ids of CreateExport.json, DescribeExports*.json, DeleteExport.json.
	shapeCreateRequest   = "0b8f3e6a-91c4-4d2e-b7a5-3e6c1f9d2a70"
	shapeDescribeRequest = "7e2a9c14-5f3b-4d8e-a061-b9c2d4e6f813"
	shapeDeleteRequest   = "c41d7e20-8a6f-4b39-9e52-1f0a3b7c5d96"
	shapeFileName        = "log_100000000001_" + shapeTopicID + "_20240315_" + shapeExportID + "_1710466200.tar.gz"
	shapeCOSHost         = "https://telemetry-shapes-1300000001.cos.ap-guangzhou.myqcloud.com/"
)

var shapeCreateInput = CreateExportInput{TopicID: shapeTopicID, Count: 5000, Query: "level:ERROR AND service:checkout", From: 1710460800000, To: 1710464400000}

func TestVendorCreateExport(t *testing.T) {
	c := vendorServer(t, map[string][]byte{"CreateExport": shape(t, "CreateExport.json")})
	out, err := c.CreateExport(context.Background(), shapeCreateInput)
	if err != nil {
		t.Fatal(err)
	}
	if out.ExportID != shapeExportID || out.RequestID != shapeCreateRequest {
		t.Errorf("CreateExport = %+v, want ExportId %s (no export- prefix) and RequestId %s", out, shapeExportID, shapeCreateRequest)
	}
}

func TestVendorDescribeExports(t *testing.T) {
	for _, tc := range []struct {
		file, cosPath string
		syntaxRule    uint64
	}{
		{file: "DescribeExports.json", cosPath: shapeCOSHost + "export/20240315/" + shapeFileName, syntaxRule: 1},
		{file: "DescribeExports-presigned.json", cosPath: shapeCOSHost + "%2Fexport%2F20240315%2F" + shapeFileName + "?sign=q-sign-algorithm%3Dsha1%26q-ak%3D"},
	} {
		t.Run(tc.file, func(t *testing.T) {
			c := vendorServer(t, map[string][]byte{"DescribeExports": shape(t, tc.file)})
			page, err := c.DescribeExports(context.Background(), DescribeExportsInput{TopicID: shapeTopicID, Limit: 5})
			if err != nil {
				t.Fatal(err)
			}
			if page.TotalCount != 1 || len(page.Exports) != 1 || page.RequestID != shapeDescribeRequest {
				t.Fatalf("page = %+v, want one export of TotalCount 1 and RequestId %s", page, shapeDescribeRequest)
			}
			e := page.Exports[0]
			want := Export{
				TopicID: shapeTopicID, ExportID: "export-" + shapeExportID, Query: "level:ERROR AND service:checkout",
				FileName: shapeFileName, FileSize: 48213, Order: "asc", Format: "csv", Count: 5000, SyntaxRule: tc.syntaxRule,
				Status: StatusCompleted, From: 1710460800000, To: 1710464400000, CreateTime: "2024-03-15 09:30:00",
			}
			got := e
			got.CosPath = ""
			if got.DerivedFields != nil || got.CreateTimestamp != 0 {
				t.Errorf("fields the body lacks decoded to %v, %d; want zero values", got.DerivedFields, got.CreateTimestamp)
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("export = %+v\nwant     %+v", got, want)
			}
			if !strings.HasPrefix(e.CosPath, tc.cosPath) {
				t.Errorf("CosPath = %q, want it to start with %q", e.CosPath, tc.cosPath)
			}
		})
	}
}

// TestVendorDeleteExport: the request names the export as CreateExport
// returned it (no prefix), and the answer is decoded.
func TestVendorDeleteExport(t *testing.T) {
	var req DeleteExportInput
	if err := json.Unmarshal(shape(t, "DeleteExport.request.json"), &req); err != nil || req.ExportID != shapeExportID {
		t.Fatalf("DeleteExport.request.json = %+v, %v; want ExportId %s without the export- prefix", req, err, shapeExportID)
	}
	f := newFake()
	var sent []byte
	f.answers["DeleteExport"] = func(_ int, body []byte) (int, string) {
		sent = body
		return http.StatusOK, string(shape(t, "DeleteExport.json"))
	}
	c := newTestClient(t, f, "")
	out, err := c.DeleteExport(context.Background(), req)
	if err != nil || out.RequestID != shapeDeleteRequest {
		t.Fatalf("DeleteExport = %+v, %v; want RequestId %s", out, err, shapeDeleteRequest)
	}
	var gotReq, wantReq map[string]any
	if json.Unmarshal(sent, &gotReq) != nil || json.Unmarshal(shape(t, "DeleteExport.request.json"), &wantReq) != nil || !reflect.DeepEqual(gotReq, wantReq) {
		t.Errorf("the client sent %s, want the body of DeleteExport.request.json", sent)
	}
}

// TestVendorErrorEnvelope: the API 3.0 error envelope for a missing topic
// (the code this provider turns into "check topic_id and region") decodes
// into the client's Error, and a success envelope is no error.
func TestVendorErrorEnvelope(t *testing.T) {
	rid, err := decodeResponse(http.StatusOK, nil, shape(t, "error-topic-not-exist.json"))
	e, ok := err.(*Error)
	if !ok {
		t.Fatalf("decodeResponse = %v, want *Error", err)
	}
	const wantRID = "92f5b0e3-2c7d-4a18-b6e4-5d0c8a1f3b27"
	if e.Code != CodeTopicNotExist || rid != wantRID || e.RequestID != wantRID ||
		e.Message != "no topic "+shapeTopicID+" in this region" || e.HTTPStatus != http.StatusOK {
		t.Errorf("error = %#v (request id %q)", e, rid)
	}
	if !IsNotFound(err) || IsThrottled(err) || e.Transient() {
		t.Errorf("%v: IsNotFound %v, IsThrottled %v, Transient %v; want only not found", err, IsNotFound(err), IsThrottled(err), e.Transient())
	}
	if _, err := decodeResponse(http.StatusOK, nil, shape(t, "DeleteExport.json")); err != nil {
		t.Errorf("success envelope: %v", err)
	}
}

// TestVendorFindOwnExport: with answers in the vendor's documented shapes
// (CreateExport without the "export-" prefix, DescribeExports with it), the
// export just created is found, and it is claimed under either spelling.
func TestVendorFindOwnExport(t *testing.T) {
	for _, file := range []string{"DescribeExports.json", "DescribeExports-presigned.json"} {
		t.Run(file, func(t *testing.T) {
			c := vendorServer(t, map[string][]byte{
				"CreateExport":    shape(t, "CreateExport.json"),
				"DescribeExports": shape(t, file),
			})
			ctx := context.Background()
			out, err := c.CreateExport(ctx, shapeCreateInput)
			if err != nil {
				t.Fatal(err)
			}
			for _, fresh := range []bool{false, true} {
				e, found, err := c.FindExport(ctx, shapeTopicID, out.ExportID, FindOptions{Fresh: fresh})
				if err != nil || !found || e.ExportID != "export-"+shapeExportID {
					t.Fatalf("FindExport(%s, fresh %v) = %q, %v, %v; want the listed export-%s", out.ExportID, fresh, e.ExportID, found, err, shapeExportID)
				}
			}
			c.Claim(out.ExportID)
			if !c.Claimed("export-"+shapeExportID) || c.ClaimIfFree("EXPORT-"+shapeExportID) {
				t.Errorf("claiming %s does not claim its listed spelling export-%s", out.ExportID, shapeExportID)
			}
		})
	}
}

func TestSameID(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		want bool
	}{
		{shapeExportID, "export-" + shapeExportID, true},
		{"export-" + shapeExportID, shapeExportID, true},
		{"Export-" + strings.ToUpper(shapeExportID), shapeExportID, true},
		{"export-" + shapeExportID, "export-" + shapeExportID, true},
		{shapeExportID, "export-a3c9e1f0-6b2d-4c57-8e19-0f4d7b2a6c36", false},
		{"export-", "", false},
		{"export-", "export-", true},
		{"export-export-1", "export-1", false},
		{"", "", true},
		{shapeTopicID, strings.ToUpper(shapeTopicID), true},
	} {
		if got := SameID(tc.a, tc.b); got != tc.want {
			t.Errorf("SameID(%q, %q) = %v, want %v", tc.a, tc.b, got, tc.want)
		}
	}
}

// TestTraceLogsMaskVendorPresignedURL: at TRACE the transport logs whole
// response bodies. DescribeExports-presigned.json carries a presigned COS
// URL in the documented shape (sign=q-sign-algorithm…q-ak…q-signature…);
// its query never reaches the logs, whether the JSON writes slashes plainly
// or escaped (\/, as some JSON encoders do), nor does the access key id or
// the signature alone.
func TestTraceLogsMaskVendorPresignedURL(t *testing.T) {
	body := shape(t, "DescribeExports-presigned.json")
	secrets := []string{
		"q-signature%3Df4f3e57498b88e53d1f2281d35fe18fcb909ce57", "f4f3e57498b88e53d1f2281d35fe18fcb909ce57",
		"AKIDtelemetryShapesTestOnly00000000", "sign=q-sign-algorithm",
	}
	for _, s := range secrets {
		if !bytes.Contains(body, []byte(s)) {
			t.Fatalf("DescribeExports-presigned.json no longer holds %q", s)
		}
	}
	for name, answer := range map[string][]byte{
		"as_written":      body,
		"escaped_slashes": bytes.ReplaceAll(body, []byte("/"), []byte(`\/`)),
	} {
		t.Run(name, func(t *testing.T) {
			var out bytes.Buffer
			ctx := tflogtest.RootLogger(context.Background(), &out)
			t.Setenv("TF_LOG_PROVIDER_TELEMETRY_TENCENTCLOUD", "TRACE")
			c := vendorServer(t, map[string][]byte{"DescribeExports": answer})
			page, err := c.DescribeExports(ctx, DescribeExportsInput{TopicID: shapeTopicID})
			if err != nil || len(page.Exports) != 1 || !strings.Contains(page.Exports[0].CosPath, "q-signature") {
				t.Fatalf("DescribeExports = %+v, %v; want the presigned CosPath decoded", page, err)
			}
			logs := out.String()
			if !strings.Contains(logs, "cloud API response body") || !strings.Contains(logs, "48213") {
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
