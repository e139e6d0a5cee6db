import { buildContract, buildConversation, buildListing, buildPoster, buildUser, contractContent, type BuiltPoster } from '../../test/factories';
import { errorOf, ok, useTestApp } from '../../test/harness';
import { toGlobalId } from './global-id';
import { MAX_NODES_PER_REQUEST } from './limits';
import { contractUpdatedTopic } from '../modules/contracts/contracts.events';
import { connectLive, LiveSubscription, probeUntilLive } from '../../test/live';

/**
 * The node limit where the count before a request can only estimate: a diff's work, and lists
 * (a contract's versions and events) longer than their assumed size, counted as they return.
 */

const t = useTestApp();
let poster: BuiltPoster;
beforeAll(async () => {
  poster = await buildPoster(t.app);
});

describe('a contract with many versions', () => {
  let contractId: string;
  let localContractId: string;
  let workerToken: string;
  beforeAll(async () => {
    const worker = await buildUser(t.app);
    workerToken = worker.token;
    const listing = await buildListing(t.app, poster.employer, poster.user, { status: 'PUBLISHED' });
    const contract = await buildContract(t.app, await buildConversation(t.app, listing, worker.user));
    const contracts = t.app.deps.services.contracts;
    for (let version = 1; version < 180; version += 1) await contracts.saveDetails(poster.user.id, contract.id, version, contractContent());
    localContractId = contract.id;
    contractId = toGlobalId('Contract', contract.id);
  });

  it('counts each diff towards the node limit: three in one request are refused before any runs', async () => {
    const diffs = [1, 2, 3].map((n) => `d${n}: diff(from: ${n}, to: ${n + 1}) { field }`).join(' ');
    const error = errorOf(await t.gql(`query ($id: ID!) { contract(id: $id) { ${diffs} } }`, { id: contractId }, workerToken));
    expect(error.extensions?.code).toBe('QUERY_TOO_COMPLEX');
    expect(ok(await t.gql('query ($id: ID!) { contract(id: $id) { diff(from: 1, to: 2) { field changed } } }', { id: contractId }, workerToken)).contract.diff).toHaveLength(6);
  });

  it('stops a request whose lists hold more than the node limit, though their estimate fits', async () => {
    const aliases = Array.from({ length: 30 }, (_, i) => `c${i}: contract(id: $id) { versions { version } events { kind } }`).join(' ');
    const response = await t.gql(`query ($id: ID!) { ${aliases} }`, { id: contractId }, workerToken);
    expect(response.errors?.map((error) => error.extensions?.code)).toContain('QUERY_TOO_COMPLEX');
    const returned = Object.values(response.data ?? {}).reduce((sum: number, contract) => {
      const { versions, events } = (contract ?? {}) as { versions?: unknown[] | null; events?: unknown[] | null };
      return sum + (versions?.length ?? 0) + (events?.length ?? 0);
    }, 0);
    expect(returned).toBeLessThanOrEqual(MAX_NODES_PER_REQUEST);
  });

  it('counts a subscription per event: a long-lived one is never stopped by the sum of its events', async () => {
    // 60 events of 180 versions each: 10,800 list items in all, each event far below the limit.
    const socket = connectLive(t.url, workerToken);
    const updates = new LiveSubscription(socket, 'subscription ($id: ID!) { contractUpdated(contractId: $id) { contract { versions { version } } } }', { id: contractId });
    const publish = () => t.app.deps.pubsub.publish(contractUpdatedTopic(localContractId), { contractId: localContractId, kind: 'DETAILS_SAVED' });
    await probeUntilLive(updates, publish, () => true);
    const before = updates.results.length;
    for (let event = 0; event < 60; event += 1) await publish();
    await updates.until(() => updates.results.length >= before + 60, 20_000, '60 more events');
    expect(updates.errors).toEqual([]);
    expect(updates.results.filter((result) => result.errors?.length)).toEqual([]);
    await socket.dispose();
  });
});

