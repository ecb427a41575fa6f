// Package migrations holds the numbered SQL migrations of Switchboard's schema.
// Each NNNN_name.tx.up.sql / .tx.down.sql pair runs in one transaction.
package migrations

import "embed"

// FS holds every migration file.
//
//go:embed *.sql
var FS embed.FS
