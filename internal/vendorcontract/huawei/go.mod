module github.com/cloud-telemetry/terraform-provider-telemetry/internal/vendorcontract/huawei

go 1.26.8

require github.com/cloud-telemetry/terraform-provider-telemetry v0.0.0-00010101000000-000000000000

require (
	github.com/fatih/color v1.18.0 // indirect
	github.com/hashicorp/go-hclog v1.6.3 // indirect
	github.com/hashicorp/terraform-plugin-log v0.11.0 // indirect
	github.com/huaweicloud/huaweicloud-sdk-go-v3 v0.1.215
	github.com/json-iterator/go v1.1.13-0.20220915233716-71ac16282d12 // indirect
	github.com/mattn/go-colorable v0.1.14 // indirect
	github.com/mattn/go-isatty v0.0.20 // indirect
	github.com/modern-go/concurrent v0.0.0-20180228061459-e0a39a4cb421 // indirect
	github.com/modern-go/reflect2 v1.0.2 // indirect
	go.mongodb.org/mongo-driver v1.13.1 // indirect
	golang.org/x/sys v0.43.0 // indirect
	gopkg.in/ini.v1 v1.67.0 // indirect
)

replace github.com/cloud-telemetry/terraform-provider-telemetry => ../../..
