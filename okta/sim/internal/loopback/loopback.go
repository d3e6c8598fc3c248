// Package loopback keeps the simulators on this machine: they accept fixed test
// credentials, so they must never be reachable from the network.
package loopback

import (
	"fmt"
	"net"
	"strings"
)

// Check returns an error unless addr (host:port) names a loopback listener: localhost or a
// loopback IP. An empty host (":0") listens on every interface and is refused.
func Check(addr string) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("listen address %q: %w", addr, err)
	}
	if strings.EqualFold(host, "localhost") {
		return nil
	}
	if ip := net.ParseIP(host); ip != nil && ip.IsLoopback() {
		return nil
	}
	return fmt.Errorf("listen address %q is not loopback", addr)
}
