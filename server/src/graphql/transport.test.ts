import { buildUser } from '../../test/factories';
import { startTestApp, useTestApp } from '../../test/harness';
import { connectLive, LiveSubscription } from '../../test/live';

const t = useTestApp();

it('answers /healthz when the database answers', async () => {
  const response = await fetch(`${t.url}/healthz`);
  expect(response.status).toBe(200);
  expect(await response.json()).toEqual({ status: 'ok' });
});

it('keeps introspection on: this is a public API', async () => {
  const response = await t.gql('{ __schema { queryType { name } } }');
  expect(response.data).toEqual({ __schema: { queryType: { name: 'Query' } } });
});

it('refuses a subscription over HTTP with a clear error instead of a masked one', async () => {
  const response = await fetch(`${t.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: 'subscription { notificationAdded { id } }' }),
  });
  expect(response.status).toBe(400);
  const body = (await response.json()) as { errors: unknown[] };
  expect(body.errors[0]).toMatchObject({ message: expect.stringContaining('WebSocket'), extensions: { code: 'BAD_REQUEST' } });
});

it('answers node(id) with null for ids it cannot read', async () => {
  for (const id of ['', 'garbage', Buffer.from('Nope:1').toString('base64url')]) {
    expect((await t.gql('query ($id: ID!) { node(id: $id) { id } }', { id })).data).toEqual({ node: null });
  }
});

it('rejects a query deeper than the limit', async () => {
  const cycle = (inner: string) => `employers { members { user { ${inner} } } }`;
  const deep = `{ me { ${cycle(cycle(cycle(cycle('id'))))} } }`; // depth 14, the limit is 12
  const response = await t.gql(deep);
  expect(response.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
});

it('stops gracefully: open sockets are closed as "going away", then nothing is served', async () => {
  const other = await startTestApp();
  const { token } = await buildUser(other.app);
  const socket = connectLive(other.url, token);
  const probe = new LiveSubscription(socket, '{ me { id } }');
  await probe.until(() => probe.results.length === 1, 5000, 'a query over the socket');
  const live = new LiveSubscription(socket, 'subscription { notificationAdded { id } }');

  await other.stop();
  expect(await socket.closed).toBe(1001);
  await live.until(() => live.completed || live.errors.length > 0, 5000, 'the subscription to end');
  await expect(fetch(`${other.url}/healthz`)).rejects.toThrow();
  await socket.dispose();
});
