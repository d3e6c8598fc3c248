package sim

import (
	"encoding/base64"
	"math/rand/v2"
	"strconv"
	"strings"
	"time"
)

// Okta ids are 20 characters: a 3-character prefix that names the kind of object
// ("0oa" apps and IdPs, "00u" users, "00g" groups, "00p" policies, "0pr" rules,
// "prm" mappings, "oty" user types, "osc" schemas) followed by 17 base62 characters.
const idAlphabet = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"

// Prefixes of the ids the simulated org hands out, as real orgs do.
const (
	prefixApp      = "0oa" // apps and identity providers share this prefix
	prefixUser     = "00u"
	prefixGroup    = "00g"
	prefixPolicy   = "00p"
	prefixRule     = "0pr"
	prefixMapping  = "prm"
	prefixUserType = "oty"
	prefixSchema   = "osc"
	prefixRole     = "ra1"
	prefixOrg      = "00o"
)

func randomString(n int) string {
	var b strings.Builder
	b.Grow(n)
	for range n {
		b.WriteByte(idAlphabet[rand.N(len(idAlphabet))])
	}
	return b.String()
}

// newID returns a fresh Okta-looking id with the given 3-character prefix.
func newID(prefix string) string { return prefix + randomString(17) }

// newRequestID returns a value for X-Okta-Request-Id (real ones are 27 characters, URL-safe).
func newRequestID() string { return randomString(27) }

// newErrorID returns an errorId like "oaezx_8VD9aQYq6Y6vWGQ9IOg".
func newErrorID() string { return "oae" + randomString(22) }

// newUUID returns a random RFC 4122 version-4 UUID string, the form of LogEvent.uuid.
func newUUID() string {
	var b [16]byte
	for i := range b {
		b[i] = byte(rand.N(256))
	}
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	const hex = "0123456789abcdef"
	var s strings.Builder
	for i, c := range b {
		if i == 4 || i == 6 || i == 8 || i == 10 {
			s.WriteByte('-')
		}
		s.WriteByte(hex[c>>4])
		s.WriteByte(hex[c&0x0f])
	}
	return s.String()
}

// newAPIToken returns an SSWS token in the shape Okta issues (42 characters, "00" first).
func newAPIToken() string { return "00" + randomString(40) }

// oktaTime formats a timestamp the way Okta does: UTC with milliseconds.
func oktaTime(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000Z") }

// A cursor is the opaque "after" value of a Link: rel="next" URL. It wraps the
// creation sequence number of the last item served, so deletions between pages do not
// make the walk skip or repeat items. Clients must treat it as opaque, as with Okta.
func encodeCursor(seq int64) string {
	return base64.RawURLEncoding.EncodeToString([]byte("sim:" + strconv.FormatInt(seq, 10)))
}

func decodeCursor(s string) (int64, bool) {
	raw, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return 0, false
	}
	num, ok := strings.CutPrefix(string(raw), "sim:")
	if !ok {
		return 0, false
	}
	seq, err := strconv.ParseInt(num, 10, 64)
	return seq, err == nil
}
