package moduletest

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/acctest"
)

// quickStartHeading is the README section the quick-start test runs.
const quickStartHeading = "## Quick start"

// readmeSection is the text of one "## " section of README.md.
func readmeSection(t *testing.T, heading string) string {
	t.Helper()
	readme, err := os.ReadFile(filepath.Join(acctest.RepoRoot(), "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	start := strings.Index(string(readme), "\n"+heading+"\n")
	if start < 0 {
		t.Fatalf("README.md has no section %q", heading)
	}
	section := string(readme)[start+len(heading)+2:]
	if end := strings.Index(section, "\n## "); end >= 0 {
		section = section[:end]
	}
	return section
}

// quickStartScript turns the quick start's code blocks, in order, into one
// bash script: a ```sh block as written, a ```hcl block saved as main.tf in
// the current directory, as the text before it says. Anything else fails:
// the test must run all the README shows.
func quickStartScript(t *testing.T, section string) string {
	t.Helper()
	blocks := regexp.MustCompile("(?s)```(\\w*)\n(.*?)```").FindAllStringSubmatchIndex(section, -1)
	var script strings.Builder
	script.WriteString("set -eo pipefail -x\n")
	prev, shells, hcls := 0, 0, 0
	for _, b := range blocks {
		lang, body, before := section[b[2]:b[3]], section[b[4]:b[5]], section[prev:b[0]]
		prev = b[1]
		switch lang {
		case "sh":
			shells++
			script.WriteString(body)
		case "hcl":
			hcls++
			if !strings.Contains(before, "`main.tf`") {
				t.Fatalf("the text before the quick start's HCL block must say to save it as `main.tf`:\n%s", before)
			}
			fmt.Fprintf(&script, "cat > main.tf <<'README_HCL_BLOCK'\n%sREADME_HCL_BLOCK\n", body)
		default:
			t.Fatalf("the quick start has a ```%s block; the test runs only sh and hcl blocks", lang)
		}
	}
	if shells < 2 || hcls != 1 {
		t.Fatalf("the quick start has %d sh and %d hcl blocks; want the set-up and run commands and one configuration", shells, hcls)
	}
	return script.String()
}

// cleanClone copies the repository's files, as a fresh clone has them
// (no bin/, dist/, .git or Terraform working files), into a new directory.
func cleanClone(t *testing.T) string {
	t.Helper()
	root, dst := acctest.RepoRoot(), t.TempDir()
	err := filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		skip := rel == ".git" || rel == "bin" || rel == "dist" || d.Name() == ".terraform"
		switch {
		case skip && d.IsDir():
			return filepath.SkipDir
		case skip: // a worktree's .git is a file; SkipDir would skip its siblings
			return nil
		case strings.HasSuffix(d.Name(), ".tfstate"), strings.Contains(d.Name(), ".tfstate."), d.Name() == ".terraform.lock.hcl":
			return nil
		case d.IsDir():
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), data, info.Mode().Perm())
	})
	if err != nil {
		t.Fatal(err)
	}
	return dst
}

// freePort is a loopback TCP port nothing listens on right now.
func freePort(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	_, port, _ := net.SplitHostPort(ln.Addr().String())
	return port
}

// quickStartEnv is a newcomer's shell: a fresh HOME, the terraform under
// test on PATH, the emulator's port chosen through PORT as the README
// offers, and Go's caches kept (found before HOME moves) with downloads
// turned off: the quick start builds from what the clone and the module
// cache already hold.
func quickStartEnv(t *testing.T, home string) []string {
	t.Helper()
	out, err := exec.Command("go", "env", "GOCACHE", "GOMODCACHE", "GOPATH").Output()
	if err != nil {
		t.Fatalf("go env: %v", err)
	}
	goenv := strings.Fields(string(out))
	path := os.Getenv("PATH")
	if tf := acctest.TerraformPath(); filepath.IsAbs(tf) {
		path = filepath.Dir(tf) + string(os.PathListSeparator) + path
	}
	var env []string
	for _, kv := range acctest.CleanEnv() {
		name, _, _ := strings.Cut(kv, "=")
		switch name {
		case "HOME", "PATH", "PORT", "EMULATOR", "GOCACHE", "GOMODCACHE", "GOPATH", "GOPROXY", "GOTOOLCHAIN", "GOFLAGS", "CHECKPOINT_DISABLE":
			continue
		}
		env = append(env, kv)
	}
	return append(env, "HOME="+home, "PATH="+path, "PORT="+freePort(t), "CHECKPOINT_DISABLE=1",
		"GOCACHE="+goenv[0], "GOMODCACHE="+goenv[1], "GOPATH="+goenv[2], "GOPROXY=off", "GOTOOLCHAIN=local", "GOFLAGS=-mod=readonly -buildvcs=false")
}

// The README's quick start works as written: its code blocks, run in order
// by bash in a clean copy of the repository with a fresh HOME, build the
// provider and the emulator, write the dev_overrides CLI configuration,
// start the emulator, apply the configuration, find the next plan clean,
// destroy and stop the emulator. Nothing is downloaded (GOPROXY=off, and
// Terraform never runs init). The test fails when the blocks drift from
// what works.
func TestReadmeQuickStart(t *testing.T) {
	acctest.RequireCLI(t)
	section := readmeSection(t, quickStartHeading)
	for _, want := range []string{"skip `terraform init`", "dev_overrides", "failed to query available provider packages"} {
		if !strings.Contains(strings.ToLower(section), want) {
			t.Errorf("the quick start no longer says %q", want)
		}
	}
	script := quickStartScript(t, section)
	clone, home := cleanClone(t), t.TempDir()

	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "bash", "-c", script)
	cmd.Dir, cmd.Env = clone, quickStartEnv(t, home)
	// Its own process group, so that whatever it leaves running (the
	// emulator, if a block fails before `kill %1`) is stopped with it.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	if cmd.Process != nil {
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
	}
	if err != nil {
		log, _ := os.ReadFile(filepath.Join(home, "telemetry-quickstart", "emulator.log"))
		t.Fatalf("the README's quick start failed (%v):\n%s\nemulator log:\n%s", err, out.String(), log)
	}
	for _, want := range []string{"Apply complete! Resources: 2 added", "No changes.", "Destroy complete! Resources: 2 destroyed"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("the quick start's output lacks %q:\n%s", want, out.String())
		}
	}
	if strings.Contains(out.String(), "terraform init") && !strings.Contains(out.String(), "Skip terraform init") {
		t.Errorf("the quick start ran terraform init:\n%s", out.String())
	}
}
