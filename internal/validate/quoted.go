package validate

import "strings"

// Quoted renders allowed values for a description or message: `a`, `b`.
// Every service package uses it, so that every list of allowed values
// reads the same.
func Quoted(values []string) string {
	q := make([]string, len(values))
	for i, v := range values {
		q[i] = "`" + v + "`"
	}
	return strings.Join(q, ", ")
}
