package okta

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"
)

// A read whose answer was lost on the way (a gateway's 502/503/504, the connection closed
// in the middle of the answer) is sent once more after a short, announced pause: a read
// changes nothing, and one lost answer should not end a whole run.
func TestALostReadIsSentOnceMore(t *testing.T) {
	cut := func(w http.ResponseWriter) {
		conn, buf, err := w.(http.Hijacker).Hijack()
		if err != nil {
			return
		}
		_, _ = buf.WriteString("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 80\r\n\r\n{\"id\":\"0o")
		_ = buf.Flush()
		_ = conn.Close()
	}
	for name, fail := range map[string]func(w http.ResponseWriter){
		"502 page": func(w http.ResponseWriter) { w.Header().Set("Content-Type", "text/html"); w.WriteHeader(502) },
		"503": func(w http.ResponseWriter) {
			writeJSON(w, 503, `{"errorCode":"E0000010","errorSummary":"Service is down for maintenance"}`)
		},
		"504": func(w http.ResponseWriter) { w.WriteHeader(504) },
		"cut": cut,
	} {
		t.Run(name, func(t *testing.T) {
			f := newFakeOkta(t, failFirst(1, fail))
			c, s := newTestClient(t, f)
			var said []string
			c.OnWait(func(w Wait) { said = append(said, w.Say(w.Until.Add(-w.For))) })
			if _, err := c.GetIdP(context.Background(), "0oa1"); err != nil {
				t.Fatalf("a read whose answer was lost once failed the call: %v", err)
			}
			if n := len(f.Hits()); n != 2 {
				t.Errorf("%d requests, want 2", n)
			}
			if w := s.waits(); len(w) != 1 || w[0] != time.Second {
				t.Errorf("waits %v, want one pause of 1 s", w)
			}
			if len(said) != 1 || !strings.Contains(said[0], `"read identity provider"`) || !strings.Contains(said[0], "1 s") {
				t.Errorf("the pause was announced as %q", said)
			}

			// Twice in a row is an answer: the call fails after two requests.
			f2 := newFakeOkta(t, failFirst(2, fail))
			c2, _ := newTestClient(t, f2)
			_, err := c2.GetIdP(context.Background(), "0oa1")
			if err == nil {
				t.Fatal("a read failing twice succeeded")
			}
			if strings.Contains(err.Error(), "could not reach") {
				t.Errorf("Okta was reached, but the error says otherwise: %v", err)
			}
			if n := len(f2.Hits()); n != 2 {
				t.Errorf("%d requests, want 2", n)
			}
		})
	}
}

// Okta's own verdicts on a read are not asked again: a 500 E0000009 (Okta's internal error
// is usually about the request), a 404, a 400.
func TestOktasVerdictOnAReadIsNotAskedAgain(t *testing.T) {
	for _, status := range []int{400, 404, 500} {
		f := newFakeOkta(t, func(w http.ResponseWriter, r *http.Request) {
			writeJSON(w, status, `{"errorCode":"E0000009","errorSummary":"Internal Server Error"}`)
		})
		c, s := newTestClient(t, f)
		if _, err := c.GetIdP(context.Background(), "0oa1"); err == nil {
			t.Fatalf("%d: no error", status)
		}
		if n := len(f.Hits()); n != 1 || len(s.waits()) != 0 {
			t.Errorf("%d: %d requests, waits %v; want 1, none", status, n, s.waits())
		}
	}
}
