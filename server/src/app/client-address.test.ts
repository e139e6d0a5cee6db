import { buildContract, buildConversation, buildListing, buildPoster, buildUser } from '../../test/factories';
import { type TestApp, useTestApp } from '../../test/harness';
import { connectLive, LiveSubscription } from '../../test/live';
import { toGlobalId } from '../graphql/global-id';

/**
 * The client address (rate limits, the contract audit trail) comes from X-Forwarded-For only
 * through TRUST_PROXY, over HTTP and over WebSocket alike.
 */

const SIGN = 'mutation ($id: ID!) { signContract(contractId: $id, version: 1) { id } }';
const FORWARDED = { 'x-forwarded-for': '203.0.113.9' };

async function signedFrom(t: TestApp, transport: 'http' | 'ws'): Promise<string | null> {
  const poster = await buildPoster(t.app);
  const worker = await buildUser(t.app);
  const listing = await buildListing(t.app, poster.employer, poster.user, { status: 'PUBLISHED' });
  const contract = await buildContract(t.app, await buildConversation(t.app, listing, worker.user));
  const id = toGlobalId('Contract', contract.id);
  if (transport === 'http') {
    expect((await t.gql(SIGN, { id }, worker.token, FORWARDED)).errors).toBeUndefined();
  } else {
    const socket = connectLive(t.url, worker.token, { headers: FORWARDED });
    const signing = new LiveSubscription(socket, SIGN, { id });
    await signing.until(() => signing.completed, 5000, 'signContract over the socket');
    expect(signing.errors).toEqual([]);
    await socket.dispose();
  }
  const [event] = await t.app.deps.ds.query(`SELECT ip_address FROM contract_events WHERE contract_id = $1 AND kind = 'SIGNED'`, [contract.id]);
  return event.ip_address;
}

describe.each([
  ['no TRUST_PROXY: the peer address, whatever the header says', {}, (ip: string | null) => expect(ip).toMatch(/^(::ffff:)?127\.0\.0\.1$/)],
  ['TRUST_PROXY=loopback: the forwarded address', { TRUST_PROXY: 'loopback' }, (ip: string | null) => expect(ip).toBe('203.0.113.9')],
])('%s', (_title, env: Record<string, string>, check: (ip: string | null) => void) => {
  const t = useTestApp({ env });

  it.each(['http', 'ws'] as const)('over %s', async (transport) => {
    check(await signedFrom(t, transport));
  });
});
