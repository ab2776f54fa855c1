package transport

import (
	"strings"
	"testing"
)

func TestMaskBody(t *testing.T) {
	const secret = "S3CR3T-value"
	tests := map[string]struct {
		body string
		keep []string // what must survive
	}{
		"ConfigJson object":      {`{"Datapoints":{"Datapoint":[{"ConfigJson":{"ak":"LTAIid","as":"` + secret + `","project":"p"}}]}}`, []string{`"ak":"LTAIid"`, `"as":"***"`, `"project":"p"`}},
		"ConfigJson string":      {`{"ConfigJson":"{\"ak\":\"LTAIid\",\"as\":\"` + secret + `\"}"}`, []string{`LTAIid`, `***`}},
		"tokens and secrets":     {`{"Credentials":{"SecurityToken":"` + secret + `","AccessKeySecret":"` + secret + `"},"X-Auth-Token":"` + secret + `"}`, []string{`"SecurityToken":"***"`}},
		"paging token kept":      {`{"NextToken":"page-2","token":"` + secret + `"}`, []string{`"NextToken":"page-2"`}},
		"not JSON":               {`oops "as": "` + secret + `" and \"sk\":\"` + secret + `\"`, []string{`"as": "***"`}},
		"numbers and html kept":  {`{"Total":12345678901234567890,"Url":"a<b>&c","as":"` + secret + `"}`, []string{`12345678901234567890`, `a<b>&c`}},
		"secret spelled oddly":   {`{"As":"` + secret + `","sls_access_key_secret":"` + secret + `"}`, nil},
		"array of pairs":         {`[{"ak":"x","as":"` + secret + `"},{"ak":"y","as":"` + secret + `"}]`, []string{`"ak":"y"`}},
		"nested JSON in a field": {`{"Message":"echo {\"as\":\"` + secret + `\"}"}`, []string{`echo`}},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			got := MaskBody([]byte(tt.body))
			if strings.Contains(got, secret) {
				t.Errorf("MaskBody kept the secret: %s", got)
			}
			for _, k := range tt.keep {
				if !strings.Contains(got, k) {
					t.Errorf("MaskBody lost %q: %s", k, got)
				}
			}
		})
	}
}
