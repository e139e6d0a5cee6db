import { createHash, randomUUID } from 'node:crypto';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { errorOf, ok, startTestApp, type GraphQLResponse, type TestApp } from '../../../test/harness';
import { buildConversation, buildEmployer, buildListing, buildUser, type BuiltUser } from '../../../test/factories';
import { toGlobalId } from '../../graphql/global-id';
import type { ListingEntity } from '../listings/listing.entity';
import { notificationAddedTopic } from '../notifications/notifications.events';
import { contractUpdatedTopic, type ContractEventKind } from './contracts.events';

const CONTRACT_FIELDS = `
  id status viewerRole employerSignedAt employerSignedVersion workerSignedAt workerSignedVersion
  acceptedPriceChangeCents acceptedScheduleChangeDays
  listing { id } employer { id } employerUser { id } worker { id }
  currentDetails { version contentHash locked lockedAt complete descriptionOfServices deliverables projectSchedule pricingAndRates paymentTermsAndSchedule termsAndConditions }
  versions { version contentHash locked createdBy { id } }
  changeOrders { id status changes priceChangeCents scheduleChangeDays createdBy { id } acceptedBy { id } acceptedAt decidedAt reason }
  events { kind actor { id } version contentHash ipAddress userAgent reason changeOrder { id } createdAt }
`;
const CONTRACT = `query ($id: ID!) { contract(id: $id) { ${CONTRACT_FIELDS} } }`;
const CONTRACTS = `query ($status: ContractStatus) { contracts(status: $status) { id status } }`;
const NODE = `query ($id: ID!) { node(id: $id) { id } }`;
const CREATE = `mutation ($conversationId: ID!) { createContract(conversationId: $conversationId) { id status viewerRole employerUser { id } worker { id } currentDetails { version } } }`;
const SAVE = `mutation ($contractId: ID!, $expectedVersion: Int!, $input: ContractDetailsInput!) {
  updateContractDetails(contractId: $contractId, expectedVersion: $expectedVersion, input: $input) {
    id status employerSignedVersion workerSignedVersion currentDetails { version contentHash complete }
  }
}`;
const SIGN = `mutation ($contractId: ID!, $version: Int!) {
  signContract(contractId: $contractId, version: $version) {
    id status employerSignedAt employerSignedVersion workerSignedAt workerSignedVersion currentDetails { version locked lockedAt }
  }
}`;
const DIFF = `query ($id: ID!, $from: Int!, $to: Int!) { contract(id: $id) { diff(from: $from, to: $to) { field before after changed lines { kind text } } } }`;
const SUBMIT = `mutation ($contractId: ID!, $changes: ChangeOrderInput!) {
  submitChangeOrder(contractId: $contractId, changes: $changes) { id status changes priceChangeCents scheduleChangeDays createdBy { id } }
}`;
const ACCEPT = `mutation ($id: ID!) { acceptChangeOrder(id: $id) { id status acceptedBy { id } acceptedAt decidedAt contract { acceptedPriceChangeCents acceptedScheduleChangeDays } } }`;
const REJECT = `mutation ($id: ID!, $reason: String!) { rejectChangeOrder(id: $id, reason: $reason) { id status reason decidedAt acceptedBy { id } } }`;
const WITHDRAW = `mutation ($id: ID!) { withdrawChangeOrder(id: $id) { id status decidedAt } }`;
const WATCH = `subscription ($contractId: ID!) {
  contractUpdated(contractId: $contractId) {
    kind changeOrder { id status }
    contract { id status employerSignedVersion workerSignedVersion currentDetails { version locked } acceptedPriceChangeCents }
  }
}`;

const SECTIONS = ['descriptionOfServices', 'deliverables', 'projectSchedule', 'pricingAndRates', 'paymentTermsAndSchedule', 'termsAndConditions'] as const;
type Content = Record<(typeof SECTIONS)[number], string>;

function content(tag: string, overrides: Partial<Content> = {}): Content {
  return {
    descriptionOfServices: `Build the checkout service (${tag}).`,
    deliverables: `Source code\nDeployment scripts\nDocs (${tag})`,
    projectSchedule: `Four weeks from signature (${tag}).`,
    pricingAndRates: `USD 4,000 fixed (${tag}).`,
    paymentTermsAndSchedule: `Half up front, half on delivery (${tag}).`,
    termsAndConditions: `Code belongs to the employer on payment (${tag}).`,
    ...overrides,
  };
}

/** The documented canonical form, computed independently of the service. */
function expectedHash(c: Content): string {
  const canonical = JSON.stringify(['techgigs-contract-details-v1', ...SECTIONS.map((section) => c[section].normalize('NFC'))]);
  return createHash('sha256').update(Buffer.from(canonical, 'utf8')).digest('hex');
}

const codeOf = (response: GraphQLResponse) => errorOf(response).extensions?.code;

let t: TestApp;
beforeAll(async () => {
  // As behind a proxy on this host: the audit trail records the client address it forwards.
  t = await startTestApp({ env: { TRUST_PROXY: 'loopback' } });
});
afterAll(() => t.stop());

interface Deal {
  poster: BuiltUser;
  worker: BuiltUser;
  member: BuiltUser;
  stranger: BuiltUser;
  employerId: string;
  listing: ListingEntity;
  listingId: string;
  conversationId: string;
}

async function deal(app: TestApp = t): Promise<Deal> {
  const [poster, worker, member, stranger] = await Promise.all([buildUser(app.app), buildUser(app.app), buildUser(app.app), buildUser(app.app)]);
  const employer = await buildEmployer(app.app, poster.user, { members: [{ user: member.user }] });
  const listing = await buildListing(app.app, employer, poster.user);
  const conversation = await buildConversation(app.app, listing, worker.user);
  return { poster, worker, member, stranger, employerId: employer.id, listing, listingId: listing.id, conversationId: conversation.id };
}

async function draft(d: Deal, app: TestApp = t): Promise<string> {
  return ok(await app.gql(CREATE, { conversationId: toGlobalId('Conversation', d.conversationId) }, d.poster.token)).createContract.id;
}

async function save(d: Deal, contractId: string, expectedVersion: number, c: Content, app: TestApp = t) {
  return ok(await app.gql(SAVE, { contractId, expectedVersion, input: c }, d.poster.token)).updateContractDetails;
}

async function active(d: Deal, app: TestApp = t): Promise<string> {
  const contractId = await draft(d, app);
  await save(d, contractId, 0, content('v1'), app);
  ok(await app.gql(SIGN, { contractId, version: 1 }, d.worker.token));
  expect(ok(await app.gql(SIGN, { contractId, version: 1 }, d.poster.token)).signContract.status).toBe('ACTIVE');
  return contractId;
}

async function contractOf(contractId: string, token: string) {
  return ok(await t.gql(CONTRACT, { id: contractId }, token)).contract;
}

function localId(globalId: string): string {
  return Buffer.from(globalId, 'base64url').toString('utf8').split(':')[1];
}

async function notificationsOf(userId: string): Promise<Array<{ kind: string; payload: Record<string, unknown> }>> {
  return t.app.deps.ds.query(`SELECT kind, payload FROM notifications WHERE user_id = $1 ORDER BY created_at, id`, [userId]);
}

// ---- graphql-ws clients ----------------------------------------------------------------

interface Watch {
  /** The next real event (probes skipped), or the subscription's error. */
  next(): Promise<any>;
  errors: Promise<any[]>;
  dispose(): void;
}

const clients: Client[] = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.dispose()));
});

function socket(app: TestApp, token?: string): Client {
  const client = createClient({
    url: `${app.url.replace(/^http/, 'ws')}/graphql`,
    webSocketImpl: WebSocket,
    connectionParams: token ? { authorization: `Bearer ${token}` } : {},
    retryAttempts: 0,
  });
  clients.push(client);
  return client;
}

/**
 * Subscribes and resolves once the subscription is live: probe events (kind CREATED, which no
 * mutation publishes after a contract exists) are published on `probeVia` until one arrives.
 */
async function watch(app: TestApp, token: string, contractId: string, probeVia: TestApp = app): Promise<Watch> {
  const received: any[] = [];
  const waiting: Array<(value: any) => void> = [];
  let rejectErrors!: (errors: any[]) => void;
  let resolveErrors!: (errors: any[]) => void;
  const errors = new Promise<any[]>((resolve, reject) => {
    resolveErrors = resolve;
    rejectErrors = reject;
  });
  errors.catch(() => undefined);
  let probed = false;
  const push = (value: any) => {
    const resolve = waiting.shift();
    if (resolve) resolve(value);
    else received.push(value);
  };
  const dispose = socket(app, token).subscribe(
    { query: WATCH, variables: { contractId } },
    {
      next: (result) => {
        if (result.errors) return resolveErrors(result.errors as any[]);
        const update = (result.data as any).contractUpdated;
        if (update.kind === 'CREATED') {
          probed = true;
          return;
        }
        push(update);
      },
      error: (error) => resolveErrors(Array.isArray(error) ? error : [error]),
      complete: () => rejectErrors([]),
    },
  );
  const local = localId(contractId);
  for (let attempt = 0; !probed; attempt++) {
    if (attempt > 100) throw new Error('subscription never became live');
    const settled = await Promise.race([errors.then(() => 'error' as const, () => 'done' as const), new Promise((r) => setTimeout(() => r('wait'), 50))]);
    if (settled !== 'wait') break;
    await probeVia.app.deps.pubsub.publish(contractUpdatedTopic(local), { contractId: local, kind: 'CREATED' as ContractEventKind });
  }
  return {
    next: () => (received.length > 0 ? Promise.resolve(received.shift()) : new Promise((resolve) => waiting.push(resolve))),
    errors,
    dispose,
  };
}

/** Subscribing must fail: the formatted errors. */
async function refusedSubscription(app: TestApp, token: string | undefined, contractId: string): Promise<any[]> {
  return new Promise((resolve) => {
    socket(app, token).subscribe(
      { query: WATCH, variables: { contractId } },
      {
        next: (result) => resolve((result.errors as any[]) ?? [{ unexpected: result.data }]),
        error: (error) => resolve(Array.isArray(error) ? error : [error]),
        complete: () => undefined,
      },
    );
  });
}

// ---- the lifecycle ------------------------------------------------------------------------

describe('lifecycle', () => {
  it('takes a conversation to an ACTIVE contract with a locked version and a full audit trail', async () => {
    const d = await deal();
    const created = ok(await t.gql(CREATE, { conversationId: toGlobalId('Conversation', d.conversationId) }, d.poster.token)).createContract;
    expect(created).toMatchObject({
      status: 'DRAFT',
      viewerRole: 'EMPLOYER',
      employerUser: { id: toGlobalId('User', d.poster.user.id) },
      worker: { id: toGlobalId('User', d.worker.user.id) },
      currentDetails: null,
    });
    const contractId = created.id;

    const v1 = content('v1', { termsAndConditions: '' });
    const saved1 = await save(d, contractId, 0, v1);
    expect(saved1.currentDetails).toEqual({ version: 1, contentHash: expectedHash(v1), complete: false });

    const v2 = content('v2');
    const saved2 = await save(d, contractId, 1, v2);
    expect(saved2.currentDetails).toEqual({ version: 2, contentHash: expectedHash(v2), complete: true });

    const workerHeaders = { 'user-agent': 'WorkerBrowser/1.0', 'x-forwarded-for': '203.0.113.7' };
    const workerSigned = ok(await t.gql(SIGN, { contractId, version: 2 }, d.worker.token, workerHeaders)).signContract;
    expect(workerSigned).toMatchObject({ status: 'DRAFT', workerSignedVersion: 2, employerSignedVersion: null, employerSignedAt: null });
    expect(workerSigned.workerSignedAt).toEqual(expect.any(String));

    const posterSigned = ok(await t.gql(SIGN, { contractId, version: 2 }, d.poster.token, { 'user-agent': 'PosterBrowser/2.0' })).signContract;
    expect(posterSigned).toMatchObject({ status: 'ACTIVE', workerSignedVersion: 2, employerSignedVersion: 2, currentDetails: { version: 2, locked: true } });
    expect(posterSigned.currentDetails.lockedAt).toEqual(expect.any(String));

    const contract = await contractOf(contractId, d.worker.token);
    expect(contract.viewerRole).toBe('WORKER');
    expect(contract.listing.id).toBe(toGlobalId('Listing', d.listingId));
    expect(contract.employer.id).toBe(toGlobalId('Employer', d.employerId));
    expect(contract.currentDetails).toMatchObject({ ...v2, version: 2, locked: true });
    expect(contract.versions).toEqual([
      { version: 1, contentHash: expectedHash(v1), locked: false, createdBy: { id: toGlobalId('User', d.poster.user.id) } },
      { version: 2, contentHash: expectedHash(v2), locked: true, createdBy: { id: toGlobalId('User', d.poster.user.id) } },
    ]);

    const poster = { id: toGlobalId('User', d.poster.user.id) };
    const worker = { id: toGlobalId('User', d.worker.user.id) };
    expect(contract.events.map(({ createdAt: _createdAt, ...event }: { createdAt: string }) => event)).toEqual([
      { kind: 'CREATED', actor: poster, version: null, contentHash: null, ipAddress: null, userAgent: null, reason: null, changeOrder: null },
      { kind: 'DETAILS_SAVED', actor: poster, version: 1, contentHash: expectedHash(v1), ipAddress: null, userAgent: null, reason: null, changeOrder: null },
      { kind: 'DETAILS_SAVED', actor: poster, version: 2, contentHash: expectedHash(v2), ipAddress: null, userAgent: null, reason: null, changeOrder: null },
      { kind: 'SIGNED', actor: worker, version: 2, contentHash: expectedHash(v2), ipAddress: '203.0.113.7', userAgent: 'WorkerBrowser/1.0', reason: null, changeOrder: null },
      { kind: 'SIGNED', actor: poster, version: 2, contentHash: expectedHash(v2), ipAddress: expect.stringMatching(/127\.0\.0\.1$/), userAgent: 'PosterBrowser/2.0', reason: null, changeOrder: null },
      { kind: 'LOCKED', actor: poster, version: 2, contentHash: expectedHash(v2), ipAddress: null, userAgent: null, reason: null, changeOrder: null },
    ]);

    // The other party is told of each step; two unread saves collapse into one notice.
    const workerNotices = await notificationsOf(d.worker.user.id);
    expect(workerNotices.map((n) => n.kind).sort()).toEqual(['CONTRACT_ACTIVE', 'CONTRACT_CREATED', 'CONTRACT_DETAILS_SAVED', 'CONTRACT_SIGNED']);
    expect(workerNotices.find((n) => n.kind === 'CONTRACT_DETAILS_SAVED')?.payload).toMatchObject({ contractId, version: 2 });
    expect(workerNotices.find((n) => n.kind === 'CONTRACT_ACTIVE')?.payload).toMatchObject({ contractId, version: 2 });
    expect((await notificationsOf(d.poster.user.id)).map((n) => n.kind)).toEqual(['CONTRACT_SIGNED']);
  });

  it('stores and hashes each section in Unicode NFC, so equal text hashes equally', async () => {
    const d = await deal();
    const contractId = await draft(d);
    const decomposed = content('cafe\u0301');
    const composed = content('caf\u00e9');
    const saved = await save(d, contractId, 0, decomposed);
    expect(saved.currentDetails.contentHash).toBe(expectedHash(composed));
    const stored = (await contractOf(contractId, d.poster.token)).currentDetails;
    expect(stored.descriptionOfServices).toBe(composed.descriptionOfServices);
  });

  it('diffs any two versions field by field, with a line diff', async () => {
    const d = await deal();
    const contractId = await draft(d);
    await save(d, contractId, 0, content('same', { deliverables: 'Source code\nDocs' }));
    await save(d, contractId, 1, content('same', { deliverables: 'Source code\nTests\nDocs' }));
    const diff = ok(await t.gql(DIFF, { id: contractId, from: 1, to: 2 }, d.worker.token)).contract.diff;
    expect(diff.map((section: { field: string }) => section.field)).toEqual([...SECTIONS]);
    expect(diff.filter((section: { changed: boolean }) => section.changed).map((section: { field: string }) => section.field)).toEqual(['deliverables']);
    expect(diff[1]).toEqual({
      field: 'deliverables',
      before: 'Source code\nDocs',
      after: 'Source code\nTests\nDocs',
      changed: true,
      lines: [
        { kind: 'UNCHANGED', text: 'Source code\n' },
        { kind: 'ADDED', text: 'Tests\n' },
        { kind: 'UNCHANGED', text: 'Docs' },
      ],
    });
    // Appending a line keeps the old last line unchanged rather than removing and re-adding it.
    await save(d, contractId, 2, content('same', { deliverables: 'Source code\nTests\nDocs\nA demo' }));
    const appended = ok(await t.gql(DIFF, { id: contractId, from: 2, to: 3 }, d.worker.token)).contract.diff[1].lines;
    expect(appended.map((line: { kind: string }) => line.kind)).toEqual(['UNCHANGED', 'ADDED']);
    expect(appended[1].text).toBe('A demo');
    const missing = errorOf(await t.gql(DIFF, { id: contractId, from: 1, to: 9 }, d.worker.token));
    expect(missing.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: { to: expect.any(String) } });
  });

  it('clears both signatures when the details are saved again', async () => {
    const d = await deal();
    const contractId = await draft(d);
    await save(d, contractId, 0, content('v1'));
    ok(await t.gql(SIGN, { contractId, version: 1 }, d.worker.token));
    const saved = await save(d, contractId, 1, content('v2'));
    expect(saved).toMatchObject({ workerSignedVersion: null, employerSignedVersion: null, currentDetails: { version: 2 } });
    expect(codeOf(await t.gql(SIGN, { contractId, version: 1 }, d.worker.token))).toBe('CONFLICT');
    const contract = await contractOf(contractId, d.poster.token);
    expect(contract).toMatchObject({ status: 'DRAFT', workerSignedAt: null, workerSignedVersion: null });
  });

  it('treats signing a version one has already signed as done, and lists contracts by status', async () => {
    const d = await deal();
    const contractId = await draft(d);
    await save(d, contractId, 0, content('v1'));
    const first = ok(await t.gql(SIGN, { contractId, version: 1 }, d.worker.token)).signContract;
    const again = ok(await t.gql(SIGN, { contractId, version: 1 }, d.worker.token)).signContract;
    expect(again.workerSignedAt).toBe(first.workerSignedAt);
    const signed = (await contractOf(contractId, d.worker.token)).events.filter((event: { kind: string }) => event.kind === 'SIGNED');
    expect(signed).toHaveLength(1);

    expect(ok(await t.gql(CONTRACTS, { status: 'DRAFT' }, d.worker.token)).contracts).toEqual([{ id: contractId, status: 'DRAFT' }]);
    expect(ok(await t.gql(CONTRACTS, { status: 'ACTIVE' }, d.worker.token)).contracts).toEqual([]);
  });
});

// ---- refusals ----------------------------------------------------------------------------

describe('refusals', () => {
  it('refuses a stale expectedVersion with CONFLICT and keeps the newer version', async () => {
    const d = await deal();
    const contractId = await draft(d);
    await save(d, contractId, 0, content('first'));
    expect(codeOf(await t.gql(SAVE, { contractId, expectedVersion: 0, input: content('stale') }, d.poster.token))).toBe('CONFLICT');
    expect(codeOf(await t.gql(SAVE, { contractId, expectedVersion: 5, input: content('ahead') }, d.poster.token))).toBe('CONFLICT');
    const contract = await contractOf(contractId, d.poster.token);
    expect(contract.versions).toHaveLength(1);
    expect(contract.currentDetails.descriptionOfServices).toContain('first');
  });

  it('names a section over 20,000 characters and a negative expectedVersion, and saves nothing', async () => {
    const d = await deal();
    const contractId = await draft(d);
    const tooLong = errorOf(await t.gql(SAVE, { contractId, expectedVersion: 0, input: content('x', { deliverables: 'x'.repeat(20_001) }) }, d.poster.token));
    expect(tooLong.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: { deliverables: expect.any(String) } });
    expect(Object.keys(tooLong.extensions?.fields ?? {})).toEqual(['deliverables']);
    const negative = errorOf(await t.gql(SAVE, { contractId, expectedVersion: -1, input: content('x') }, d.poster.token));
    expect(negative.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: { expectedVersion: expect.any(String) } });
    expect(await save(d, contractId, 0, content('ok', { deliverables: '\u{1F600}'.repeat(20_000) }))).toMatchObject({ currentDetails: { version: 1 } });
    expect((await contractOf(contractId, d.poster.token)).events.map((event: { kind: string }) => event.kind)).toEqual(['CREATED', 'DETAILS_SAVED']);
  });

  it('refuses to sign a superseded, incomplete or missing version with CONFLICT', async () => {
    const d = await deal();
    const contractId = await draft(d);
    expect(codeOf(await t.gql(SIGN, { contractId, version: 1 }, d.worker.token))).toBe('CONFLICT');
    await save(d, contractId, 0, content('v1'));
    await save(d, contractId, 1, content('v2'));
    expect(codeOf(await t.gql(SIGN, { contractId, version: 1 }, d.worker.token))).toBe('CONFLICT');
    await save(d, contractId, 2, content('v3', { pricingAndRates: '   ' }));
    expect(codeOf(await t.gql(SIGN, { contractId, version: 2 }, d.worker.token))).toBe('CONFLICT');
    const incomplete = errorOf(await t.gql(SIGN, { contractId, version: 3 }, d.poster.token));
    expect(incomplete.extensions?.code).toBe('CONFLICT');
    expect(incomplete.message).toContain('pricingAndRates');
    const contract = await contractOf(contractId, d.poster.token);
    expect(contract).toMatchObject({ employerSignedVersion: null, workerSignedVersion: null });
  });

  it('refuses any edit after the contract locks, and the worker and members never edit', async () => {
    const d = await deal();
    const contractId = await draft(d);
    expect(codeOf(await t.gql(SAVE, { contractId, expectedVersion: 0, input: content('w') }, d.worker.token))).toBe('FORBIDDEN');
    expect(codeOf(await t.gql(SAVE, { contractId, expectedVersion: 0, input: content('m') }, d.member.token))).toBe('FORBIDDEN');
    await save(d, contractId, 0, content('v1'));
    ok(await t.gql(SIGN, { contractId, version: 1 }, d.poster.token));
    ok(await t.gql(SIGN, { contractId, version: 1 }, d.worker.token));
    expect(codeOf(await t.gql(SAVE, { contractId, expectedVersion: 1, input: content('late') }, d.poster.token))).toBe('CONFLICT');
    expect(codeOf(await t.gql(SIGN, { contractId, version: 2 }, d.poster.token))).toBe('CONFLICT');
    const contract = await contractOf(contractId, d.poster.token);
    expect(contract.versions).toHaveLength(1);
    expect(contract.currentDetails).toMatchObject({ version: 1, locked: true });
  });

  it('lets other members of the employer read but not sign', async () => {
    const d = await deal();
    const contractId = await draft(d);
    await save(d, contractId, 0, content('v1'));
    expect(codeOf(await t.gql(SIGN, { contractId, version: 1 }, d.member.token))).toBe('FORBIDDEN');
    const contract = await contractOf(contractId, d.member.token);
    expect(contract).toMatchObject({ viewerRole: 'READER', employerSignedVersion: null, workerSignedVersion: null });
  });

  it('creates one contract per conversation, by its poster only', async () => {
    const d = await deal();
    const conversationId = toGlobalId('Conversation', d.conversationId);
    expect(codeOf(await t.gql(CREATE, { conversationId }, d.worker.token))).toBe('FORBIDDEN');
    expect(codeOf(await t.gql(CREATE, { conversationId }, d.member.token))).toBe('NOT_FOUND');
    expect(codeOf(await t.gql(CREATE, { conversationId }, d.stranger.token))).toBe('NOT_FOUND');
    expect(codeOf(await t.gql(CREATE, { conversationId }))).toBe('UNAUTHENTICATED');
    expect(codeOf(await t.gql(CREATE, { conversationId: toGlobalId('Contract', d.conversationId) }, d.poster.token))).toBe('BAD_USER_INPUT');
    ok(await t.gql(CREATE, { conversationId }, d.poster.token));
    expect(codeOf(await t.gql(CREATE, { conversationId }, d.poster.token))).toBe('CONFLICT');
  });

  it('creates exactly one contract when the poster creates twice at once', async () => {
    for (let round = 0; round < 5; round++) {
      const d = await deal();
      const conversationId = toGlobalId('Conversation', d.conversationId);
      const results = await Promise.all([1, 2, 3].map(() => t.gql(CREATE, { conversationId }, d.poster.token)));
      expect(results.filter((result) => !result.errors).length).toBe(1);
      expect(results.filter((result) => result.errors).map(codeOf)).toEqual(['CONFLICT', 'CONFLICT']);
    }
  });

  it('refuses a poster who has left the employer', async () => {
    const d = await deal();
    const contractId = await draft(d);
    await t.app.deps.ds.query('DELETE FROM employer_members WHERE employer_id = $1 AND user_id = $2', [d.employerId, d.poster.user.id]);
    expect(codeOf(await t.gql(SAVE, { contractId, expectedVersion: 0, input: content('gone') }, d.poster.token))).toBe('FORBIDDEN');
    const other = await deal();
    await t.app.deps.ds.query('DELETE FROM employer_members WHERE employer_id = $1 AND user_id = $2', [other.employerId, other.poster.user.id]);
    expect(codeOf(await t.gql(CREATE, { conversationId: toGlobalId('Conversation', other.conversationId) }, other.poster.token))).toBe('FORBIDDEN');
  });
});

// ---- authorization -----------------------------------------------------------------------

describe('authorization', () => {
  it('shows a contract to the parties and employer members, and to nobody else', async () => {
    const d = await deal();
    const contractId = await draft(d);
    expect((await contractOf(contractId, d.poster.token)).viewerRole).toBe('EMPLOYER');
    expect((await contractOf(contractId, d.worker.token)).viewerRole).toBe('WORKER');
    expect((await contractOf(contractId, d.member.token)).viewerRole).toBe('READER');
    expect(codeOf(await t.gql(CONTRACT, { id: contractId }, d.stranger.token))).toBe('NOT_FOUND');
    expect(codeOf(await t.gql(CONTRACT, { id: toGlobalId('Contract', randomUUID()) }, d.stranger.token))).toBe('NOT_FOUND');
    expect(codeOf(await t.gql(CONTRACT, { id: contractId }))).toBe('UNAUTHENTICATED');

    for (const who of [d.poster, d.worker, d.member]) {
      expect(ok(await t.gql(CONTRACTS, {}, who.token)).contracts.map((c: { id: string }) => c.id)).toContain(contractId);
      expect(ok(await t.gql(NODE, { id: contractId }, who.token)).node).toEqual({ id: contractId });
    }
    expect(ok(await t.gql(CONTRACTS, {}, d.stranger.token)).contracts).toEqual([]);
    expect(ok(await t.gql(NODE, { id: contractId }, d.stranger.token)).node).toBeNull();
  });

  it('links the conversation and its contract both ways, and keeps the chat from other members', async () => {
    const d = await deal();
    const conversationId = toGlobalId('Conversation', d.conversationId);
    const LINKS = `query ($contract: ID!, $conversation: ID!) {
      contract(id: $contract) { conversation { id } }
      conversation(id: $conversation) { contract { id } } }`;
    const CONVERSATION = `query ($id: ID!) { conversation(id: $id) { contract { id } } }`;
    expect(ok(await t.gql(CONVERSATION, { id: conversationId }, d.worker.token)).conversation.contract).toBeNull();
    const contractId = await draft(d);
    for (const party of [d.poster, d.worker]) {
      expect(ok(await t.gql(LINKS, { contract: contractId, conversation: conversationId }, party.token))).toEqual({
        contract: { conversation: { id: conversationId } },
        conversation: { contract: { id: contractId } },
      });
    }
    expect(ok(await t.gql(`query ($id: ID!) { contract(id: $id) { conversation { id } } }`, { id: contractId }, d.member.token)).contract.conversation).toBeNull();
  });

  it('answers strangers NOT_FOUND for every mutation and changes nothing', async () => {
    const d = await deal();
    const contractId = await active(d);
    const changeOrderId = ok(await t.gql(SUBMIT, { contractId, changes: { description: 'More tests' } }, d.worker.token)).submitChangeOrder.id;
    const { token } = d.stranger;
    expect(codeOf(await t.gql(SAVE, { contractId, expectedVersion: 1, input: content('x') }, token))).toBe('NOT_FOUND');
    expect(codeOf(await t.gql(SIGN, { contractId, version: 1 }, token))).toBe('NOT_FOUND');
    expect(codeOf(await t.gql(SUBMIT, { contractId, changes: { description: 'x' } }, token))).toBe('NOT_FOUND');
    expect(codeOf(await t.gql(ACCEPT, { id: changeOrderId }, token))).toBe('NOT_FOUND');
    expect(codeOf(await t.gql(REJECT, { id: changeOrderId, reason: 'no' }, token))).toBe('NOT_FOUND');
    expect(codeOf(await t.gql(WITHDRAW, { id: changeOrderId }, token))).toBe('NOT_FOUND');
    expect(ok(await t.gql(NODE, { id: changeOrderId }, token)).node).toBeNull();
    expect(ok(await t.gql(NODE, { id: changeOrderId }, d.member.token)).node).toEqual({ id: changeOrderId });
    const contract = await contractOf(contractId, d.poster.token);
    expect(contract.changeOrders).toMatchObject([{ status: 'PROPOSED' }]);
  });

  it('lets the parties and members subscribe, and refuses strangers and anonymous sockets', async () => {
    const d = await deal();
    const contractId = await draft(d);
    for (const who of [d.poster, d.worker, d.member]) {
      const live = await watch(t, who.token, contractId);
      live.dispose();
    }
    const [strangerError] = await refusedSubscription(t, d.stranger.token, contractId);
    expect(strangerError.extensions?.code).toBe('NOT_FOUND');
    const [anonymousError] = await refusedSubscription(t, undefined, contractId);
    expect(anonymousError.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('stops live events to a member removed from the employer', async () => {
    const d = await deal();
    const contractId = await draft(d);
    const member = await watch(t, d.member.token, contractId);
    const worker = await watch(t, d.worker.token, contractId);

    await t.app.deps.ds.query('DELETE FROM employer_members WHERE employer_id = $1 AND user_id = $2', [d.employerId, d.member.user.id]);
    await save(d, contractId, 0, content('hidden from the ex-member'));
    expect((await worker.next()).contract.currentDetails.version).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 100)); // let the ex-member's check of that event finish

    await t.app.deps.ds.query(`INSERT INTO employer_members (employer_id, user_id, role) VALUES ($1, $2, 'MEMBER')`, [d.employerId, d.member.user.id]);
    await save(d, contractId, 1, content('seen again'));
    // Events arrive in order: had version 1 been delivered, it would come first.
    expect((await member.next()).contract.currentDetails.version).toBe(2);
  });
});

// ---- live --------------------------------------------------------------------------------

describe('live', () => {
  it('shows each party the other party’s edits, signatures, locking and change orders as they happen', async () => {
    const d = await deal();
    const contractId = await draft(d);
    const worker = await watch(t, d.worker.token, contractId);
    const poster = await watch(t, d.poster.token, contractId);
    const workerNotices = t.app.deps.pubsub.subscribe(notificationAddedTopic(d.worker.user.id));

    await save(d, contractId, 0, content('v1'));
    expect(await worker.next()).toMatchObject({ kind: 'DETAILS_SAVED', contract: { id: contractId, status: 'DRAFT', currentDetails: { version: 1, locked: false } } });
    expect((await poster.next()).kind).toBe('DETAILS_SAVED');
    expect((await workerNotices.next()).value).toMatchObject({ userId: d.worker.user.id, notificationId: expect.any(String) });

    ok(await t.gql(SIGN, { contractId, version: 1 }, d.worker.token));
    expect(await poster.next()).toMatchObject({ kind: 'SIGNED', contract: { workerSignedVersion: 1, employerSignedVersion: null } });
    expect((await worker.next()).kind).toBe('SIGNED');

    ok(await t.gql(SIGN, { contractId, version: 1 }, d.poster.token));
    expect(await worker.next()).toMatchObject({ kind: 'SIGNED', contract: { employerSignedVersion: 1 } });
    expect(await worker.next()).toMatchObject({ kind: 'LOCKED', contract: { status: 'ACTIVE', currentDetails: { version: 1, locked: true } } });
    expect((await poster.next()).kind).toBe('SIGNED');
    expect((await poster.next()).kind).toBe('LOCKED');

    const changeOrderId = ok(await t.gql(SUBMIT, { contractId, changes: { description: 'Add a report', priceChangeCents: 500 } }, d.worker.token)).submitChangeOrder.id;
    expect(await poster.next()).toMatchObject({ kind: 'CHANGE_ORDER_SUBMITTED', changeOrder: { id: changeOrderId, status: 'PROPOSED' } });
    ok(await t.gql(ACCEPT, { id: changeOrderId }, d.poster.token));
    await worker.next(); // the submission
    expect(await worker.next()).toMatchObject({ kind: 'CHANGE_ORDER_ACCEPTED', changeOrder: { status: 'ACCEPTED' }, contract: { acceptedPriceChangeCents: 500 } });
    await workerNotices.return?.();
  });

  it('delivers across two server instances sharing Redis', async () => {
    const a = await startTestApp({ redis: true });
    const b = await startTestApp({ redis: true });
    try {
      const d = await deal(a);
      const contractId = await draft(d, a);
      // Subscribed on instance B, probed and mutated through instance A.
      const worker = await watch(b, d.worker.token, contractId, a);
      await save(d, contractId, 0, content('over redis'), a);
      expect(await worker.next()).toMatchObject({ kind: 'DETAILS_SAVED', contract: { id: contractId, currentDetails: { version: 1 } } });
      ok(await a.gql(SIGN, { contractId, version: 1 }, d.poster.token));
      expect(await worker.next()).toMatchObject({ kind: 'SIGNED', contract: { employerSignedVersion: 1 } });
    } finally {
      await Promise.all(clients.splice(0).map((client) => client.dispose()));
      await a.stop();
      await b.stop();
    }
  });
});

// ---- races -------------------------------------------------------------------------------

describe('races', () => {
  it('never leaves a signature on a version other than the one signed while the poster saves (20 rounds)', async () => {
    const d = await deal();
    const contractId = await draft(d);
    await save(d, contractId, 0, content('v1'));
    let signaturesThatLanded = 0;
    for (let version = 1; version <= 20; version++) {
      const [saved, signed] = await Promise.all([
        t.gql(SAVE, { contractId, expectedVersion: version, input: content(`v${version + 1}`) }, d.poster.token),
        t.gql(SIGN, { contractId, version }, d.worker.token),
      ]);
      expect(ok(saved).updateContractDetails.currentDetails.version).toBe(version + 1);
      if (signed.errors) expect(codeOf(signed)).toBe('CONFLICT');
      else {
        signaturesThatLanded++;
        expect(signed.data.signContract.workerSignedVersion).toBe(version);
      }
      const contract = await contractOf(contractId, d.poster.token);
      expect(contract).toMatchObject({ status: 'DRAFT', workerSignedVersion: null, workerSignedAt: null, currentDetails: { version: version + 1 } });
    }
    // Each SIGNED event names the version that was current when it was written.
    const { events } = await contractOf(contractId, d.poster.token);
    let current = 0;
    for (const event of events) {
      if (event.kind === 'DETAILS_SAVED') current = event.version;
      if (event.kind === 'SIGNED') expect(event.version).toBe(current);
    }
    expect(events.filter((event: { kind: string }) => event.kind === 'SIGNED')).toHaveLength(signaturesThatLanded);
  });

  it('locks exactly once when both parties sign at the same moment (20 rounds)', async () => {
    for (let round = 0; round < 20; round++) {
      const d = await deal();
      const contractId = await draft(d);
      await save(d, contractId, 0, content(`round ${round}`));
      const results = await Promise.all([t.gql(SIGN, { contractId, version: 1 }, d.poster.token), t.gql(SIGN, { contractId, version: 1 }, d.worker.token)]);
      results.forEach((result) => ok(result));
      const contract = await contractOf(contractId, d.poster.token);
      expect(contract).toMatchObject({ status: 'ACTIVE', employerSignedVersion: 1, workerSignedVersion: 1, currentDetails: { locked: true } });
      const kinds = contract.events.map((event: { kind: string }) => event.kind);
      expect(kinds.filter((kind: string) => kind === 'LOCKED')).toHaveLength(1);
      expect(kinds.filter((kind: string) => kind === 'SIGNED')).toHaveLength(2);
      expect(kinds.at(-1)).toBe('LOCKED');
    }
  });

  it('decides a change order exactly once when accept, reject and withdraw race (10 rounds)', async () => {
    const d = await deal();
    const contractId = await active(d);
    for (let round = 0; round < 10; round++) {
      const id = ok(await t.gql(SUBMIT, { contractId, changes: { description: `race ${round}`, priceChangeCents: 100 } }, d.worker.token)).submitChangeOrder.id;
      const results = await Promise.all([
        t.gql(ACCEPT, { id }, d.poster.token),
        t.gql(REJECT, { id, reason: 'too late' }, d.poster.token),
        t.gql(WITHDRAW, { id }, d.worker.token),
      ]);
      expect(results.filter((result) => !result.errors)).toHaveLength(1);
      expect(results.filter((result) => result.errors).map(codeOf)).toEqual(['CONFLICT', 'CONFLICT']);
    }
    const contract = await contractOf(contractId, d.poster.token);
    const decisions = contract.events.filter((event: { kind: string }) => /^CHANGE_ORDER_(ACCEPTED|REJECTED|WITHDRAWN)$/.test(event.kind));
    expect(decisions).toHaveLength(10);
    const accepted = contract.changeOrders.filter((order: { status: string }) => order.status === 'ACCEPTED').length;
    expect(contract.acceptedPriceChangeCents).toBe(accepted * 100);
  });
});

// ---- change orders -----------------------------------------------------------------------

describe('change orders', () => {
  it('keeps running totals of accepted changes and records every decision', async () => {
    const d = await deal();
    const contractId = await active(d);
    const submit = async (changes: Record<string, unknown>) =>
      ok(await t.gql(SUBMIT, { contractId, changes }, d.worker.token)).submitChangeOrder;

    const raise = await submit({ description: 'Add a second payment provider', priceChangeCents: 50_000, scheduleChangeDays: 5 });
    expect(raise).toMatchObject({ status: 'PROPOSED', changes: 'Add a second payment provider', priceChangeCents: 50_000, scheduleChangeDays: 5, createdBy: { id: toGlobalId('User', d.worker.user.id) } });
    const accepted = ok(await t.gql(ACCEPT, { id: raise.id }, d.poster.token)).acceptChangeOrder;
    expect(accepted).toMatchObject({ status: 'ACCEPTED', acceptedBy: { id: toGlobalId('User', d.poster.user.id) }, contract: { acceptedPriceChangeCents: 50_000, acceptedScheduleChangeDays: 5 } });
    expect(accepted.acceptedAt).toEqual(expect.any(String));

    const cut = await submit({ description: 'Drop the admin screen', priceChangeCents: -12_000, scheduleChangeDays: -2 });
    ok(await t.gql(ACCEPT, { id: cut.id }, d.poster.token));
    const rejected = await submit({ description: 'Double the rate', priceChangeCents: 400_000 });
    expect(ok(await t.gql(REJECT, { id: rejected.id, reason: ' Not in budget ' }, d.poster.token)).rejectChangeOrder).toMatchObject({
      status: 'REJECTED',
      reason: 'Not in budget',
      acceptedBy: null,
    });
    const withdrawn = await submit({ description: 'Rename the repo' });
    expect(ok(await t.gql(WITHDRAW, { id: withdrawn.id }, d.worker.token)).withdrawChangeOrder.status).toBe('WITHDRAWN');

    const contract = await contractOf(contractId, d.member.token);
    expect(contract).toMatchObject({ acceptedPriceChangeCents: 38_000, acceptedScheduleChangeDays: 3 });
    expect(contract.changeOrders.map((order: { status: string }) => order.status)).toEqual(['ACCEPTED', 'ACCEPTED', 'REJECTED', 'WITHDRAWN']);
    const trail = contract.events.filter((event: { kind: string }) => event.kind.startsWith('CHANGE_ORDER'));
    expect(trail.map((event: { kind: string; changeOrder: { id: string } }) => [event.kind, event.changeOrder.id])).toEqual([
      ['CHANGE_ORDER_SUBMITTED', raise.id],
      ['CHANGE_ORDER_ACCEPTED', raise.id],
      ['CHANGE_ORDER_SUBMITTED', cut.id],
      ['CHANGE_ORDER_ACCEPTED', cut.id],
      ['CHANGE_ORDER_SUBMITTED', rejected.id],
      ['CHANGE_ORDER_REJECTED', rejected.id],
      ['CHANGE_ORDER_SUBMITTED', withdrawn.id],
      ['CHANGE_ORDER_WITHDRAWN', withdrawn.id],
    ]);
    expect(trail[5].reason).toBe('Not in budget');
    expect(trail.every((event: { version: number; contentHash: string }) => event.version === 1 && event.contentHash === contract.currentDetails.contentHash)).toBe(true);

    const posterKinds = (await notificationsOf(d.poster.user.id)).map((n) => n.kind).filter((kind) => kind.startsWith('CHANGE_ORDER'));
    expect(posterKinds).toEqual(['CHANGE_ORDER_SUBMITTED', 'CHANGE_ORDER_SUBMITTED', 'CHANGE_ORDER_SUBMITTED', 'CHANGE_ORDER_SUBMITTED', 'CHANGE_ORDER_WITHDRAWN']);
    const workerKinds = (await notificationsOf(d.worker.user.id)).map((n) => n.kind).filter((kind) => kind.startsWith('CHANGE_ORDER'));
    expect(workerKinds).toEqual(['CHANGE_ORDER_ACCEPTED', 'CHANGE_ORDER_ACCEPTED', 'CHANGE_ORDER_REJECTED']);
  });

  it('refuses change orders on a DRAFT contract and from anyone but the worker', async () => {
    const d = await deal();
    const contractId = await draft(d);
    await save(d, contractId, 0, content('v1'));
    expect(codeOf(await t.gql(SUBMIT, { contractId, changes: { description: 'Too early' } }, d.worker.token))).toBe('CONFLICT');
    ok(await t.gql(SIGN, { contractId, version: 1 }, d.worker.token));
    ok(await t.gql(SIGN, { contractId, version: 1 }, d.poster.token));
    expect(codeOf(await t.gql(SUBMIT, { contractId, changes: { description: 'From the poster' } }, d.poster.token))).toBe('FORBIDDEN');
    expect(codeOf(await t.gql(SUBMIT, { contractId, changes: { description: 'From a member' } }, d.member.token))).toBe('FORBIDDEN');
    expect((await contractOf(contractId, d.poster.token)).changeOrders).toEqual([]);
  });

  it('validates the changes and the rejection reason, naming the field', async () => {
    const d = await deal();
    const contractId = await active(d);
    const blank = errorOf(await t.gql(SUBMIT, { contractId, changes: { description: '   ' } }, d.worker.token));
    expect(blank.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: { description: expect.any(String) } });
    const long = errorOf(await t.gql(SUBMIT, { contractId, changes: { description: 'x'.repeat(10_001) } }, d.worker.token));
    expect(long.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: { description: expect.any(String) } });
    const huge = errorOf(await t.gql(SUBMIT, { contractId, changes: { description: 'x', priceChangeCents: 2_000_000_000 } }, d.worker.token));
    expect(huge.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: { priceChangeCents: expect.any(String) } });
    const id = ok(await t.gql(SUBMIT, { contractId, changes: { description: 'Fine' } }, d.worker.token)).submitChangeOrder.id;
    const noReason = errorOf(await t.gql(REJECT, { id, reason: ' ' }, d.poster.token));
    expect(noReason.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: { reason: expect.any(String) } });
    expect((await contractOf(contractId, d.poster.token)).changeOrders).toMatchObject([{ status: 'PROPOSED' }]);
  });

  it('lets only the poster decide, never the author, and a decided change order never changes again', async () => {
    const d = await deal();
    const contractId = await active(d);
    const id = ok(await t.gql(SUBMIT, { contractId, changes: { description: 'One more page' } }, d.worker.token)).submitChangeOrder.id;
    expect(codeOf(await t.gql(ACCEPT, { id }, d.worker.token))).toBe('FORBIDDEN');
    expect(codeOf(await t.gql(REJECT, { id, reason: 'mine' }, d.worker.token))).toBe('FORBIDDEN');
    expect(codeOf(await t.gql(ACCEPT, { id }, d.member.token))).toBe('FORBIDDEN');
    expect(codeOf(await t.gql(WITHDRAW, { id }, d.poster.token))).toBe('FORBIDDEN');
    expect(codeOf(await t.gql(WITHDRAW, { id }, d.member.token))).toBe('FORBIDDEN');

    ok(await t.gql(ACCEPT, { id }, d.poster.token));
    expect(codeOf(await t.gql(ACCEPT, { id }, d.poster.token))).toBe('CONFLICT');
    expect(codeOf(await t.gql(REJECT, { id, reason: 'changed my mind' }, d.poster.token))).toBe('CONFLICT');
    expect(codeOf(await t.gql(WITHDRAW, { id }, d.worker.token))).toBe('CONFLICT');

    const other = ok(await t.gql(SUBMIT, { contractId, changes: { description: 'Never mind' } }, d.worker.token)).submitChangeOrder.id;
    ok(await t.gql(WITHDRAW, { id: other }, d.worker.token));
    expect(codeOf(await t.gql(ACCEPT, { id: other }, d.poster.token))).toBe('CONFLICT');
    expect(codeOf(await t.gql(WITHDRAW, { id: other }, d.worker.token))).toBe('CONFLICT');

    const contract = await contractOf(contractId, d.poster.token);
    expect(contract.changeOrders.map((order: { status: string }) => order.status)).toEqual(['ACCEPTED', 'WITHDRAWN']);
    expect(contract.events.filter((event: { kind: string }) => event.kind.startsWith('CHANGE_ORDER'))).toHaveLength(4);
  });
});

// ---- the database refuses what the service would --------------------------------------------

describe('database integrity', () => {
  it('refuses a raw UPDATE or DELETE of a locked version, and of any audit row', async () => {
    const d = await deal();
    const contractId = await active(d);
    const id = localId(contractId);
    const ds = t.app.deps.ds;
    await expect(ds.query(`UPDATE contract_details SET deliverables = 'nothing' WHERE contract_id = $1`, [id])).rejects.toThrow(/locked/);
    await expect(ds.query(`UPDATE contract_details SET locked = false WHERE contract_id = $1`, [id])).rejects.toThrow(/locked/);
    await expect(ds.query(`DELETE FROM contract_details WHERE contract_id = $1`, [id])).rejects.toThrow(/locked/);
    await expect(ds.query(`UPDATE contract_events SET actor_id = actor_id WHERE contract_id = $1`, [id])).rejects.toThrow(/append-only/);
    await expect(ds.query(`DELETE FROM contract_events WHERE contract_id = $1`, [id])).rejects.toThrow(/append-only/);
    await expect(ds.query(`TRUNCATE contract_events CASCADE`)).rejects.toThrow(/append-only/);
    const contract = await contractOf(contractId, d.poster.token);
    expect(contract.currentDetails).toMatchObject({ locked: true, deliverables: content('v1').deliverables });
    expect(contract.events.map((event: { kind: string }) => event.kind)).toEqual(['CREATED', 'DETAILS_SAVED', 'SIGNED', 'SIGNED', 'LOCKED']);
  });
});

describe('query cost', () => {
  it('lists contracts with their relations in a constant number of statements', async () => {
    const d = await deal();
    const LIST = `{ contracts { id listing { id } employer { id } employerUser { profile { displayName } } worker { id }
      currentDetails { version createdBy { id } } versions { version } changeOrders { id } events { kind actor { id } } acceptedPriceChangeCents viewerRole } }`;
    const statements = async (token: string) => {
      t.sql.reset();
      ok(await t.gql(LIST, {}, token));
      return t.sql.count;
    };
    await active(d);
    const forOne = await statements(d.poster.token);
    for (let i = 0; i < 3; i++) {
      const conversation = await buildConversation(t.app, d.listing, (await buildUser(t.app)).user);
      const contractId = await draft({ ...d, conversationId: conversation.id });
      await save(d, contractId, 0, content(`extra ${i}`));
    }
    expect(ok(await t.gql(CONTRACTS, {}, d.poster.token)).contracts).toHaveLength(4);
    expect(await statements(d.poster.token)).toBe(forOne);
  });
});
