package loopback

import "testing"

func TestCheck(t *testing.T) {
	for _, addr := range []string{"127.0.0.1:0", "127.8.9.10:8080", "[::1]:0", "localhost:0", "LocalHost:0"} {
		if err := Check(addr); err != nil {
			t.Errorf("Check(%q) = %v, want nil", addr, err)
		}
	}
	for _, addr := range []string{"0.0.0.0:0", ":0", "[::]:0", "192.0.2.10:0", "example.com:0", "localhost.example.com:0", "no-port"} {
		if err := Check(addr); err == nil {
			t.Errorf("Check(%q) accepted an address beyond this machine", addr)
		}
	}
}
