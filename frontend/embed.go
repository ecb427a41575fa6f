// Package frontend embeds the built web app (Vite output in dist/).
package frontend

import "embed"

// Dist holds the production build; it holds only .gitkeep until
// `npm run build` has run.
//
//go:embed all:dist
var Dist embed.FS
