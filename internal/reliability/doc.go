// Package reliability holds the provider's reliability and security suite:
// the fault matrix (every mutating call under every fault the emulator can
// inject), an interrupted apply, invalid configurations and import IDs,
// secrets under TF_LOG=TRACE and credential failures. It has tests only;
// this file documents the package.
package reliability
