import { readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import react from '@vitejs/plugin-react';
import type { ProxyOptions } from 'vite';
import { defineConfig, type Plugin } from 'vitest/config';

// The Go binary embeds dist/, which is committed holding only .gitkeep so the
// embed compiles before the first build. Vite's emptyOutDir would delete it,
// so the build clears everything else itself.
function cleanOutDirKeepingGitkeep(): Plugin {
  let outDir = '';
  return {
    name: 'switchboard:clean-out-dir',
    apply: 'build',
    configResolved(config) {
      outDir = path.resolve(config.root, config.build.outDir);
    },
    async buildStart() {
      const entries = await readdir(outDir).catch(() => [] as string[]);
      await Promise.all(
        entries
          .filter((name) => name !== '.gitkeep')
          .map((name) => rm(path.join(outDir, name), { recursive: true, force: true })),
      );
    },
  };
}

// The API server the dev server forwards to (`switchboard serve`).
const backend = process.env.SWITCHBOARD_DEV_BACKEND ?? 'http://localhost:8080';
const backendOrigin = new URL(backend).origin;

// The server accepts sign-ins and websockets only from its own public
// origin; behind the dev proxy the browser's origin is Vite's, so the proxy
// presents the request as coming from the backend's origin.
const proxyToBackend = (ws = false): ProxyOptions => ({
  target: backend,
  ws,
  configure(proxy) {
    const rewriteOrigin = (req: { getHeader(name: string): unknown; setHeader(name: string, value: string): void }) => {
      if (req.getHeader('origin')) req.setHeader('origin', backendOrigin);
    };
    proxy.on('proxyReq', rewriteOrigin);
    proxy.on('proxyReqWs', rewriteOrigin);
  },
});

export default defineConfig({
  plugins: [react(), cleanOutDirKeepingGitkeep()],
  build: {
    outDir: 'dist',
    emptyOutDir: false,
  },
  server: {
    proxy: {
      '/api': proxyToBackend(true),
      '/webhooks': proxyToBackend(),
      '/healthz': proxyToBackend(),
    },
  },
  test: {
    environment: 'jsdom',
    setupFiles: ['./src/test/setup.ts'],
    include: ['src/**/*.test.{ts,tsx}'],
    // Generous: CI machines run the Go suite and browsers at the same time.
    testTimeout: 20000,
    restoreMocks: true,
  },
});
