//go:build !unix

package steps

import "io/fs"

// fileOwner: Windows names owners by SID, not uid, and guards files with ACLs (untrustedOn).
func fileOwner(fs.FileInfo) (int, bool) { return 0, false }
