import { testDatabaseUrl } from '../server/test/harness';
import { type BuiltServer, ensureBuilt, startBuiltServer } from './built-server';

/**
 * What a newcomer sees when the server is ready (issue 13, item 7): one plain line with the
 * address, on stderr, while stdout stays JSON lines for whatever collects the logs. The built
 * server, as `npm start` runs it.
 */

const servers: BuiltServer[] = [];

/** Resolves once the server has written a line matching `pattern` to stderr (or fails when it exits first). */
function lineOnStderr(server: BuiltServer, pattern: RegExp): Promise<string> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const line = server.stderr().split('\n').find((candidate) => pattern.test(candidate));
      if (line === undefined) return false;
      server.child.stderr?.off('data', check);
      resolve(line);
      return true;
    };
    if (check()) return;
    server.child.stderr?.on('data', check);
    void server.exited.then(() => reject(new Error(`the server exited without the line:\n${server.output()}`)));
  });
}

async function stop(server: BuiltServer): Promise<void> {
  server.child.kill('SIGTERM');
  await server.exited;
}

beforeAll(() => ensureBuilt());
afterAll(async () => {
  for (const server of servers) if (server.child.exitCode === null) await stop(server);
});

test('says once, in plain words on stderr, where the app is; stdout stays JSON lines', async () => {
  const server = await startBuiltServer({ DATABASE_URL: await testDatabaseUrl(), LOG_LEVEL: 'info' });
  servers.push(server);
  const line = await lineOnStderr(server, /TechGigs is ready/);
  expect(line).toBe(`TechGigs is ready on http://localhost:${server.port}`);
  await stop(server);
  const lines = server.stdout().split('\n').filter(Boolean);
  expect(lines.length).toBeGreaterThan(0);
  for (const logLine of lines) expect(() => JSON.parse(logLine)).not.toThrow();
  expect(lines.some((logLine) => JSON.parse(logLine).msg === `TechGigs is up at http://localhost:${server.port}`)).toBe(true);
  expect(server.stderr().match(/TechGigs is ready/g)).toHaveLength(1);
});

test('names PUBLIC_URL when it is set, with the port this process listens on', async () => {
  const server = await startBuiltServer({ DATABASE_URL: await testDatabaseUrl(), LOG_LEVEL: 'warn', PUBLIC_URL: 'https://gigs.example.com' });
  servers.push(server);
  const line = await lineOnStderr(server, /TechGigs is ready/);
  expect(line).toBe(`TechGigs is ready on https://gigs.example.com (this process listens on http://localhost:${server.port})`);
  await stop(server);
});
