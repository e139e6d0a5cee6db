import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { testDatabaseUrl } from '../../test/harness';
import { loadConfig } from '../config';
import { createApp, type App } from './index';
import { negotiateEncoding, type Coding } from './web-app';

/**
 * The web app's files as the server sends them (issue 13, item 6): compressed copies chosen by
 * Accept-Encoding, one-year immutable caching for hashed assets, `no-cache` for the shell. Over
 * node:http, not fetch, which would undo the compression before the test could see it.
 */

interface Raw {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

function get(url: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const request = http.request(url, { method, headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) }));
      response.on('error', reject);
    });
    request.on('error', reject);
    request.end();
  });
}

/** What the body says once its Content-Encoding is undone. */
function decoded(answer: Raw): string {
  switch (answer.headers['content-encoding']) {
    case 'br':
      return brotliDecompressSync(answer.body).toString('utf8');
    case 'gzip':
      return gunzipSync(answer.body).toString('utf8');
    case undefined:
      return answer.body.toString('utf8');
    default:
      throw new Error(`unexpected Content-Encoding ${answer.headers['content-encoding']}`);
  }
}

const varyNames = (answer: Raw): string[] => String(answer.headers.vary ?? '').split(',').map((name) => name.trim().toLowerCase());

const CHROMIUM = 'gzip, deflate, br, zstd';
const YEAR = 'public, max-age=31536000, immutable';

describe('the web app files', () => {
  let app: App;
  let dist: string;
  // Big enough to be worth compressing, like the real build's files.
  const script = `console.log(${JSON.stringify('TechGigs '.repeat(400))});\n`;
  const shell = `<!doctype html><html><head><script type="module" src="/assets/app-3f2a1b.js"></script></head><body><div id="root"></div><!-- ${'padding '.repeat(200)} --></body></html>`;
  const style = 'body { color: black }\n';

  beforeAll(async () => {
    dist = mkdtempSync(path.join(os.tmpdir(), 'techgigs-web-app-'));
    mkdirSync(path.join(dist, 'assets'));
    // As client/vite.config.ts's precompress step writes them: a copy per coding beside the file.
    const write = (name: string, content: string, copies: boolean) => {
      writeFileSync(path.join(dist, name), content);
      if (!copies) return;
      writeFileSync(path.join(dist, `${name}.br`), brotliCompressSync(content));
      writeFileSync(path.join(dist, `${name}.gz`), gzipSync(content));
    };
    write('index.html', shell, true);
    write('assets/app-3f2a1b.js', script, true);
    // Too small to compress: the build writes no copies.
    write('assets/app-3f2a1b.css', style, false);
    write('favicon.svg', '<svg xmlns="http://www.w3.org/2000/svg"/>', false);
    writeFileSync(path.join(dist, '.secret'), 'not the web app');
    // The copies are of the same moment as their file (as a build writes them): validators still differ per coding.
    const when = new Date('2026-01-01T00:00:00Z');
    for (const name of ['index.html', 'index.html.br', 'index.html.gz', 'assets/app-3f2a1b.js', 'assets/app-3f2a1b.js.br', 'assets/app-3f2a1b.js.gz']) utimesSync(path.join(dist, name), when, when);
    const config = loadConfig({ NODE_ENV: 'test', PORT: '0', DATABASE_URL: await testDatabaseUrl() });
    app = await createApp({ ...config, clientDist: dist }, { migrate: false });
    await app.listen(0);
  });
  afterAll(async () => {
    await app?.stop();
    rmSync(dist, { recursive: true, force: true });
  });

  it('sends a hashed script in Brotli to a browser that takes it, cached a year as immutable', async () => {
    const answer = await get(`${app.url}/assets/app-3f2a1b.js`, { 'accept-encoding': CHROMIUM });
    expect(answer.status).toBe(200);
    expect(answer.headers['content-encoding']).toBe('br');
    expect(answer.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(varyNames(answer)).toContain('accept-encoding');
    expect(answer.headers['cache-control']).toBe(YEAR);
    expect(Number(answer.headers['content-length'])).toBe(answer.body.length);
    expect(answer.body.length).toBeLessThan(Buffer.byteLength(script) / 10);
    expect(decoded(answer)).toBe(script);
    // The security headers stay on files too.
    expect(answer.headers['x-content-type-options']).toBe('nosniff');
  });

  it('picks the coding by the Accept-Encoding header: gzip, none, and what q=0 refuses', async () => {
    const cases: Array<[Record<string, string>, string | undefined]> = [
      [{ 'accept-encoding': 'gzip, deflate' }, 'gzip'],
      [{ 'accept-encoding': 'br;q=0, gzip' }, 'gzip'],
      [{ 'accept-encoding': 'gzip;q=0.5, br;q=0.4' }, 'gzip'],
      [{ 'accept-encoding': 'GZIP' }, 'gzip'],
      [{ 'accept-encoding': '*' }, 'br'],
      [{ 'accept-encoding': 'identity' }, undefined],
      [{ 'accept-encoding': '' }, undefined],
      [{ 'accept-encoding': 'zstd' }, undefined],
      [{}, undefined],
    ];
    for (const [headers, coding] of cases) {
      const answer = await get(`${app.url}/assets/app-3f2a1b.js`, headers);
      expect([headers, answer.status, answer.headers['content-encoding']]).toEqual([headers, 200, coding]);
      expect(decoded(answer)).toBe(script);
      // Uncompressed answers name the header too, so a shared cache never mixes them up.
      expect(varyNames(answer)).toContain('accept-encoding');
      expect(answer.headers['cache-control']).toBe(YEAR);
      expect(answer.headers['content-type']).toBe('text/javascript; charset=utf-8');
    }
  });

  it('sends a file without copies as it is, even to a browser that takes Brotli', async () => {
    const answer = await get(`${app.url}/assets/app-3f2a1b.css`, { 'accept-encoding': CHROMIUM });
    expect(answer.status).toBe(200);
    expect(answer.headers['content-encoding']).toBeUndefined();
    expect(answer.headers['content-type']).toBe('text/css; charset=utf-8');
    expect(answer.body.toString()).toBe(style);
    expect(answer.headers['cache-control']).toBe(YEAR);
  });

  it('sends the shell, at / and at every client route, compressed and no-cache', async () => {
    for (const address of ['/', '/gigs/abc', '/inbox/x?y=1']) {
      const answer = await get(`${app.url}${address}`, { 'accept-encoding': CHROMIUM });
      expect([address, answer.status, answer.headers['content-encoding'], answer.headers['cache-control']]).toEqual([address, 200, 'br', 'no-cache']);
      expect(answer.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(varyNames(answer)).toContain('accept-encoding');
      expect(decoded(answer)).toBe(shell);
    }
    // Files outside /assets/ are not hashed, so they are never cached without asking.
    const icon = await get(`${app.url}/favicon.svg`, { 'accept-encoding': CHROMIUM });
    expect([icon.status, icon.headers['cache-control'], icon.headers['content-type']]).toEqual([200, 'no-cache', 'image/svg+xml']);
    const direct = await get(`${app.url}/index.html`, { 'accept-encoding': 'gzip' });
    expect([direct.status, direct.headers['content-encoding'], direct.headers['cache-control']]).toEqual([200, 'gzip', 'no-cache']);
  });

  it('answers a revalidation 304 per coding: each coding has a validator of its own', async () => {
    const brotli = await get(`${app.url}/`, { 'accept-encoding': 'br' });
    const gzip = await get(`${app.url}/`, { 'accept-encoding': 'gzip' });
    const plain = await get(`${app.url}/`);
    const tags = [brotli, gzip, plain].map((answer) => answer.headers.etag);
    expect(new Set(tags).size).toBe(3);
    const again = await get(`${app.url}/`, { 'accept-encoding': 'br', 'if-none-match': brotli.headers.etag! });
    expect(again.status).toBe(304);
    expect(again.body.length).toBe(0);
    // The Brotli copy's validator does not match the gzip copy.
    const other = await get(`${app.url}/`, { 'accept-encoding': 'gzip', 'if-none-match': brotli.headers.etag! });
    expect(other.status).toBe(200);
    expect(other.headers['content-encoding']).toBe('gzip');
  });

  it('answers HEAD with the headers of GET and no body', async () => {
    const head = await get(`${app.url}/assets/app-3f2a1b.js`, { 'accept-encoding': CHROMIUM }, 'HEAD');
    const full = await get(`${app.url}/assets/app-3f2a1b.js`, { 'accept-encoding': CHROMIUM });
    expect(head.status).toBe(200);
    expect(head.body.length).toBe(0);
    for (const name of ['content-encoding', 'content-type', 'content-length', 'cache-control', 'etag', 'vary']) expect([name, head.headers[name]]).toEqual([name, full.headers[name]]);
  });

  it('answers a missing script, a dot file and a way out of the build 404 in JSON, never cached or compressed', async () => {
    for (const address of ['/assets/app-000000.js', '/assets/app-3f2a1b.js.map', '/.secret', '/assets/%2e%2e/%2e%2e/package.json', '/assets/..%2f..%2fpackage.json', '/%00.js']) {
      const answer = await get(`${app.url}${address}`, { 'accept-encoding': CHROMIUM });
      expect([address, answer.status]).toEqual([address, 404]);
      expect(answer.headers['content-encoding']).toBeUndefined();
      expect(answer.headers['cache-control']).not.toBe(YEAR);
      expect(JSON.parse(answer.body.toString()).error.code).toBe('NOT_FOUND');
    }
  });
});

describe('negotiateEncoding (RFC 9110 §12.5.3)', () => {
  const ALL: Coding[] = ['br', 'gzip', 'identity'];
  const coding = fc.constantFrom('br', 'gzip', 'identity', '*', 'deflate', 'zstd', 'x-gzip', 'BR', 'Gzip');
  const quality = fc.option(fc.constantFrom('0', '0.0', '0.001', '0.5', '0.9', '1', '1.0', '1.000'), { nil: undefined });
  const entry = fc.record({ coding, quality, space: fc.constantFrom('', ' ', '  ') });
  const header = (entries: Array<{ coding: string; quality?: string; space: string }>) =>
    entries.map(({ coding, quality, space }) => `${space}${coding}${quality === undefined ? '' : `${space};${space}q=${quality}`}`).join(',');
  const available = fc.subarray(['br', 'gzip'] as Coding[]).map((codings): Coding[] => [...codings, 'identity']);

  /** The quality the header gives a coding, by the RFC's reading (an independent statement of it). */
  function qualityOf(entries: Array<{ coding: string; quality?: string }>, wanted: Coding): number {
    const named = entries.filter((e) => e.coding.toLowerCase() === wanted || (wanted === 'gzip' && e.coding.toLowerCase() === 'x-gzip'));
    const pick = (list: typeof entries) => Math.max(...list.map((e) => (e.quality === undefined ? 1 : Number(e.quality))));
    if (named.length) return pick(named.filter((e) => e.coding.toLowerCase() === wanted).length ? named.filter((e) => e.coding.toLowerCase() === wanted) : named);
    const any = entries.filter((e) => e.coding === '*');
    if (any.length) return pick(any);
    if (wanted !== 'identity') return 0;
    // Unnamed identity ranks with the lowest quality named (q=0 aside), or 1 when none is.
    const positive = entries.map((e) => (e.quality === undefined ? 1 : Number(e.quality))).filter((q) => q > 0);
    return positive.length ? Math.min(...positive) : 1;
  }

  it('answers in an available coding the header accepts at the highest quality, ties going br, gzip, none', () => {
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 6 }), available, (entries, codings) => {
        const chosen = negotiateEncoding(header(entries), codings);
        expect(codings).toContain(chosen);
        const best = Math.max(...codings.map((c) => qualityOf(entries, c)));
        if (best === 0) {
          // Nothing acceptable that we have: the file as it is.
          expect(chosen).toBe('identity');
          return;
        }
        expect(qualityOf(entries, chosen)).toBe(best);
        // Nothing we prefer had the same quality.
        for (const better of ALL.slice(0, ALL.indexOf(chosen))) if (codings.includes(better)) expect(qualityOf(entries, better)).toBeLessThan(best);
      }),
      { numRuns: 500 },
    );
  });

  it('does not depend on the order of the header, or on its spacing and case', () => {
    fc.assert(
      fc.property(
        fc.array(entry, { maxLength: 6 }).chain((entries) => fc.tuple(fc.constant(entries), fc.shuffledSubarray(entries, { minLength: entries.length }))),
        available,
        ([entries, shuffled], codings) => {
        const plain = entries.map((e) => ({ ...e, space: '', coding: e.coding.toLowerCase() }));
        const chosen = negotiateEncoding(header(entries), codings);
        expect(negotiateEncoding(header(shuffled), codings)).toBe(chosen);
        expect(negotiateEncoding(header(plain), codings)).toBe(chosen);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('reads no header as no coding at all, and survives any header text', () => {
    expect(negotiateEncoding(undefined, ALL)).toBe('identity');
    fc.assert(
      fc.property(fc.string(), available, (text, codings) => {
        expect(codings).toContain(negotiateEncoding(text, codings));
      }),
    );
  });
});
