/** Vite build of the web UI: root is `src/web`, output goes to `dist/web` at the repository root. */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const root = fileURLToPath(new URL('.', import.meta.url));
const outDir = fileURLToPath(new URL('../../dist/web', import.meta.url));

export default defineConfig({
  root,
  base: './',
  plugins: [react()],
  build: { outDir, emptyOutDir: true, chunkSizeWarningLimit: 1500, sourcemap: false },
  server: {
    // `RENKEI_HUB=http://127.0.0.1:8080 npx vite --config src/web/vite.config.ts` proxies the API in development.
    proxy: process.env.RENKEI_HUB ? { '/api': { target: process.env.RENKEI_HUB, changeOrigin: true } } : undefined,
  },
});
