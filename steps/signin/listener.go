package signin

import (
	"fmt"
	"net"
	"strconv"
)

// listenLoopback binds 127.0.0.1 only: the callback carries a code or an ID token, and the
// listener must not be reachable from the network (never 0.0.0.0, and not "localhost", which
// may resolve to ::1 while the registered redirect URI says 127.0.0.1). When the preferred
// port cannot be bound, a free one is taken instead; fellBack says why, for a note.
func listenLoopback(preferred int) (ln net.Listener, port int, fellBack error, err error) {
	ln, fellBack = net.Listen("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(preferred)))
	if fellBack != nil {
		ln, err = net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return nil, 0, fellBack, fmt.Errorf("listen on 127.0.0.1 for the sign-in callback: %w", err)
		}
	}
	return ln, ln.Addr().(*net.TCPAddr).Port, fellBack, nil
}
