package huawei_test

import (
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"testing"
)

// TestShapesGatewayErrors holds the gateway 401 bodies this project wrote
// in the documented shape (internal/cloud/huaweicloud/testdata/shapes)
// against the SDK's error reader, as every emulator error body is held.
func TestShapesGatewayErrors(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("..", "..", "cloud", "huaweicloud", "testdata", "shapes", "gateway.401.*.json"))
	if err != nil || len(files) != 3 {
		t.Fatalf("gateway shapes = %v, %v; want 3 files", files, err)
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			body, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			var obj struct {
				RequestID string `json:"request_id"`
			}
			if err := json.Unmarshal(body, &obj); err != nil {
				t.Fatal(err)
			}
			h := http.Header{}
			h.Set("X-Request-Id", obj.RequestID)
			if err := checkError(exchange{op: "gateway", status: http.StatusUnauthorized, header: h, body: body}); err != nil {
				t.Error(err)
			}
		})
	}
}
