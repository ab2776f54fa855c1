// Package alibaba holds tests that check the Alibaba client and emulator
// against the vendor's official Go SDK (test-only dependencies: the
// provider binary links none of them, since no package the binary imports
// imports this one). The emulator's answers are checked against the SDK's
// response models in sdkmodels/, a Go module of its own (make
// vendor-contract).
package alibaba
