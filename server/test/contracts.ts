import { createHash } from 'node:crypto';
import { type Client, createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { MovableClock } from './clock';
import { ok, type TestApp, useTestApp } from './harness';
import { buildConversation, buildEmployer, buildListing, buildUser, type BuiltUser } from './factories';
import { toGlobalId } from '../src/graphql/global-id';
import type { ListingEntity } from '../src/modules/listings/listing.entity';
import { type ContractEventKind, contractUpdatedTopic } from '../src/modules/contracts/contracts.events';
import { toPayloadType } from '../src/modules/notifications/notification.type';

/*
 * What the contract tests share. Importing it gives the test file its app (hooks registered at
 * import, so each file gets one) and closes the file's graphql-ws clients after each test.
 */

const CONTRACT_FIELDS = `
  id status viewerRole employerSignedAt employerSignedVersion workerSignedAt workerSignedVersion
  acceptedPriceChangeCents acceptedScheduleChangeDays
  completionRequestedAt completionNote completedAt cancelledAt cancellationReason cancelledBy { id }
  listing { id } employer { id } employerUser { id } worker { id }
  currentDetails { version contentHash locked lockedAt complete descriptionOfServices deliverables projectSchedule pricingAndRates paymentTermsAndSchedule termsAndConditions }
  versions { version contentHash locked createdBy { id } }
  changeOrders { id status changes priceChangeCents scheduleChangeDays createdBy { id } acceptedBy { id } acceptedAt decidedAt reason }
  events { kind actor { id } version contentHash ipAddress userAgent reason changeOrder { id } createdAt }
`;
export const CONTRACT = `query ($id: ID!) { contract(id: $id) { ${CONTRACT_FIELDS} } }`;
export const CONTRACTS = `query ($status: ContractStatus) { contracts(status: $status) { id status } }`;
export const NODE = `query ($id: ID!) { node(id: $id) { id } }`;
export const CREATE = `mutation ($conversationId: ID!) { createContract(conversationId: $conversationId) { id status viewerRole employerUser { id } worker { id } currentDetails { version } } }`;
export const SAVE = `mutation ($contractId: ID!, $expectedVersion: Int!, $input: ContractDetailsInput!) {
  updateContractDetails(contractId: $contractId, expectedVersion: $expectedVersion, input: $input) {
    id status employerSignedVersion workerSignedVersion currentDetails { version contentHash complete }
  }
}`;
export const SIGN = `mutation ($contractId: ID!, $version: Int!) {
  signContract(contractId: $contractId, version: $version) {
    id status employerSignedAt employerSignedVersion workerSignedAt workerSignedVersion currentDetails { version locked lockedAt }
  }
}`;
export const DIFF = `query ($id: ID!, $from: Int!, $to: Int!) { contract(id: $id) { diff(from: $from, to: $to) { field before after changed lines { kind text } } } }`;
export const SUBMIT = `mutation ($contractId: ID!, $changes: ChangeOrderInput!) {
  submitChangeOrder(contractId: $contractId, changes: $changes) { id status changes priceChangeCents scheduleChangeDays createdBy { id } }
}`;
export const ACCEPT = `mutation ($id: ID!) { acceptChangeOrder(id: $id) { id status acceptedBy { id } acceptedAt decidedAt contract { acceptedPriceChangeCents acceptedScheduleChangeDays } } }`;
export const REJECT = `mutation ($id: ID!, $reason: String!) { rejectChangeOrder(id: $id, reason: $reason) { id status reason decidedAt acceptedBy { id } } }`;
export const WITHDRAW = `mutation ($id: ID!) { withdrawChangeOrder(id: $id) { id status decidedAt } }`;
const ENDING_FIELDS = 'id status completionRequestedAt completionNote completedAt cancelledAt cancellationReason cancelledBy { id } reviewWindowClosesAt viewerCanReview';
export const REQUEST_COMPLETION = `mutation ($contractId: ID!, $note: String!) { requestContractCompletion(contractId: $contractId, note: $note) { ${ENDING_FIELDS} } }`;
export const COMPLETE = `mutation ($contractId: ID!) { completeContract(contractId: $contractId) { ${ENDING_FIELDS} } }`;
export const DECLINE_COMPLETION = `mutation ($contractId: ID!, $reason: String!) { declineContractCompletion(contractId: $contractId, reason: $reason) { ${ENDING_FIELDS} } }`;
export const CANCEL = `mutation ($contractId: ID!, $reason: String!) { cancelContract(contractId: $contractId, reason: $reason) { ${ENDING_FIELDS} } }`;
const REVIEW_FIELDS = 'id rating body subjectRole publishedAt reply repliedAt viewerCanReply author { id } subject { id }';
export const SUBMIT_REVIEW = `mutation ($contractId: ID!, $input: ReviewInput!) { submitReview(contractId: $contractId, input: $input) { ${REVIEW_FIELDS} } }`;
export const REPLY = `mutation ($reviewId: ID!, $body: String!) { replyToReview(reviewId: $reviewId, body: $body) { ${REVIEW_FIELDS} } }`;
export const CONTRACT_REVIEWS = `query ($id: ID!) { contract(id: $id) { id status reviewWindowClosesAt viewerCanReview reviews { ${REVIEW_FIELDS} } } }`;
const WATCH = `subscription ($contractId: ID!) {
  contractUpdated(contractId: $contractId) {
    kind changeOrder { id status } review { id rating publishedAt }
    contract { id status employerSignedVersion workerSignedVersion currentDetails { version locked } acceptedPriceChangeCents }
  }
}`;

export const SECTIONS = ['descriptionOfServices', 'deliverables', 'projectSchedule', 'pricingAndRates', 'paymentTermsAndSchedule', 'termsAndConditions'] as const;
type Content = Record<(typeof SECTIONS)[number], string>;

export function content(tag: string, overrides: Partial<Content> = {}): Content {
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
export function expectedHash(c: Content): string {
  const canonical = JSON.stringify(['techgigs-contract-details-v1', ...SECTIONS.map((section) => c[section].normalize('NFC'))]);
  return createHash('sha256').update(Buffer.from(canonical, 'utf8')).digest('hex');
}

/** The time the app's rules read: tests move it forward (review windows), never sleep. */
export const clock = new MovableClock();

// As behind a proxy on this host: the audit trail records the client address it forwards.
export const t = useTestApp({ env: { TRUST_PROXY: 'loopback' }, clock });

export interface Deal {
  poster: BuiltUser;
  worker: BuiltUser;
  member: BuiltUser;
  stranger: BuiltUser;
  employerId: string;
  listing: ListingEntity;
  listingId: string;
  conversationId: string;
}

export async function deal(app: TestApp = t): Promise<Deal> {
  const [poster, worker, member, stranger] = await Promise.all([buildUser(app.app), buildUser(app.app), buildUser(app.app), buildUser(app.app)]);
  const employer = await buildEmployer(app.app, poster.user, { members: [{ user: member.user }] });
  const listing = await buildListing(app.app, employer, poster.user);
  const conversation = await buildConversation(app.app, listing, worker.user);
  return { poster, worker, member, stranger, employerId: employer.id, listing, listingId: listing.id, conversationId: conversation.id };
}

export async function draft(d: Deal, app: TestApp = t): Promise<string> {
  return ok(await app.gql(CREATE, { conversationId: toGlobalId('Conversation', d.conversationId) }, d.poster.token)).createContract.id;
}

export async function save(d: Deal, contractId: string, expectedVersion: number, c: Content, app: TestApp = t) {
  return ok(await app.gql(SAVE, { contractId, expectedVersion, input: c }, d.poster.token)).updateContractDetails;
}

export async function active(d: Deal, app: TestApp = t): Promise<string> {
  const contractId = await draft(d, app);
  await save(d, contractId, 0, content('v1'), app);
  ok(await app.gql(SIGN, { contractId, version: 1 }, d.worker.token));
  expect(ok(await app.gql(SIGN, { contractId, version: 1 }, d.poster.token)).signContract.status).toBe('ACTIVE');
  return contractId;
}

/** An ACTIVE contract the poster has completed. */
export async function completed(d: Deal, app: TestApp = t): Promise<string> {
  const contractId = await active(d, app);
  expect(ok(await app.gql(COMPLETE, { contractId }, d.poster.token)).completeContract.status).toBe('COMPLETED');
  return contractId;
}

export async function contractOf(contractId: string, token: string) {
  return ok(await t.gql(CONTRACT, { id: contractId }, token)).contract;
}

export function localId(globalId: string): string {
  return Buffer.from(globalId, 'base64url').toString('utf8').split(':')[1];
}

export async function notificationsOf(userId: string): Promise<Array<{ kind: string; payload: Record<string, unknown> }>> {
  const rows: Array<{ kind: string; payload: Record<string, unknown> }> = await t.app.deps.ds.query(
    `SELECT kind, payload FROM notifications WHERE user_id = $1 ORDER BY created_at, id`,
    [userId],
  );
  // Stored with local ids; compared as the API shows them.
  return rows.map((row) => ({ ...row, payload: toPayloadType(row.payload) }));
}

// ---- graphql-ws clients ----------------------------------------------------------------

interface Watch {
  /** The next real event (probes skipped), or the subscription's error. */
  next(): Promise<any>;
  errors: Promise<any[]>;
  dispose(): void;
}

export const clients: Client[] = [];
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
export async function watch(app: TestApp, token: string, contractId: string, probeVia: TestApp = app): Promise<Watch> {
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
export async function refusedSubscription(app: TestApp, token: string | undefined, contractId: string): Promise<any[]> {
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
