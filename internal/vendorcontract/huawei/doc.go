// Package huawei checks every answer the emulator's Huawei CloudDC handlers
// send against the official Go SDK's response models
// (github.com/huaweicloud/huaweicloud-sdk-go-v3, services/clouddc/v1). It is
// a Go module of its own because that SDK is one very large module: the
// provider's module never downloads it and the provider binary never links
// it. Run it with `make vendor-contract`.
package huawei
