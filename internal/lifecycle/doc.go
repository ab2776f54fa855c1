// Package lifecycle holds the lifecycle matrix (tests only): one table per
// resource (acctest.Lifecycle) saying which arguments update in place,
// which replace, how to reach the remote object and where faults hit its
// writes, turned by acctest.LifecycleTest into every transition crossed
// with every emulator mode that acts on the resource and with both kinds of
// credentials (static keys, assumed roles with short-lived credentials),
// with the same invariants after every step. See docs/reliability.md.
package lifecycle
