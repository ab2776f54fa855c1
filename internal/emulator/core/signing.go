package core

import "net/http"

// SignedHeaderValues returns the values of the signed headers of r, by their
// lower-case names, as a gateway recomputing a signature sees them: "host"
// is r.Host (Go moves the Host header there), any other name every value of
// that header.
func SignedHeaderValues(r *http.Request, signed map[string]bool) map[string][]string {
	headers := make(map[string][]string, len(signed))
	for name := range signed {
		if name == "host" {
			headers[name] = []string{r.Host}
			continue
		}
		headers[name] = r.Header.Values(name)
	}
	return headers
}
