import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import express from 'express';
import pino from 'pino';
import { testDatabaseUrl } from '../../test/harness';
import { loadConfig } from '../config';
import { createApp, type App } from './index';
import { httpErrorHandler } from './http';

/** A whole app on a free port; `clientDist` stands in for the built web app. */
async function startApp(env: Record<string, string> = {}, clientDist?: string): Promise<App> {
  const config = loadConfig({ NODE_ENV: 'test', PORT: '0', DATABASE_URL: await testDatabaseUrl(), ...env });
  const app = await createApp(clientDist ? { ...config, clientDist } : config, { migrate: false });
  await app.listen(0);
  return app;
}

interface Answer {
  status: number;
  headers: Headers;
  text: string;
}

/** Every answer of this file goes through here: none may carry a stack line or a server path. */
async function send(url: string, init?: RequestInit): Promise<Answer> {
  const response = await fetch(url, init);
  const text = await response.text();
  expect(text).not.toMatch(/^\s*at /m);
  expect(text).not.toMatch(/\bat [\w.<>$]+ \(/);
  expect(text).not.toContain('/work/');
  expect(text).not.toContain(process.cwd());
  expect(text).not.toContain('node_modules');
  return { status: response.status, headers: response.headers, text };
}

/** An answer that must be a JSON error; returns its parsed body. */
function jsonError(answer: Answer, status: number): any {
  expect(answer.status).toBe(status);
  expect(answer.headers.get('content-type')).toMatch(/^application\/(graphql-response\+)?json; charset=utf-8$/);
  return JSON.parse(answer.text);
}

const json = (body: string, headers: Record<string, string> = {}): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', ...headers },
  body,
});

function cspOf(answer: Answer): Map<string, string> {
  const header = answer.headers.get('content-security-policy');
  expect(header).toBeTruthy();
  return new Map(
    header!.split(';').map((directive) => {
      const [name, ...values] = directive.trim().split(/\s+/);
      return [name, values.join(' ')] as [string, string];
    }),
  );
}

describe('browser protections', () => {
  let app: App;
  let clientDist: string;

  beforeAll(async () => {
    clientDist = mkdtempSync(path.join(os.tmpdir(), 'techgigs-dist-'));
    writeFileSync(path.join(clientDist, 'index.html'), '<!doctype html><html><head><script type="module" src="/assets/app.js"></script></head><body><div id="root"></div></body></html>');
    app = await startApp({}, clientDist);
  });
  afterAll(async () => {
    await app?.stop();
    rmSync(clientDist, { recursive: true, force: true });
  });

  function expectProtections(answer: Answer): void {
    const csp = cspOf(answer);
    expect(csp.get('default-src')).toBe("'self'");
    expect(csp.get('script-src')).toBe("'self'");
    expect(csp.get('script-src-attr')).toBe("'none'");
    expect(csp.get('style-src')).toBe("'self'");
    expect(csp.get('img-src')).toBe("'self' https:");
    // PUBLIC_URL defaults to http://localhost:PORT here (PORT=0): the socket is its ws: form.
    expect(csp.get('connect-src')).toBe("'self' ws://localhost:0");
    expect(csp.get('object-src')).toBe("'none'");
    expect(csp.get('base-uri')).toBe("'self'");
    expect(csp.get('form-action')).toBe("'self'");
    expect(csp.get('frame-ancestors')).toBe("'none'");
    expect(csp.has('upgrade-insecure-requests')).toBe(false);
    expect(answer.headers.get('x-frame-options')).toBe('DENY');
    expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
    expect(answer.headers.get('referrer-policy')).toBe('no-referrer');
    expect(answer.headers.get('strict-transport-security')).toBeNull();
    expect(answer.headers.get('x-powered-by')).toBeNull();
  }

  it('serves the web app shell with a CSP, no framing and nosniff', async () => {
    const answer = await send(`${app.url}/`);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toMatch(/^text\/html/);
    expect(answer.text).toContain('<div id="root">');
    expectProtections(answer);
    // A client-side route is the same shell, with the same headers.
    const deep = await send(`${app.url}/listings/abc?x=1`);
    expect(deep.status).toBe(200);
    expectProtections(deep);
  });

  it('sends the same headers from /graphql, and on its errors', async () => {
    const answer = await send(`${app.url}/graphql`, json(JSON.stringify({ query: '{ __typename }' })));
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.text)).toEqual({ data: { __typename: 'Query' } });
    expectProtections(answer);
    expectProtections(await send(`${app.url}/graphql`, json('{"query":')));
    expectProtections(await send(`${app.url}/nowhere`, { method: 'POST' }));
  });

  it('has no landing page at GET /graphql (its scripts come from a CDN the CSP refuses)', async () => {
    const answer = await send(`${app.url}/graphql`, { headers: { accept: 'text/html' } });
    expect(answer.headers.get('content-type')).not.toMatch(/html/);
    expect(answer.text).not.toContain('<html');
    expect(answer.text).not.toContain('cdn.apollographql.com');
    expect(jsonError(answer, 400).errors[0].extensions.code).toBe('BAD_REQUEST');
  });

  it('sends HSTS, wss: and upgrade-insecure-requests only when PUBLIC_URL is https', async () => {
    const secure = await startApp({ PUBLIC_URL: 'https://techgigs.example' });
    try {
      for (const answer of [await send(`${secure.url}/graphql`, json(JSON.stringify({ query: '{ __typename }' }))), await send(`${secure.url}/nowhere`, { method: 'POST' })]) {
        expect(answer.headers.get('strict-transport-security')).toBe('max-age=31536000');
        const csp = cspOf(answer);
        expect(csp.get('connect-src')).toBe("'self' wss://techgigs.example");
        expect(csp.has('upgrade-insecure-requests')).toBe(true);
        expect(csp.get('frame-ancestors')).toBe("'none'");
      }
    } finally {
      await secure.stop();
    }
  });
});

describe('errors are JSON with a code, never a stack or a path', () => {
  let app: App;
  beforeAll(async () => {
    app = await startApp();
  });
  afterAll(() => app?.stop());

  it('answers a GraphQL syntax error 400 GRAPHQL_PARSE_FAILED, without data', async () => {
    const body = jsonError(await send(`${app.url}/graphql`, json(JSON.stringify({ query: '{ me ' }))), 400);
    expect(body.data).toBeUndefined();
    expect(body.errors).toHaveLength(1);
    expect(body.errors[0].extensions).toEqual({ code: 'GRAPHQL_PARSE_FAILED' });
    const strict = jsonError(await send(`${app.url}/graphql`, json(JSON.stringify({ query: '{' }), { accept: 'application/graphql-response+json' })), 400);
    expect(strict.errors[0].extensions.code).toBe('GRAPHQL_PARSE_FAILED');
  });

  it('answers a document over the token limit 400 GRAPHQL_PARSE_FAILED', async () => {
    const query = `{ ${'__typename '.repeat(6_000)}}`;
    const body = jsonError(await send(`${app.url}/graphql`, json(JSON.stringify({ query }))), 400);
    expect(body.errors[0].extensions.code).toBe('GRAPHQL_PARSE_FAILED');
    expect(body.errors[0].message).toMatch(/5000 tokens/);
  });

  it('answers malformed JSON 400 BAD_REQUEST in GraphQL shape on /graphql', async () => {
    for (const malformed of ['{"query":', 'not json', 'null', '"a string"']) {
      const body = jsonError(await send(`${app.url}/graphql`, json(malformed)), 400);
      expect(body).toEqual({ errors: [{ message: expect.any(String), extensions: { code: 'BAD_REQUEST' } }] });
    }
    const strict = await send(`${app.url}/graphql`, json('{"query":', { accept: 'application/graphql-response+json' }));
    expect(strict.headers.get('content-type')).toBe('application/graphql-response+json; charset=utf-8');
    expect(jsonError(strict, 400).errors[0].extensions.code).toBe('BAD_REQUEST');
  });

  it('answers a 2 MB body 413 PAYLOAD_TOO_LARGE, on /graphql and on the webhook', async () => {
    const big = JSON.stringify({ query: `{ __typename } #${'x'.repeat(2 * 1024 * 1024)}` });
    const body = jsonError(await send(`${app.url}/graphql`, json(big)), 413);
    expect(body).toEqual({ errors: [{ message: expect.stringMatching(/larger than/), extensions: { code: 'PAYLOAD_TOO_LARGE' } }] });
    const webhook = jsonError(await send(`${app.url}/webhooks/stripe`, json(big, { 'stripe-signature': 't=1,v1=0' })), 413);
    expect(webhook).toEqual({ error: { code: 'PAYLOAD_TOO_LARGE', message: expect.stringMatching(/larger than/) } });
  });

  it('answers an unsupported charset or encoding 415', async () => {
    const charset = jsonError(await send(`${app.url}/graphql`, json('{}', { 'content-type': 'application/json; charset=ebcdic' })), 415);
    expect(charset.errors[0].extensions.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    const encoding = jsonError(await send(`${app.url}/graphql`, json('{}', { 'content-encoding': 'zstd-unknown' })), 415);
    expect(encoding.errors[0].extensions.code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  it('answers a wrong content type, a wrong method and an unsupported Accept on /graphql in GraphQL shape', async () => {
    const plain = jsonError(await send(`${app.url}/graphql`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '{}' }), 400);
    expect(plain.errors[0].extensions.code).toBe('BAD_REQUEST');
    const put = jsonError(await send(`${app.url}/graphql`, { ...json('{}'), method: 'PUT' }), 405);
    expect(put.errors[0].extensions.code).toBe('BAD_REQUEST');
    const accept = jsonError(await send(`${app.url}/graphql`, json(JSON.stringify({ query: '{ __typename }' }), { accept: 'text/xml' })), 406);
    expect(accept.errors[0].extensions.code).toBe('BAD_REQUEST');
  });

  it('answers unknown paths 404 and wrong methods 405 with Allow, as { error: { code, message } }', async () => {
    for (const [method, where] of [
      ['POST', '/nowhere'],
      ['DELETE', '/'],
      ['PATCH', '/listings/1'],
      ['GET', '/webhooks/other'],
      ['GET', '/healthzz'],
    ]) {
      expect(jsonError(await send(`${app.url}${where}`, { method }), 404)).toEqual({ error: { code: 'NOT_FOUND', message: 'Not found' } });
    }
    const healthz = await send(`${app.url}/healthz`, { method: 'POST' });
    expect(jsonError(healthz, 405)).toEqual({ error: { code: 'METHOD_NOT_ALLOWED', message: expect.any(String) } });
    expect(healthz.headers.get('allow')).toBe('GET, HEAD');
    const webhook = await send(`${app.url}/webhooks/stripe`);
    expect(jsonError(webhook, 405).error.code).toBe('METHOD_NOT_ALLOWED');
    expect(webhook.headers.get('allow')).toBe('POST');
  });

  it('answers the webhook in the same shape when Stripe is not enabled', async () => {
    expect(jsonError(await send(`${app.url}/webhooks/stripe`, json('{}')), 404)).toEqual({
      error: { code: 'NOT_FOUND', message: expect.any(String) },
    });
  });

  it('keeps the shape with NODE_ENV=production (Express reads process.env.NODE_ENV)', async () => {
    const before = process.env.NODE_ENV;
    process.env.NODE_ENV = 'production';
    let prod: App | undefined;
    try {
      prod = await startApp({ NODE_ENV: 'production', LOG_LEVEL: 'silent', PUBLIC_URL: 'https://techgigs.example' });
      expect(jsonError(await send(`${prod.url}/graphql`, json('{"query":')), 400).errors[0].extensions.code).toBe('BAD_REQUEST');
      const big = JSON.stringify({ query: 'x'.repeat(2 * 1024 * 1024) });
      expect(jsonError(await send(`${prod.url}/graphql`, json(big)), 413).errors[0].extensions.code).toBe('PAYLOAD_TOO_LARGE');
      expect(jsonError(await send(`${prod.url}/graphql`, json(JSON.stringify({ query: '{' }))), 400).errors[0].extensions.code).toBe('GRAPHQL_PARSE_FAILED');
      expect(jsonError(await send(`${prod.url}/nowhere`, { method: 'POST' }), 404).error.code).toBe('NOT_FOUND');
    } finally {
      process.env.NODE_ENV = before;
      await prod?.stop();
    }
  });
});

describe('keep-alive', () => {
  let app: App;
  beforeAll(async () => {
    app = await startApp();
  });
  afterAll(() => app?.stop());

  it('keeps an idle connection open 65 s, beyond load balancers’ 60 s, and says so to clients', async () => {
    const { port } = app.httpServer.address() as AddressInfo;
    const headers = await new Promise<http.IncomingHttpHeaders>((resolve, reject) => {
      http.get({ host: '127.0.0.1', port, path: '/healthz', agent: new http.Agent({ keepAlive: true }) }, (response) => {
        response.resume();
        resolve(response.headers);
      }).on('error', reject);
    });
    expect(headers).toMatchObject({ connection: 'keep-alive', 'keep-alive': 'timeout=65' });
    expect(app.httpServer.headersTimeout).toBeGreaterThan(app.httpServer.keepAliveTimeout);
  });
});

describe('the Express error handler', () => {
  it('masks an unexpected error as a 500 INTERNAL_SERVER_ERROR and logs it', async () => {
    const logged: string[] = [];
    const logger = pino(
      { level: 'error' },
      new Writable({
        write(chunk, _encoding, done) {
          logged.push(String(chunk));
          done();
        },
      }),
    );
    const expressApp = express();
    expressApp.get('/boom', () => {
      throw new Error(`boom in ${path.join(process.cwd(), 'node_modules', 'secret.js')}`);
    });
    expressApp.get('/graphql', () => {
      throw Object.assign(new Error('a server fault'), { status: 503 });
    });
    expressApp.use(httpErrorHandler(logger));
    const server = expressApp.listen(0);
    await new Promise((resolve) => server.once('listening', resolve));
    try {
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      expect(jsonError(await send(`${base}/boom`), 500)).toEqual({ error: { code: 'INTERNAL_SERVER_ERROR', message: 'Internal server error' } });
      // A 5xx status on the error is no client error: still masked.
      expect(jsonError(await send(`${base}/graphql`), 500)).toEqual({ errors: [{ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] });
      expect(logged.join('')).toContain('boom in');
      expect(logged.join('')).toContain('a server fault');
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
