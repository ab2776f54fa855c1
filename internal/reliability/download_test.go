package reliability_test

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/acctest"
)

// truncatingReader yields n bytes of r, then fails as a cut connection does.
type truncatingReader struct {
	r io.ReadCloser
	n int64
}

func (t *truncatingReader) Read(p []byte) (int, error) {
	if t.n <= 0 {
		return 0, io.ErrUnexpectedEOF
	}
	if int64(len(p)) > t.n {
		p = p[:t.n]
	}
	n, err := t.r.Read(p)
	t.n -= int64(n)
	return n, err
}

func (t *truncatingReader) Close() error { return t.r.Close() }

// TestAccReliability_truncatedDownload cuts the archive download of a
// bare-metal export half way: nothing is left at output_path (not even a
// temporary file), the finished export is kept in the state (untainted, with
// a warning) without file attributes, and the next apply downloads the same
// export in place and writes the whole archive; no second export is started.
func TestAccReliability_truncatedDownload(t *testing.T) {
	e := acctest.NewEmulator(t, fast)
	target, _ := url.Parse(e.URL)
	var truncate atomic.Bool
	truncate.Store(true)
	proxy := httputil.NewSingleHostReverseProxy(target)
	proxy.ModifyResponse = func(resp *http.Response) error {
		if truncate.Load() && strings.HasSuffix(resp.Request.URL.Path, "/content") && resp.StatusCode == http.StatusOK {
			resp.Body = &truncatingReader{r: resp.Body, n: 4096}
		}
		return nil
	}
	proxy.ErrorLog = nil
	ts := httptest.NewServer(proxy)
	t.Cleanup(ts.Close)

	dir := t.TempDir()
	archive := filepath.Join(dir, "node1", "logs.tar.gz")
	cfg := replaceIn(e.ProviderConfig(), "huaweicloud", e.URL, ts.URL) + fmt.Sprintf(`
resource "telemetry_baremetal_log_export" "test" {
  physical_server_id = %q
  output_path        = %q
}
`, serverID, archive)

	nothingLeft := func(*terraform.State) error {
		if _, err := os.Stat(archive); !errors.Is(err, os.ErrNotExist) {
			return fmt.Errorf("a file is left at output_path after the cut download (stat: %v)", err)
		}
		var leftovers []string
		_ = filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
			if err == nil && !d.IsDir() {
				leftovers = append(leftovers, p)
			}
			return nil
		})
		if len(leftovers) != 0 {
			return fmt.Errorf("partial files left behind: %v", leftovers)
		}
		return nil
	}
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				// The failed download keeps the export, untainted, without
				// file attributes; the plan shows the download still owed.
				Config:             cfg,
				ExpectNonEmptyPlan: true,
				Check: resource.ComposeTestCheckFunc(
					nothingLeft,
					resource.TestCheckNoResourceAttr(baremetalAddr, "file_size"),
					resource.TestCheckNoResourceAttr(baremetalAddr, "file_sha256"),
					func(s *terraform.State) error {
						if s.RootModule().Resources[baremetalAddr].Primary.Tainted {
							return errors.New("the export is tainted after a failed download")
						}
						return nil
					},
				),
			},
			{
				PreConfig: func() {
					if err := nothingLeft(nil); err != nil {
						t.Fatal(err)
					}
					truncate.Store(false)
				},
				Config: cfg,
				Check: resource.ComposeTestCheckFunc(
					resource.TestCheckResourceAttrWith(baremetalAddr, "file_size", func(v string) error {
						st, err := os.Stat(archive)
						if err != nil {
							return err
						}
						if fmt.Sprint(st.Size()) != v {
							return fmt.Errorf("file_size %s, file on disk %d bytes", v, st.Size())
						}
						return nil
					}),
					func(*terraform.State) error {
						if inv := takeInventory(t, e); len(inv.BaremetalExport) != 1 {
							return fmt.Errorf("want the one export downloaded in place, the emulator holds %s", inv)
						}
						return nil
					},
				),
			},
		},
	})
}
