package signin

import (
	"bytes"
	"context"
	"crypto/subtle"
	_ "embed"
	"html/template"
	"io"
	"log"
	"net"
	"net/http"
	"sync"
	"time"
)

// callbackPath is the path of the redirect URI (steps.CallbackURI).
const callbackPath = "/callback"

// callback is what the browser brought back.
type callback struct {
	Code, IDToken           string
	Error, ErrorDescription string
}

// callbackServer answers the browser on the loopback listener. It delivers the first
// callback that carries this test's state to got, and only that one: a second one (a
// replay, a reloaded form_post page) is refused. A request without this test's state is
// answered with an error page and otherwise ignored: any local process can reach the
// listener, and one stray GET /callback?error=x must not end the test.
type callbackServer struct {
	state  string
	srv    *http.Server
	served chan struct{}
	got    chan callback // buffered: the handler never waits for Run

	mu        sync.Mutex
	delivered bool
	ignored   int // requests with a missing or foreign state
}

//go:embed page.html
var pageHTML string

var page = template.Must(template.New("page").Parse(pageHTML))

// startCallbackServer serves ln until close. state is the value the callback must carry.
func startCallbackServer(ln net.Listener, state string) *callbackServer {
	s := &callbackServer{state: state, served: make(chan struct{}), got: make(chan callback, 1)}
	mux := http.NewServeMux() // never http.DefaultServeMux: nothing else may answer here
	mux.Handle(callbackPath, s)
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		http.NotFound(w, r) // favicon.ico and other strays
	})
	s.srv = &http.Server{
		Handler:           mux,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      30 * time.Second,
		ErrorLog:          log.New(io.Discard, "", 0), // a browser's aborted connection is not news
	}
	go func() {
		defer close(s.served)
		_ = s.srv.Serve(ln) // ErrServerClosed after close
	}()
	return s
}

// close stops the server, giving the browser a moment to receive the page it was sent.
func (s *callbackServer) close() {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	if err := s.srv.Shutdown(ctx); err != nil {
		_ = s.srv.Close()
	}
	<-s.served
}

func (s *callbackServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodPost {
		w.Header().Set("Allow", "GET, POST")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, 1<<20)
	if err := r.ParseForm(); err != nil { // query (code flow) and form_post body alike
		showPage(w, http.StatusBadRequest, "Sign-in response unreadable", "The sign-in response could not be read: "+err.Error())
		return
	}
	cb := callback{
		Code:             r.Form.Get("code"),
		IDToken:          r.Form.Get("id_token"),
		Error:            r.Form.Get("error"),
		ErrorDescription: r.Form.Get("error_description"),
	}
	state := r.Form.Get("state")
	if cb.Code == "" && cb.IDToken == "" && cb.Error == "" && state == "" {
		showPage(w, http.StatusBadRequest, "Waiting for Okta", "This address receives Okta's answer to the idme-okta test sign-in. Open the sign-in URL shown in your terminal.")
		return
	}

	if subtle.ConstantTimeCompare([]byte(state), []byte(s.state)) != 1 {
		s.mu.Lock()
		s.ignored++
		s.mu.Unlock()
		showPage(w, http.StatusBadRequest, "Sign-in response rejected", "This response does not belong to the test sign-in that is running (its state does not match), so idme-okta ignored it and is still waiting. Sign in from the URL shown in your terminal.")
		return
	}
	s.mu.Lock()
	first := !s.delivered
	s.delivered = true
	s.mu.Unlock()
	if !first {
		showPage(w, http.StatusBadRequest, "Sign-in response already received", "idme-okta already received the answer to this test sign-in and does not accept it twice. Return to your terminal.")
		return
	}
	s.got <- cb

	switch {
	case cb.Error != "":
		msg := "Okta answered " + cb.Error
		if cb.ErrorDescription != "" {
			msg += ": " + cb.ErrorDescription
		}
		showPage(w, http.StatusOK, "Sign-in failed", msg+". Return to your terminal for what to do.")
	default:
		showPage(w, http.StatusOK, "Sign-in received — return to your terminal", "idme-okta is checking the token and the user Okta signed in.")
	}
}

func showPage(w http.ResponseWriter, status int, title, message string) {
	var buf bytes.Buffer
	if err := page.Execute(&buf, struct{ Title, Message string }{title, message}); err != nil {
		http.Error(w, title+": "+message, status)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("Referrer-Policy", "no-referrer") // the code is in this page's URL
	h.Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	_, _ = buf.WriteTo(w)
}

// ignoredCount is how many requests without this test's state were turned away.
func (s *callbackServer) ignoredCount() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.ignored
}
