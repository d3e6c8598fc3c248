//go:build !unix

package steps

import "io/fs"

// untrusted has nothing to check here: Windows guards files with ACLs, not mode bits, and
// the state directory under %LocalAppData% is private to the user by default.
// unverified: a progress file whose ACL lets other users write it is not detected.
func untrusted(fs.FileInfo) string { return "" }
