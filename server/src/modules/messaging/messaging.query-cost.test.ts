import { buildConversation, buildListing, buildPoster, buildUser, type BuiltPoster } from '../../../test/factories';
import { ok, useTestApp } from '../../../test/harness';
import { webAppOperation } from '../../../test/web-app';
import { toGlobalId } from '../../graphql/global-id';

const t = useTestApp();
const INBOX = webAppOperation('InboxPageDocument');
const REPLY = `mutation ($id: ID!, $body: String!) { sendMessage(conversationId: $id, body: $body) { id } }`;

/** A poster with `n` conversations, one per freelancer, each with the freelancer's opening message and the poster's reply. */
async function inboxWith(n: number): Promise<BuiltPoster> {
  const poster = await buildPoster(t.app);
  const listing = await buildListing(t.app, poster.employer, poster.user);
  for (let i = 0; i < n; i++) {
    const freelancer = await buildUser(t.app);
    const conversation = await buildConversation(t.app, listing, freelancer.user);
    ok(await t.gql(REPLY, { id: toGlobalId('Conversation', conversation.id), body: `Reply ${i}` }, poster.token));
  }
  return poster;
}

/** The conversations of the web app's inbox page, and the statements it took. */
async function inboxPage(poster: BuiltPoster): Promise<{ conversations: number; unread: number; statements: number }> {
  t.sql.reset();
  const data = ok(await t.gql(INBOX, { after: null }, poster.token));
  const statements = t.sql.count;
  const edges: Array<{ node: { unreadCount: number } }> = data.conversations.edges;
  return { conversations: edges.length, unread: edges.reduce((sum, edge) => sum + edge.node.unreadCount, 0), statements };
}

describe('query cost', () => {
  it('answers the web app’s inbox page in the same few statements for 2 conversations as for 20', async () => {
    const small = await inboxPage(await inboxWith(2));
    const large = await inboxPage(await inboxWith(20));
    expect(small).toMatchObject({ conversations: 2, unread: 2 });
    expect(large).toMatchObject({ conversations: 20, unread: 20 });
    expect(large.statements).toBe(small.statements);
    // Session, conversations, unread counts, listings, users, last messages, profiles, freelancers' ratings.
    expect(large.statements).toBeLessThanOrEqual(8);
  });

  it('sends a message in one statement after the session’s: conversation, message and notification together', async () => {
    const poster = await buildPoster(t.app);
    const freelancer = await buildUser(t.app);
    const conversation = await buildConversation(t.app, await buildListing(t.app, poster.employer, poster.user), freelancer.user);
    for (const [token, body] of [[poster.token, 'First reply'], [freelancer.token, 'And back']] as const) {
      t.sql.reset();
      ok(await t.gql(REPLY, { id: toGlobalId('Conversation', conversation.id), body }, token));
      expect(t.sql.count).toBe(2);
      const [, send] = t.sql.statements;
      expect(send).toMatch(/UPDATE conversations[\s\S]*INSERT INTO messages[\s\S]*INSERT INTO notifications/);
    }
  });
});
