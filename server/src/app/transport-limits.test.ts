import net from 'node:net';
import WebSocket from 'ws';
import { startTestApp, type TestApp } from '../../test/harness';

/** Limits of the transports themselves, beside GraphQL's: found by a hostile review of issue 9. */

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.stop());

it('closes a WebSocket whose message is over 1 MiB (1009), as an HTTP body over 1 MiB is refused', async () => {
  const socket = new WebSocket(`${t.url.replace(/^http/, 'ws')}/graphql`, 'graphql-transport-ws');
  await new Promise((resolve) => socket.once('open', resolve));
  const closed = new Promise<number>((resolve) => socket.once('close', resolve));
  socket.send(JSON.stringify({ type: 'connection_init', payload: { padding: 'x'.repeat(1024 * 1024 + 1) } }));
  expect(await closed).toBe(1009);
});

it('answers a request Node refuses before Express (headers too large, malformed) with JSON', async () => {
  const raw = (request: string) =>
    new Promise<string>((resolve, reject) => {
      const socket = net.connect(Number(new URL(t.url).port), '127.0.0.1', () => socket.end(request));
      let response = '';
      socket.on('data', (chunk) => (response += chunk.toString('utf8')));
      socket.on('end', () => resolve(response));
      socket.on('error', reject);
    });
  const tooLarge = await raw(`GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(100_000)}\r\n\r\n`);
  expect(tooLarge).toMatch(/^HTTP\/1\.1 431 /);
  expect(JSON.parse(tooLarge.split('\r\n\r\n')[1])).toEqual({ error: { code: 'REQUEST_HEADER_FIELDS_TOO_LARGE', message: expect.any(String) } });
  const malformed = await raw('NOT A REQUEST\r\n\r\n');
  expect(malformed).toMatch(/^HTTP\/1\.1 400 /);
  expect(JSON.parse(malformed.split('\r\n\r\n')[1])).toEqual({ error: { code: 'BAD_REQUEST', message: expect.any(String) } });
});

it('answers an automatic persisted query with PERSISTED_QUERY_NOT_SUPPORTED, not an internal error', async () => {
  const response = await fetch(`${t.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: '{ me { id } }', extensions: { persistedQuery: { version: 1, sha256Hash: 'abc' } } }),
  });
  const body = (await response.json()) as { errors: Array<{ extensions: { code: string } }> };
  expect(body.errors[0].extensions.code).toBe('PERSISTED_QUERY_NOT_SUPPORTED');
});

it('closes a socket that sends a malformed frame (1002) and logs it as JSON, never a stack on the console', async () => {
  const printed = jest.spyOn(console, 'error');
  const socket = new WebSocket(`${t.url.replace(/^http/, 'ws')}/graphql`, 'graphql-transport-ws');
  await new Promise((resolve) => socket.once('open', resolve));
  const closed = new Promise<number>((resolve) => socket.once('close', resolve));
  // A masked text frame with a reserved bit set (RSV2), which no extension negotiated.
  const raw = (socket as unknown as { _socket: net.Socket })._socket;
  raw.write(Buffer.from([0b1010_0001, 0x80 | 2, 1, 2, 3, 4, 0x68 ^ 1, 0x69 ^ 2]));
  expect(await closed).toBe(1002);
  await new Promise((resolve) => setTimeout(resolve, 100));
  expect(printed).not.toHaveBeenCalled();
  printed.mockRestore();
});
