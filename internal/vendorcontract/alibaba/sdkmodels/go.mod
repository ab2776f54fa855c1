module github.com/cloud-telemetry/terraform-provider-telemetry/internal/vendorcontract/alibaba/sdkmodels

go 1.26.8

require github.com/cloud-telemetry/terraform-provider-telemetry v0.0.0-00010101000000-000000000000

require (
	github.com/aliyun/alibaba-cloud-sdk-go v1.63.107
	github.com/fatih/color v1.18.0 // indirect
	github.com/hashicorp/go-hclog v1.6.3 // indirect
	github.com/hashicorp/terraform-plugin-log v0.11.0 // indirect
	github.com/jmespath/go-jmespath v0.4.0 // indirect
	github.com/json-iterator/go v1.1.12 // indirect
	github.com/mattn/go-colorable v0.1.14 // indirect
	github.com/mattn/go-isatty v0.0.20 // indirect
	github.com/modern-go/concurrent v0.0.0-20180306012644-bacd9c7ef1dd // indirect
	github.com/modern-go/reflect2 v1.0.2 // indirect
	github.com/opentracing/opentracing-go v1.2.1-0.20220228012449-10b1cf09e00b // indirect
	golang.org/x/sys v0.43.0 // indirect
	gopkg.in/ini.v1 v1.67.0 // indirect
)

replace github.com/cloud-telemetry/terraform-provider-telemetry => ../../../..
