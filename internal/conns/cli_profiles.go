package conns

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"
)

// cliConfig is a CLI configuration file of named profiles and the current
// one: the shape of the Alibaba Cloud CLI's config.json and of KooCLI's.
type cliConfig[P namedProfile] struct {
	Current  string `json:"current"`
	Profiles []P    `json:"profiles"`
}

// namedProfile is one profile of a cliConfig.
type namedProfile interface{ profileName() string }

// loadProfile reads the configuration file of cli ("the Alibaba Cloud CLI")
// and returns its profile name; "" means the file's current profile. A
// missing profile's error lists those the file has.
func loadProfile[P namedProfile](file, name, cli string) (P, error) {
	var zero P
	raw, err := os.ReadFile(file)
	if err != nil {
		return zero, fmt.Errorf("reading the configuration of %s: %w", cli, err)
	}
	var cfg cliConfig[P]
	if err := json.Unmarshal(raw, &cfg); err != nil {
		return zero, fmt.Errorf("%s is not the JSON configuration of %s: %v", file, cli, err)
	}
	if name == "" {
		name = cfg.Current
	}
	names := make([]string, 0, len(cfg.Profiles))
	for _, p := range cfg.Profiles {
		if p.profileName() == name {
			return p, nil
		}
		names = append(names, p.profileName())
	}
	return zero, fmt.Errorf("%s has no profile %q (it has: %s)", file, name, strings.Join(names, ", "))
}
