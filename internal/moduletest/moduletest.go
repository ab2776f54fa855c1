// Package moduletest runs what module authors and CI pipelines run, with the
// real Terraform CLI and a freshly built provider against an in-process
// emulator: the example module's `terraform test` suite and the drift-check
// recipe. It has tests only; this file documents the package.
package moduletest
