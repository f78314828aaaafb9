import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// Paths are relative to the repo root: `npm run build:web` / `npm run dev:web` always run from there.
export default defineConfig({
  root: 'web',
  base: '/',
  plugins: [react()],
  build: {
    outDir: '../dist/web',
    emptyOutDir: true,
    // dist/web/.vite/manifest.json: bench/web-bundle.ts reads the initial and per-page chunks from it
    manifest: true,
  },
  server: {
    port: 5173,
    proxy: { '/api': { target: 'http://127.0.0.1:3000' } },
  },
});
