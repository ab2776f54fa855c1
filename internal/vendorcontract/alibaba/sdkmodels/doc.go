// Package sdkmodels checks every answer the emulator's Alibaba CloudMonitor
// handlers send against the response models of Alibaba's official Go SDK
// (github.com/aliyun/alibaba-cloud-sdk-go, services/cms, API 2019-01-01).
// That SDK is one very large module, so this is a Go module of its own: the
// provider's module never downloads it and the provider binary never links
// it. Run it with `make vendor-contract`.
//
// The generated per-API module github.com/alibabacloud-go/cms-20190101 would
// have served as well, but the Go module proxy this project uses refuses
// every major version of it (403, "This module version is not available").
package sdkmodels
