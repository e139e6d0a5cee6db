import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants as zlib, gzipSync } from 'node:zlib';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

const api = 'http://127.0.0.1:4000';
const root = fileURLToPath(new URL('.', import.meta.url));

// The web app: `npm run dev:client` serves it with the API proxied to a server on port 4000;
// `npm run build:client` writes client/dist, which the server serves at `/`: hashed files under
// `/assets/` (cached for a year), each with `.br` and `.gz` beside it for the server to pick from
// by the browser's Accept-Encoding.
export default defineConfig({
  root,
  plugins: [react(), documentImports(), precompress()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    rolldownOptions: {
      output: {
        // Libraries change far less often than our code: in chunks of their own, a new release of
        // the app leaves them in the browser's cache. Pages come in chunks of their own (App.tsx).
        codeSplitting: {
          groups: [
            { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler|react-router)[\\/]/, priority: 2 },
            { name: 'apollo', test: /node_modules[\\/]/, priority: 1 },
            // Our helpers and the gql index that several chunks share (settle, fragment masking…):
            // one chunk, not a request each for a few bytes (the gql index was an empty file of its own).
            { name: 'shared', test: /[\\/]client[\\/]src[\\/](lib|gql)[\\/]/, minShareCount: 2, priority: 0 },
          ],
        },
      },
    },
  },
  // Every route the server answers itself (server/src/app/http.ts and the modules' HttpRoutes).
  // `/unsubscribe` is also a page of the app: only its POST (RFC 8058 one-click) goes to the server,
  // a GET is the page with the button. The mailbox page is the app's; the list it reads is the
  // server's, which serves it to loopback peers only: this proxy is one, so keep the dev server on
  // localhost (Vite's default; not `--host`) for the mailbox to stay on this machine.
  server: {
    proxy: {
      '/graphql': { target: api, ws: true },
      '/webhooks': api,
      '/healthz': api,
      '/unsubscribe': { target: api, bypass: (req) => (req.method === 'POST' ? undefined : '/index.html') },
      '/dev/mailbox.json': api,
    },
  },
});

/**
 * What the client preset's Babel plugin does, for Rolldown: each `graphql(`…`)` call becomes an
 * import of that one document. Without it every page would carry the preset's map of all the
 * app's documents (`src/gql/gql.ts`) in the first chunk. Each document is a module of its own,
 * its literal copied from `src/gql/graphql.ts` (one module holding them all would land whole in
 * the chunk every page shares), so a page's documents travel in the page's chunk. The call's text
 * is looked up in the preset's own map, so the document is exactly the one the call returns at run
 * time; a call the map does not know (codegen not run) is left as it is, with a warning, and still
 * works.
 */
function documentImports(): Plugin {
  const gqlDir = path.join(root, 'src', 'gql');
  const prefix = 'virtual:techgigs-document/';
  /** A call's text → the name of its document; a name → its literal (a DocumentNode as JSON). */
  let names = new Map<string, string>();
  let literals = new Map<string, string>();
  return {
    name: 'techgigs:graphql-document-imports',
    apply: 'build',
    buildStart() {
      const map = readFileSync(path.join(gqlDir, 'gql.ts'), 'utf8');
      const documents = map.slice(map.indexOf('const documents'));
      names = new Map([...documents.matchAll(/^\s*("(?:[^"\\]|\\.)*"): types\.(\w+),?$/gm)].map(([, key, name]) => [JSON.parse(key) as string, name]));
      const types = readFileSync(path.join(gqlDir, 'graphql.ts'), 'utf8');
      literals = new Map([...types.matchAll(/^export const (\w+) = (\{.*\}) as unknown as DocumentNode</gm)].map(([, name, literal]) => [name, literal]));
      if (names.size === 0 || literals.size === 0) this.error(`no documents found in ${gqlDir}: has the client preset's format changed?`);
    },
    resolveId(id) {
      return id.startsWith(prefix) && literals.has(id.slice(prefix.length)) ? `\0${id}` : null;
    },
    load(id) {
      return id.startsWith(`\0${prefix}`) ? `export default ${literals.get(id.slice(prefix.length + 1))};` : null;
    },
    transform: {
      filter: { id: { include: /[\\/]client[\\/]src[\\/].*\.tsx?$/, exclude: /[\\/]src[\\/]gql[\\/]/ } },
      handler(code, id) {
        if (!code.includes('graphql(')) return null;
        const used = new Set<string>();
        const rewritten = code.replace(/\bgraphql\(\s*`((?:[^`\\]|\\.)*)`\s*\)/g, (call, text: string) => {
          // Escapes and substitutions would need evaluating; the app's documents have neither.
          const name = /\\|\$\{/.test(text) ? undefined : names.get(text);
          if (!name || !literals.has(name)) {
            this.warn(`${path.relative(root, id)}: a graphql() call that is not in src/gql/ as written (run \`npm run codegen\`); it keeps the map of every document in the bundle`);
            return call;
          }
          used.add(name);
          // As many lines as the call had, and the imports at the end: every other line keeps its number.
          return `__document_${name}${'\n'.repeat(call.split('\n').length - 1)}`;
        });
        if (used.size === 0) return null;
        const imports = [...used].map((name) => `import __document_${name} from ${JSON.stringify(prefix + name)};`).join(' ');
        return { code: `${rewritten}\n${imports}`, map: null };
      },
    },
  };
}

/** Text files worth compressing; images such as PNG are compressed already. */
const COMPRESSIBLE = /\.(js|mjs|css|html|svg|json|webmanifest|txt|xml|map)$/;
/** Below this a compressed copy saves less than a packet. */
const MIN_BYTES = 1024;

/**
 * Writes `name.br` (Brotli, best quality) and `name.gz` (gzip, level 9) beside every text file of
 * the build, once, at build time, so the server never compresses on a request. A copy that would
 * not be smaller than the file is not written (the server then sends the file as it is).
 */
function precompress(): Plugin {
  let outDir = '';
  return {
    name: 'techgigs:precompress',
    apply: 'build',
    configResolved(config) {
      outDir = path.resolve(config.root, config.build.outDir);
    },
    closeBundle() {
      const files = (dir: string): string[] =>
        readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? files(path.join(dir, entry.name)) : [path.join(dir, entry.name)]));
      for (const file of files(outDir)) {
        if (!COMPRESSIBLE.test(file) || statSync(file).size < MIN_BYTES) continue;
        const content = readFileSync(file);
        const variants: Array<[string, Buffer]> = [
          ['.br', brotliCompressSync(content, { params: { [zlib.BROTLI_PARAM_QUALITY]: zlib.BROTLI_MAX_QUALITY, [zlib.BROTLI_PARAM_SIZE_HINT]: content.length } })],
          ['.gz', gzipSync(content, { level: 9 })],
        ];
        for (const [extension, compressed] of variants) if (compressed.length < content.length) writeFileSync(file + extension, compressed);
      }
    },
  };
}
