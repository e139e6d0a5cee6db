import { randomUUID } from 'node:crypto';
import {
  getNamedType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isScalarType,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLSchema,
} from 'graphql';
import type { DataSource } from 'typeorm';
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
  type BuiltUser,
} from '../../test/factories';
import { databaseUrl, templateDatabase, withAdminClient, workerDatabase } from '../../test/databases';
import { startTestApp, type GraphQLResponse, type TestApp } from '../../test/harness';
import { connectLive, type LiveSocket } from '../../test/live';
import { decodeGlobalId, isUuid, toGlobalId } from './global-id';
import { getSchema } from './schema';

/**
 * The authorization matrix. Every root operation that takes an ID (directly, in a list, or inside
 * an input object) has an entry below naming the ids it is called with and, for each kind of
 * caller, what must come back; a test fails as soon as the schema grows an ID-taking operation
 * without one. Each call goes over HTTP and over WebSocket (graphql-ws), and after each the whole
 * database is compared with its state before: a refused call changes nothing.
 *
 * What a caller may not see answers NOT_FOUND (or null where the field is nullable), exactly as
 * an unknown id does: each such call is repeated with fresh ids of the same types and must get
 * the same answer. FORBIDDEN is only for objects the caller may see (public employers and
 * published listings, or a contract they are party to) and is documented on the operation.
 */

type Caller = 'anonymous' | 'stranger' | 'otherEmployer' | 'worker' | 'poster' | 'member';

/**
 * NOT_FOUND / UNAUTHENTICATED / FORBIDDEN / BAD_USER_INPUT: that error code, and no data.
 * NULL: no error, the field is null. IGNORED: no error, and the same answer as for unknown ids.
 * PUBLIC: no error; `check` asserts that nothing private shows.
 */
type Expected = 'NOT_FOUND' | 'NULL' | 'UNAUTHENTICATED' | 'FORBIDDEN' | 'BAD_USER_INPUT' | 'IGNORED' | 'PUBLIC';

interface World {
  users: Record<Exclude<Caller, 'anonymous'>, BuiltUser>;
  /** Global ids of the objects the callers try to reach. */
  gid: {
    employer: string;
    draftListing: string;
    /** Closed before it was ever published: as hidden as a draft. */
    unpublishedClosedListing: string;
    publishedListing: string;
    conversation: string;
    message: string;
    contract: string;
    contractDetails: string;
    contractEvent: string;
    changeOrder: string;
    payment: string;
    /** The poster's. */
    notification: string;
    /** The worker's. */
    savedSearch: string;
  };
}

interface Case {
  /** Argument path (`id`, `input.employerId`, `filter.technologyIds`) → the id (or ids) to send. */
  ids: Record<string, (w: World) => string | string[]>;
  /** Other argument values, by path, where a generated one would not pass validation. */
  args?: Record<string, (w: World) => unknown>;
  /** What each caller must get; at least one caller per case. */
  as: Partial<Record<Caller, Expected>>;
  /** The selection set of the result (default: `{ __typename }` for objects, nothing for scalars). */
  selection?: string;
  /** For PUBLIC: what must hold of the field's value. */
  check?: (value: any, w: World) => void;
}

const strangers = { anonymous: 'UNAUTHENTICATED', stranger: 'NOT_FOUND', otherEmployer: 'NOT_FOUND' } as const;

/** Listing mutations for members only: hidden listings are NOT_FOUND even to anonymous callers (nothing about them is public). */
const hiddenListing = (id: (w: World) => string): Case => ({
  ids: { id },
  as: { anonymous: 'NOT_FOUND', stranger: 'NOT_FOUND', otherEmployer: 'NOT_FOUND', worker: 'NOT_FOUND' },
});
const listingMutation = (path: string): Case[] => [
  { ...hiddenListing((w) => w.gid.draftListing), ids: { [path]: (w) => w.gid.draftListing } },
  { ...hiddenListing((w) => w.gid.unpublishedClosedListing), ids: { [path]: (w) => w.gid.unpublishedClosedListing } },
  // Published: public, so a non-member may learn it exists and is told they may not change it.
  {
    ids: { [path]: (w) => w.gid.publishedListing },
    as: { anonymous: 'UNAUTHENTICATED', stranger: 'FORBIDDEN', otherEmployer: 'FORBIDDEN', worker: 'FORBIDDEN' },
  },
];

const EMPLOYER_PRIVATE = `{ id name members { role } credits creditLedger { purchases { id } } viewerRole listings(first: 100) { edges { node { id status } } } }`;
function checkEmployerIsPublicOnly(employer: any, w: World): void {
  expect(employer).toMatchObject({ id: w.gid.employer, members: null, credits: null, creditLedger: null, viewerRole: null });
  const ids = employer.listings.edges.map((edge: { node: { id: string } }) => edge.node.id);
  expect(ids).toContain(w.gid.publishedListing);
  expect(ids).not.toContain(w.gid.draftListing);
  expect(ids).not.toContain(w.gid.unpublishedClosedListing);
}

const hiddenNode = (id: (w: World) => string, also: Partial<Record<Caller, Expected>> = {}): Case => ({
  ids: { id },
  as: { anonymous: 'NULL', stranger: 'NULL', otherEmployer: 'NULL', ...also },
});

export const MATRIX: Record<string, Case[]> = {
  'Query.contract': [{ ids: { id: (w) => w.gid.contract }, as: strangers }],
  'Query.conversation': [{ ids: { id: (w) => w.gid.conversation }, as: { ...strangers, member: 'NOT_FOUND' } }],
  'Query.employer': [
    {
      ids: { id: (w) => w.gid.employer },
      as: { anonymous: 'PUBLIC', stranger: 'PUBLIC', otherEmployer: 'PUBLIC', worker: 'PUBLIC' },
      selection: EMPLOYER_PRIVATE,
      check: checkEmployerIsPublicOnly,
    },
  ],
  'Query.listing': [
    { ids: { id: (w) => w.gid.draftListing }, as: { anonymous: 'NOT_FOUND', stranger: 'NOT_FOUND', otherEmployer: 'NOT_FOUND', worker: 'NOT_FOUND' } },
    { ids: { id: (w) => w.gid.unpublishedClosedListing }, as: { anonymous: 'NOT_FOUND', stranger: 'NOT_FOUND', otherEmployer: 'NOT_FOUND', worker: 'NOT_FOUND' } },
  ],
  'Query.listings': [
    {
      ids: { 'filter.employerId': (w) => w.gid.employer },
      as: { anonymous: 'PUBLIC', stranger: 'PUBLIC', worker: 'PUBLIC' },
      selection: '{ edges { node { id } } }',
      check: (connection, w) => {
        const ids = connection.edges.map((edge: { node: { id: string } }) => edge.node.id);
        expect(ids).toEqual([w.gid.publishedListing]);
      },
    },
    // Ids of hidden objects where taxonomy ids belong: refused like any id that is not one.
    {
      ids: { 'filter.technologyIds': (w) => [w.gid.draftListing], 'filter.projectTypeIds': (w) => [w.gid.contract] },
      as: { anonymous: 'BAD_USER_INPUT', stranger: 'BAD_USER_INPUT' },
    },
  ],
  'Query.node': [
    hiddenNode((w) => w.gid.draftListing, { worker: 'NULL' }),
    hiddenNode((w) => w.gid.unpublishedClosedListing, { worker: 'NULL' }),
    hiddenNode((w) => w.gid.conversation, { member: 'NULL' }),
    hiddenNode((w) => w.gid.message, { member: 'NULL' }),
    hiddenNode((w) => w.gid.contract),
    hiddenNode((w) => w.gid.contractDetails),
    hiddenNode((w) => w.gid.contractEvent),
    hiddenNode((w) => w.gid.changeOrder),
    hiddenNode((w) => w.gid.payment, { worker: 'NULL' }),
    hiddenNode((w) => w.gid.notification, { worker: 'NULL', member: 'NULL' }),
    hiddenNode((w) => w.gid.savedSearch, { poster: 'NULL' }),
  ],

  'Mutation.acceptChangeOrder': [{ ids: { id: (w) => w.gid.changeOrder }, as: { ...strangers, worker: 'FORBIDDEN', member: 'FORBIDDEN' } }],
  'Mutation.rejectChangeOrder': [{ ids: { id: (w) => w.gid.changeOrder }, as: { ...strangers, worker: 'FORBIDDEN', member: 'FORBIDDEN' } }],
  'Mutation.withdrawChangeOrder': [{ ids: { id: (w) => w.gid.changeOrder }, as: { ...strangers, poster: 'FORBIDDEN', member: 'FORBIDDEN' } }],
  'Mutation.addEmployerMember': [
    {
      ids: { 'input.employerId': (w) => w.gid.employer },
      args: { 'input.email': (w) => w.users.stranger.user.email },
      as: { anonymous: 'UNAUTHENTICATED', stranger: 'FORBIDDEN', otherEmployer: 'FORBIDDEN', member: 'FORBIDDEN' },
    },
  ],
  'Mutation.closeListing': listingMutation('id'),
  'Mutation.publishListing': listingMutation('id'),
  'Mutation.updateListing': listingMutation('input.id'),
  'Mutation.confirmTestCheckout': [{ ids: { id: (w) => w.gid.payment }, as: { ...strangers, worker: 'NOT_FOUND' } }],
  'Mutation.createContract': [{ ids: { conversationId: (w) => w.gid.conversation }, as: { ...strangers, member: 'NOT_FOUND', worker: 'FORBIDDEN' } }],
  'Mutation.createListing': [
    {
      ids: { 'input.employerId': (w) => w.gid.employer },
      as: { anonymous: 'UNAUTHENTICATED', stranger: 'FORBIDDEN', otherEmployer: 'FORBIDDEN', worker: 'FORBIDDEN' },
    },
  ],
  'Mutation.deleteSavedSearch': [{ ids: { id: (w) => w.gid.savedSearch }, as: { anonymous: 'UNAUTHENTICATED', stranger: 'NOT_FOUND', poster: 'NOT_FOUND' } }],
  'Mutation.markConversationRead': [{ ids: { conversationId: (w) => w.gid.conversation }, as: { ...strangers, member: 'NOT_FOUND' } }],
  // Someone else's notification ids are skipped exactly like unknown ones (the viewer's own are marked).
  'Mutation.markNotificationsRead': [
    {
      ids: { ids: (w) => [w.gid.notification] },
      as: { anonymous: 'UNAUTHENTICATED', stranger: 'IGNORED', worker: 'IGNORED', member: 'IGNORED' },
      selection: '{ markedCount unreadCount }',
    },
  ],
  'Mutation.saveSearch': [
    {
      ids: {
        'input.filter.technologyIds': (w) => [w.gid.draftListing],
        'input.filter.projectTypeIds': (w) => [w.gid.contract],
        'input.filter.projectSuperTypeIds': (w) => [w.gid.payment],
      },
      as: { anonymous: 'UNAUTHENTICATED', stranger: 'BAD_USER_INPUT', worker: 'BAD_USER_INPUT' },
    },
  ],
  'Mutation.sendMessage': [{ ids: { conversationId: (w) => w.gid.conversation }, as: { ...strangers, member: 'NOT_FOUND' } }],
  'Mutation.setTyping': [{ ids: { conversationId: (w) => w.gid.conversation }, as: { ...strangers, member: 'NOT_FOUND' } }],
  'Mutation.signContract': [{ ids: { contractId: (w) => w.gid.contract }, as: { ...strangers, member: 'FORBIDDEN' } }],
  'Mutation.startConversation': [
    { ids: { listingId: (w) => w.gid.draftListing }, as: { ...strangers, worker: 'NOT_FOUND', member: 'FORBIDDEN' } },
    { ids: { listingId: (w) => w.gid.unpublishedClosedListing }, as: { ...strangers, worker: 'NOT_FOUND', member: 'FORBIDDEN' } },
  ],
  'Mutation.startCreditCheckout': [
    { ids: { employerId: (w) => w.gid.employer }, as: { anonymous: 'UNAUTHENTICATED', stranger: 'FORBIDDEN', otherEmployer: 'FORBIDDEN', worker: 'FORBIDDEN' } },
  ],
  'Mutation.submitChangeOrder': [{ ids: { contractId: (w) => w.gid.contract }, as: { ...strangers, poster: 'FORBIDDEN', member: 'FORBIDDEN' } }],
  'Mutation.updateContractDetails': [{ ids: { contractId: (w) => w.gid.contract }, as: { ...strangers, worker: 'FORBIDDEN', member: 'FORBIDDEN' } }],

  'Subscription.messageAdded': [{ ids: { conversationId: (w) => w.gid.conversation }, as: { ...strangers, member: 'NOT_FOUND' } }],
  'Subscription.conversationEvents': [{ ids: { conversationId: (w) => w.gid.conversation }, as: { ...strangers, member: 'NOT_FOUND' } }],
  'Subscription.contractUpdated': [{ ids: { contractId: (w) => w.gid.contract }, as: strangers }],
};

// ---- the schema ----------------------------------------------------------------------------

const ROOTS = ['Query', 'Mutation', 'Subscription'] as const;
type Root = (typeof ROOTS)[number];

function rootFields(schema: GraphQLSchema): Array<{ root: Root; field: GraphQLField<unknown, unknown> }> {
  const types = { Query: schema.getQueryType(), Mutation: schema.getMutationType(), Subscription: schema.getSubscriptionType() };
  return ROOTS.flatMap((root) => Object.values(types[root]?.getFields() ?? {}).map((field) => ({ root, field })));
}

/** Whether an input type holds an ID anywhere (directly, in a list, in a nested input object). */
function holdsId(type: GraphQLInputType, seen = new Set<string>()): boolean {
  const named = getNamedType(type);
  if (isScalarType(named)) return named.name === 'ID';
  if (!isInputObjectType(named) || seen.has(named.name)) return false;
  seen.add(named.name);
  return Object.values(named.getFields()).some((field) => holdsId(field.type, seen));
}

function idTakingOperations(schema: GraphQLSchema): string[] {
  return rootFields(schema)
    .filter(({ field }) => field.args.some((arg) => holdsId(arg.type)))
    .map(({ root, field }) => `${root}.${field.name}`)
    .sort();
}

/** A valid-looking value for a text argument, by its name. */
function textFor(path: string): string {
  if (/email/i.test(path)) return `matrix-${randomUUID().slice(0, 8)}@example.test`;
  if (/url/i.test(path)) return 'https://example.test/matrix';
  return 'A valid-looking text for the authorization matrix';
}

/**
 * The value of one argument: ids from the case, given values, and otherwise a valid-looking value
 * for every required part. Optional parts are left out unless the case gives something inside.
 */
function valueFor(type: GraphQLInputType, path: string, given: Map<string, unknown>, used: Set<string>): unknown {
  if (given.has(path)) {
    used.add(path);
    const value = given.get(path);
    return isListType(isNonNullType(type) ? type.ofType : type) && !Array.isArray(value) ? [value] : value;
  }
  const required = isNonNullType(type);
  const inner = required ? type.ofType : type;
  const wanted = [...given.keys()].some((key) => key.startsWith(`${path}.`));
  if (!required && !wanted) return undefined;
  if (isListType(inner)) return [valueFor(inner.ofType, path, given, used)];
  if (isInputObjectType(inner)) {
    const value: Record<string, unknown> = {};
    for (const field of Object.values(inner.getFields())) {
      const fieldValue = valueFor(field.type, `${path}.${field.name}`, given, used);
      if (fieldValue !== undefined) value[field.name] = fieldValue;
    }
    return value;
  }
  if (isEnumType(inner)) return inner.getValues()[0].value;
  switch (inner.name) {
    case 'ID':
      throw new Error(`no id given for the required argument ${path}: name it in the matrix entry`);
    case 'String':
      return textFor(path);
    case 'Int':
      return 1;
    case 'Float':
      return 1.5;
    case 'Boolean':
      return true;
    case 'DateTimeISO':
    case 'DateTime':
      return new Date().toISOString();
    default:
      throw new Error(`no generated value for scalar ${inner.name} at ${path}: give it in the matrix entry`);
  }
}

function defaultSelection(field: GraphQLField<unknown, unknown>): string {
  const named = getNamedType(field.type);
  return isScalarType(named) || isEnumType(named) ? '' : '{ __typename }';
}

interface Operation {
  query: string;
  variables: Record<string, unknown>;
}

function buildOperation(root: Root, field: GraphQLField<unknown, unknown>, c: Case, w: World, ids: Record<string, string | string[]>): Operation {
  const given = new Map<string, unknown>([...Object.entries(ids), ...Object.entries(c.args ?? {}).map(([path, value]) => [path, value(w)] as const)]);
  const used = new Set<string>();
  const variables: Record<string, unknown> = {};
  const declared: string[] = [];
  const passed: string[] = [];
  field.args.forEach((arg: GraphQLArgument) => {
    const value = valueFor(arg.type, arg.name, given, used);
    if (value === undefined) return;
    variables[arg.name] = value;
    declared.push(`$${arg.name}: ${arg.type.toString()}`);
    passed.push(`${arg.name}: $${arg.name}`);
  });
  const unused = [...given.keys()].filter((path) => !used.has(path));
  if (unused.length) throw new Error(`${root}.${field.name}: the matrix names arguments the operation does not have: ${unused.join(', ')}`);
  const keyword = root.toLowerCase();
  const args = passed.length ? `(${passed.join(', ')})` : '';
  const vars = declared.length ? `(${declared.join(', ')})` : '';
  return { query: `${keyword} Matrix${vars} { ${field.name}${args} ${c.selection ?? defaultSelection(field)} }`, variables };
}

/** The same ids, but of objects that do not exist: what an unknown id answers. */
function unknownTwin(ids: Record<string, string | string[]>): Record<string, string | string[]> {
  const forge = (globalId: string) => {
    const decoded = decodeGlobalId(globalId);
    if (!decoded) throw new Error(`not a global id: ${globalId}`);
    return toGlobalId(decoded.type, isUuid(decoded.id) ? randomUUID() : String(9_000_000_000 + Math.floor(Math.random() * 1_000_000)));
  };
  return Object.fromEntries(Object.entries(ids).map(([path, value]) => [path, Array.isArray(value) ? value.map(forge) : forge(value)]));
}

// ---- transports ----------------------------------------------------------------------------

type Transport = 'http' | 'ws';

/** What a response says, without locations: equal for two calls that reveal the same. */
function essence(response: GraphQLResponse): unknown {
  return {
    data: response.data ?? null,
    errors: (response.errors ?? []).map((error) => ({ message: error.message, code: error.extensions?.code, fields: error.extensions?.fields ?? null, path: error.path ?? null })),
  };
}

function overSocket(socket: LiveSocket, operation: Operation): Promise<GraphQLResponse> {
  return new Promise((resolve, reject) => {
    let result: GraphQLResponse | null = null;
    const timer = setTimeout(() => {
      unsubscribe();
      if (result) resolve(result);
      else reject(new Error(`no answer over WebSocket within 5 s (a subscription the caller may not open went live?)`));
    }, 5000);
    const unsubscribe = socket.client.subscribe(operation, {
      next: (value) => {
        result = value as GraphQLResponse;
        // A subscription that answers with data is live: that is itself the failure to report.
        if (!value.errors) {
          clearTimeout(timer);
          unsubscribe();
          resolve(result);
        }
      },
      error: (error) => {
        clearTimeout(timer);
        resolve(Array.isArray(error) ? { errors: error } : { errors: [{ message: String((error as Error)?.message ?? error), extensions: { code: 'SOCKET_ERROR' } }] });
      },
      complete: () => {
        clearTimeout(timer);
        resolve(result ?? { errors: [{ message: 'completed without a result', extensions: { code: 'NO_RESULT' } }] });
      },
    });
  });
}

// ---- the database --------------------------------------------------------------------------

/** Tables that change on purpose whoever calls: the rate limiters' counters, TypeORM's migration log. */
const VOLATILE_TABLES = /^(migrations|typeorm_metadata)$|attempts$|rate_limit/;

async function snapshotter(ds: DataSource): Promise<() => Promise<Record<string, string>>> {
  const tables = ((await ds.query(
    `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`,
  )) as Array<{ table_name: string }>)
    .map((row) => row.table_name)
    .filter((name) => !VOLATILE_TABLES.test(name));
  const sql = tables
    .map((name) => `SELECT '${name}' AS name, (SELECT md5(coalesce(string_agg(t::text, ',' ORDER BY t::text), '')) FROM "${name}" t) AS hash`)
    .join(' UNION ALL ');
  return async () => Object.fromEntries(((await ds.query(sql)) as Array<{ name: string; hash: string }>).map((row) => [row.name, row.hash]));
}

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
