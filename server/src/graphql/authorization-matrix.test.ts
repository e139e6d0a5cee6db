import { type GraphQLSchema } from 'graphql';
import {
  buildChangeOrder,
  buildContract,
  buildConversation,
  buildEmployer,
  buildListing,
  buildNotification,
  buildPayment,
  buildSavedSearch,
  buildUser,
} from '../../test/factories';
import { databaseUrl, templateDatabase, withAdminClient, workerDatabase } from '../../test/databases';
import { type GraphQLResponse, startTestApp, type TestApp } from '../../test/harness';
import { connectLive, type LiveSocket } from '../../test/live';
import { toGlobalId } from './global-id';
import { getSchema } from './schema';
import { type Caller, type Case, type Expected, MATRIX, type World } from '../../test/authorization/cases';
import {
  buildOperation,
  essence,
  idTakingOperations,
  type Operation,
  overSocket,
  type Root,
  rootFields,
  snapshotter,
  type Transport,
  unknownTwin,
} from '../../test/authorization/operations';

// ---- the world -----------------------------------------------------------------------------

let t: TestApp;
let schema: GraphQLSchema;
let world: World;
let snapshot: () => Promise<Record<string, string>>;
let baseline: Record<string, string>;
const sockets = new Map<Caller, LiveSocket>();
const database = workerDatabase(`${process.env.JEST_WORKER_ID ?? '1'}_matrix`);

async function buildWorld(app: TestApp['app']): Promise<World> {
  const [poster, member, worker, stranger, otherEmployer] = await Promise.all(Array.from({ length: 5 }, () => buildUser(app)));
  const employer = await buildEmployer(app, poster.user, { members: [{ user: member.user }] });
  await buildEmployer(app, otherEmployer.user);
  const draft = await buildListing(app, employer, poster.user, { status: 'DRAFT' });
  const unpublishedClosed = await buildListing(app, employer, poster.user, { status: 'DRAFT' });
  await app.deps.ds.query(`UPDATE listings SET status = 'CLOSED', closed_at = now() WHERE id = $1`, [unpublishedClosed.id]);
  const published = await buildListing(app, employer, poster.user);
  const conversation = await buildConversation(app, published, worker.user);
  const contract = await buildContract(app, conversation, { active: true });
  const changeOrder = await buildChangeOrder(app, contract);
  const payment = await buildPayment(app, employer, poster.user);
  const notification = await buildNotification(app, poster.user);
  const savedSearch = await buildSavedSearch(app, worker.user);
  const { contracts, reviews } = app.deps.services;
  const endedContracts = [];
  for (let i = 0; i < 2; i++) {
    // Closed since: the catalogue cases expect one listed gig of the employer.
    const listing = await buildListing(app, employer, poster.user, { status: 'CLOSED' });
    const ended = await buildContract(app, await buildConversation(app, listing, worker.user), { active: true });
    await contracts.complete(poster.user.id, ended.id);
    endedContracts.push(ended);
  }
  const hiddenReview = await reviews.submit(worker.user.id, endedContracts[0].id, { rating: 4, body: 'Clear brief' });
  const publishedReview = await reviews.submit(worker.user.id, endedContracts[1].id, { rating: 5, body: 'Paid on time' });
  await reviews.submit(poster.user.id, endedContracts[1].id, { rating: 5, body: 'Great work' });
  const [{ messageId }] = await app.deps.ds.query('SELECT id AS "messageId" FROM messages WHERE conversation_id = $1 LIMIT 1', [conversation.id]);
  const [{ detailsId }] = await app.deps.ds.query('SELECT id AS "detailsId" FROM contract_details WHERE contract_id = $1 LIMIT 1', [contract.id]);
  const [{ seq }] = await app.deps.ds.query('SELECT seq::text AS seq FROM contract_events WHERE contract_id = $1 ORDER BY seq LIMIT 1', [contract.id]);
  return {
    users: { poster, member, worker, stranger, otherEmployer },
    gid: {
      employer: toGlobalId('Employer', employer.id),
      draftListing: toGlobalId('Listing', draft.id),
      unpublishedClosedListing: toGlobalId('Listing', unpublishedClosed.id),
      publishedListing: toGlobalId('Listing', published.id),
      conversation: toGlobalId('Conversation', conversation.id),
      message: toGlobalId('Message', messageId),
      contract: toGlobalId('Contract', contract.id),
      contractDetails: toGlobalId('ContractDetails', detailsId),
      contractEvent: toGlobalId('ContractEvent', seq),
      changeOrder: toGlobalId('ChangeOrder', changeOrder.id),
      payment: toGlobalId('Payment', payment.id),
      notification: toGlobalId('Notification', notification.id),
      savedSearch: toGlobalId('SavedSearch', savedSearch.id),
      workerUser: toGlobalId('User', worker.user.id),
      endedContract: toGlobalId('Contract', endedContracts[0].id),
      hiddenReview: toGlobalId('Review', hiddenReview.id),
      publishedReview: toGlobalId('Review', publishedReview.id),
    },
  };
}

beforeAll(async () => {
  // A database of its own: the snapshot after every call then hashes only this world's rows.
  await withAdminClient(async (client) => {
    await client.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
    await client.query(`CREATE DATABASE "${database}" TEMPLATE "${templateDatabase()}"`);
  });
  t = await startTestApp({ env: { DATABASE_URL: databaseUrl(database) } });
  schema = await getSchema();
  world = await buildWorld(t.app);
  snapshot = await snapshotter(t.app.deps.ds);
  baseline = await snapshot();
}, 60_000);

afterAll(async () => {
  await Promise.all([...sockets.values()].map((socket) => socket.dispose()));
  await t?.stop();
  await withAdminClient((client) => client.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`));
});

function tokenOf(caller: Caller): string | undefined {
  return caller === 'anonymous' ? undefined : world.users[caller].token;
}

function socketOf(caller: Caller): LiveSocket {
  let socket = sockets.get(caller);
  if (!socket) {
    socket = connectLive(t.url, tokenOf(caller));
    sockets.set(caller, socket);
  }
  return socket;
}

function send(transport: Transport, caller: Caller, operation: Operation): Promise<GraphQLResponse> {
  return transport === 'http' ? t.gql(operation.query, operation.variables, tokenOf(caller)) : overSocket(socketOf(caller), operation);
}

/** Fails when any table changed since the last call; `what` names the call. */
async function expectDatabaseUnchanged(what: string): Promise<void> {
  const now = await snapshot();
  const changed = Object.keys(now).filter((table) => now[table] !== baseline[table]);
  baseline = now;
  if (changed.length) throw new Error(`${what} changed the database: ${changed.join(', ')}`);
}

function expectOutcome(response: GraphQLResponse, expected: Expected, fieldName: string, what: string, c: Case): void {
  const codes = (response.errors ?? []).map((error) => error.extensions?.code);
  const context = `${what}: expected ${expected}, got ${JSON.stringify(response)}`;
  if (codes.includes('INTERNAL_SERVER_ERROR')) throw new Error(context);
  switch (expected) {
    case 'NOT_FOUND':
    case 'UNAUTHENTICATED':
    case 'FORBIDDEN':
    case 'BAD_USER_INPUT':
      if (codes.length === 0 || codes.some((code) => code !== expected)) throw new Error(context);
      if (response.data?.[fieldName] != null) throw new Error(context);
      return;
    case 'NULL':
      if (codes.length || response.data?.[fieldName] !== null) throw new Error(context);
      return;
    case 'IGNORED':
    case 'PUBLIC':
      if (codes.length || response.data?.[fieldName] == null) throw new Error(context);
      if (expected === 'PUBLIC') {
        try {
          c.check?.(response.data[fieldName], world);
        } catch (error) {
          throw new Error(`${what}: ${(error as Error).message}`, { cause: error });
        }
      }
  }
}

/** Answers that must not tell an existing hidden object from one that does not exist. */
const INDISTINGUISHABLE = new Set<Expected>(['NOT_FOUND', 'NULL', 'IGNORED', 'BAD_USER_INPUT']);

describe('authorization matrix', () => {
  it('has an entry for every operation that takes an ID, and none for operations that do not exist', async () => {
    const operations = idTakingOperations(await getSchema());
    expect(operations.length).toBeGreaterThan(20);
    const entries = Object.keys(MATRIX).sort();
    expect({ missing: operations.filter((name) => !entries.includes(name)), stale: entries.filter((name) => !operations.includes(name)) }).toEqual({
      missing: [],
      stale: [],
    });
    const empty = Object.entries(MATRIX).filter(([, cases]) => cases.length === 0 || cases.some((c) => Object.keys(c.as).length === 0));
    expect(empty.map(([name]) => name)).toEqual([]);
  });

  const fieldOf = (name: string) => {
    const [root, fieldName] = name.split('.') as [Root, string];
    const field = rootFields(schema).find((candidate) => candidate.root === root && candidate.field.name === fieldName);
    if (!field) throw new Error(`${name} is not in the schema`);
    return { root, field: field.field };
  };

  it.each(Object.keys(MATRIX))('%s: hidden objects stay hidden, refusals change nothing', async (name) => {
    const { root, field } = fieldOf(name);
    const transports: Transport[] = root === 'Subscription' ? ['ws'] : ['http', 'ws'];
    for (const [index, c] of MATRIX[name].entries()) {
      const ids = Object.fromEntries(Object.entries(c.ids).map(([path, id]) => [path, id(world)]));
      const operation = buildOperation(root, field, c, world, ids);
      for (const [caller, expected] of Object.entries(c.as) as Array<[Caller, Expected]>) {
        for (const transport of transports) {
          const what = `${name} case ${index} as ${caller} over ${transport}`;
          const response = await send(transport, caller, operation);
          await expectDatabaseUnchanged(what);
          expectOutcome(response, expected, field.name, what, c);
          if (!INDISTINGUISHABLE.has(expected)) continue;
          const unknown = await send(transport, caller, buildOperation(root, field, c, world, unknownTwin(ids)));
          await expectDatabaseUnchanged(`${what} (unknown ids)`);
          expect({ what, answer: essence(response) }).toEqual({ what, answer: essence(unknown) });
        }
      }
    }
  });
});
