import { defineConfig } from 'vitest/config';

// The API's paths: in `npm run dev` they go to `make run` on :8080 (the
// dev server serves the built portal itself; this is only for editing with
// hot reload).
const api = ['/municipalities', '/valuations', '/contracts', '/flags', '/evidence', '/dev/token', '/config.json'];
const target = process.env.SRM_API ?? 'http://127.0.0.1:8080';

export default defineConfig({
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    target: 'es2022',
    sourcemap: false,
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    reportCompressedSize: false,
  },
  server: {
    proxy: Object.fromEntries(api.map((p) => [p, { target, changeOrigin: false }])),
  },
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    environment: 'node',
  },
});
