import { randomUUID } from 'node:crypto';
import { errorOf, ok } from '../../../test/harness';
import { connectLive, LiveSubscription } from '../../../test/live';
import { buildChat, live, localId, t } from '../../../test/messaging';
import { MessageEntity } from './message.entity';

/*
 * sendMessage's clientMessageId and mutations over the socket, as a hostile client tries them:
 * every bad field named at once, no schema suggestions over the socket (as over HTTP), a signed-out
 * socket runs nothing, a stranger learns nothing from a participant's key, huge keys, one key raced
 * over both transports, the alias and depth limits over the socket.
 */

const SEND = `mutation ($id: ID!, $body: String!, $key: String) {
  sendMessage(conversationId: $id, body: $body, clientMessageId: $key) { id body }
}`;

const storedBodies = async (conversationId: string) =>
  (await t.app.deps.ds.getRepository(MessageEntity).find({ where: { conversationId: localId(conversationId) }, order: { seq: 'ASC' } })).map((m) => m.body);

/** One operation over `socket`, waited for to complete or fail; its error (sent as `error` or in the result), if any. */
async function overSocket(socket: ReturnType<typeof live>, query: string, variables: Record<string, unknown>) {
  const operation = new LiveSubscription(socket, query, variables);
  await operation.until(() => operation.completed || operation.errors.length > 0, 5000, 'the operation to end');
  const fromResult = operation.results.flatMap((r) => r.errors ?? [])[0] as { message: string; extensions?: Record<string, unknown> } | undefined;
  const sent = operation.errors[0] as unknown;
  const fromError = (Array.isArray(sent) ? sent[0] : sent) as { message: string; extensions?: Record<string, unknown> } | undefined;
  return { operation, error: fromResult ?? fromError };
}

describe('sendMessage input errors', () => {
  it('names every bad field at once: a body too long AND a malformed clientMessageId are both in extensions.fields (DESIGN §5: "naming each bad field")', async () => {
    const { conversationId, freelancer } = await buildChat();
    // Text the API's edge refuses (a blank body) is named there, before the service's rules run;
    // the service's own rules (the body's length, the key's shape) are named together (`checkedFields`).
    const response = await t.gql(SEND, { id: conversationId, body: 'x'.repeat(5001), key: 'not a key!' }, freelancer.token);
    const error = errorOf(response);
    expect(error.extensions?.code).toBe('BAD_USER_INPUT');
    expect(Object.keys(error.extensions?.fields ?? {}).sort()).toEqual(['body', 'clientMessageId']);
  });
});

describe('mutations over the socket are checked as over HTTP', () => {
  it('a misspelt field is answered without a "Did you mean" suggestion over the socket, as over HTTP (graphql-armor blockFieldSuggestion is an Apollo plugin only)', async () => {
    const { conversationId, freelancer } = await buildChat();
    const misspelt = `mutation ($id: ID!) { sendMesage(conversationId: $id, body: "hi") { id } }`;
    const overHttp = errorOf(await t.gql(misspelt, { id: conversationId }, freelancer.token));
    expect(overHttp.message).not.toMatch(/Did you mean/);
    const socket = live(freelancer.token);
    try {
      const { error } = await overSocket(socket, misspelt, { id: conversationId });
      expect(error?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
      expect(error?.message).toBe(overHttp.message);
    } finally {
      await socket.dispose();
    }
  });

  it('a socket signed out over HTTP runs no further sendMessage: refused, closed with 4403, nothing stored', async () => {
    const { conversationId, freelancer } = await buildChat();
    // Not lazy: the same socket all along (a lazy one closes with 1000 between operations).
    const socket = connectLive(t.url, freelancer.token, { lazy: false });
    try {
      const first = await overSocket(socket, SEND, { id: conversationId, body: 'Before sign-out', key: randomUUID() });
      expect(first.error).toBeUndefined();
      ok(await t.gql('mutation { signOut }', {}, freelancer.token));
      const after = await overSocket(socket, SEND, { id: conversationId, body: 'After sign-out', key: randomUUID() });
      // The refusal comes as the close (4403) or as UNAUTHENTICATED, never as a result.
      expect(after.operation.data).toEqual([]);
      expect(await socket.closed).toBe(4403);
      expect(await storedBodies(conversationId)).not.toContain('After sign-out');
    } finally {
      await socket.dispose();
    }
  });

  it('a stranger’s socket repeat of a participant’s key learns nothing: NOT_FOUND, same text as for an unknown conversation', async () => {
    const { conversationId, freelancer } = await buildChat();
    const key = randomUUID();
    ok(await t.gql(SEND, { id: conversationId, body: 'Private words', key }, freelancer.token));
    const other = await buildChat();
    const socket = live(other.freelancer.token);
    try {
      const same = await overSocket(socket, SEND, { id: conversationId, body: 'Private words', key });
      const different = await overSocket(socket, SEND, { id: conversationId, body: 'Other words', key });
      expect(same.error?.extensions?.code).toBe('NOT_FOUND');
      expect(different.error).toEqual(same.error);
    } finally {
      await socket.dispose();
    }
  });
});

describe('hostile keys and documents (probes)', () => {
  it('a key of 900,000 characters is BAD_USER_INPUT on clientMessageId, quickly, without echoing it', async () => {
    const { conversationId, freelancer } = await buildChat();
    const started = Date.now();
    const response = await t.gql(SEND, { id: conversationId, body: 'Hello', key: 'k'.repeat(900_000) }, freelancer.token);
    const error = errorOf(response);
    expect(error.extensions?.code).toBe('BAD_USER_INPUT');
    expect(Object.keys(error.extensions?.fields ?? {})).toEqual(['clientMessageId']);
    expect(JSON.stringify(response).length).toBeLessThan(2_000);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('one key raced over the socket and HTTP with two bodies stores one message; the other send is BAD_USER_INPUT on clientMessageId', async () => {
    const { conversationId, freelancer } = await buildChat();
    const key = randomUUID();
    const socket = connectLive(t.url, freelancer.token, { lazy: false });
    try {
      const [viaSocket, viaHttp] = await Promise.all([
        overSocket(socket, SEND, { id: conversationId, body: 'Version A', key }),
        t.gql(SEND, { id: conversationId, body: 'Version B', key }, freelancer.token),
      ]);
      const bodies = (await storedBodies(conversationId)).filter((b) => b.startsWith('Version'));
      expect(bodies).toHaveLength(1);
      const refused = bodies[0] === 'Version A' ? viaHttp.errors?.[0] : viaSocket.error;
      expect(refused?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(Object.keys((refused?.extensions?.fields as Record<string, string>) ?? {})).toEqual(['clientMessageId']);
    } finally {
      await socket.dispose();
    }
  });

  it('over the socket a mutation past the alias or depth limit is refused before it runs', async () => {
    const { conversationId, freelancer } = await buildChat();
    const socket = connectLive(t.url, freelancer.token, { lazy: false });
    try {
      const aliases = Array.from({ length: 31 }, (_, n) => `m${n}: sendMessage(conversationId: $id, body: "alias ${n}") { id }`).join('\n');
      const manyAliases = await overSocket(socket, `mutation ($id: ID!) { ${aliases} }`, { id: conversationId });
      expect(manyAliases.error?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
      // sendMessage > from > (postsFor > members > user) x4 > id: depth 14, past 12.
      const deep = `mutation ($id: ID!) { sendMessage(conversationId: $id, body: "deep") { from { ${'postsFor { members { user { '.repeat(4)} id ${'} } } '.repeat(4)} } } }`;
      const tooDeep = await overSocket(socket, deep, { id: conversationId });
      expect(tooDeep.error?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
      expect((await storedBodies(conversationId)).filter((b) => /^(alias|deep)/.test(b))).toEqual([]);
    } finally {
      await socket.dispose();
    }
  });
});
