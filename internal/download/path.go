package download

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
)

// PathProblem says why p cannot name the file to write, judged from the
// path and the file system at plan time, or returns "". example is a file
// name suggested when p names a directory. It never creates anything.
func PathProblem(p, example string) string {
	if strings.HasSuffix(p, "/") || strings.HasSuffix(p, string(filepath.Separator)) {
		return fmt.Sprintf("output_path (%s) ends with a slash, so it names a directory; it must name the file to write, e.g. %s.",
			p, filepath.Join(p, example))
	}
	if fi, err := os.Stat(p); err == nil && fi.IsDir() {
		return fmt.Sprintf("output_path (%s) is an existing directory; it must name the file to write, e.g. %s.",
			p, filepath.Join(p, example))
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

// ApplyProblem says why the file cannot be written at p, or returns "": the
// plan-time rules (the configuration may have been unknown then, or the
// file system changed), then a probe: the directory is created if missing
// and a file is created in it and removed.
func ApplyProblem(p, example string) string {
	if problem := PathProblem(p, example); problem != "" {
		return problem
	}
	if err := probeDir(p); err != nil {
		return fmt.Sprintf("output_path (%s) cannot be written: %v.", p, err)
	}
	return ""
}

// probeDir creates the directory of p if missing, then creates a file in it
// and removes it.
func probeDir(p string) error {
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

// RestoreMissingFileDoc describes restore_missing_file, the same on every
// resource that downloads to output_path.
const RestoreMissingFileDoc = "What a refresh makes of a file missing at `output_path`. `true` (default): the file is drift, and the next apply downloads it again (in place; a replacement if the export can no longer be downloaded). " +
	"`false`: a missing file is not drift, so a fresh working directory (HCP Terraform, Atlantis, a CI job: every run on a new worker) plans nothing for it; a file that is present but differs from `file_sha256` still is drift. " +
	"Changing it updates in place and calls no API."
