import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const api = 'http://127.0.0.1:4000';

// The web app: `npm run dev:client` serves it with the API proxied to a server on port 4000;
// `npm run build:client` writes client/dist, which the server serves at `/`.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true },
  server: {
    proxy: {
      '/graphql': { target: api, ws: true },
      '/webhooks': api,
      '/healthz': api,
    },
  },
});
