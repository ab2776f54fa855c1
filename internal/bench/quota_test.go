package bench

import (
	"testing"
	"time"
)

// The floor is the largest accepted-calls/20 s over the limited actions;
// refused calls (counted by the emulator too) and unlimited actions do not
// count.
func TestQuotaFloor(t *testing.T) {
	calls := map[string]int{"CreateExport": 250, "DescribeExports": 290, "PutExporterOutput": 5000}
	throttled := map[string]int{"DescribeExports": 10}
	floor, by := quotaFloor(calls, throttled)
	if floor != 14*time.Second || by != "DescribeExports" {
		t.Fatalf("floor %s by %s, want 14s by DescribeExports", floor, by)
	}
	throttled["DescribeExports"] = 60
	if floor, by := quotaFloor(calls, throttled); floor != 12500*time.Millisecond || by != "CreateExport" {
		t.Fatalf("floor %s by %s, want 12.5s by CreateExport", floor, by)
	}
}

func TestLongestRetryStreak(t *testing.T) {
	log := `2026-11-30T06:05:57.102Z [WARN]  provider.terraform-provider-telemetry: retrying cloud API call: action=CreateExport attempt=2 delay_ms=150 @module=telemetry.tencentcloud
2026-11-30T06:05:57.302Z [WARN]  provider.terraform-provider-telemetry: retrying cloud API call: @module=telemetry.tencentcloud action=DescribeExports attempt=4 delay_ms=700
2026-11-30T06:05:57.402Z [DEBUG] provider.terraform-provider-telemetry: cloud API call: action=CreateExport attempt=5
`
	if got := longestRetryStreak(log); got != 3 {
		t.Fatalf("longest streak %d, want 3", got)
	}
	if got := longestRetryStreak("no retries\n"); got != 0 {
		t.Fatalf("no retries: %d", got)
	}
}
