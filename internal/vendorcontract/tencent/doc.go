// Package tencent holds only tests: they decode what the emulator's Tencent
// CLS handlers answer with the official SDK's response models
// (github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/cls/v20201016),
// a test-only dependency. Nothing in the provider imports this package, so
// the provider binary does not link the SDK.
package tencent
