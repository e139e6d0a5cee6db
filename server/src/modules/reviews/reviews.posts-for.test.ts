import { ok } from '../../../test/harness';
import { buildEmployer, buildListing, buildUser } from '../../../test/factories';
import { t } from '../../../test/contracts';
import { toGlobalId } from '../../graphql/global-id';

/*
 * Issue 14 review, finding 5: a poster's public profile shows the employers they post for (only
 * what the catalogue already showed: gigs once published, while they are a member), never their
 * memberships as such.
 */

const POSTS_FOR = `query ($id: ID!) { user(id: $id) { employers { id } postsFor { id name rating { average count } completedContractsCount } } }`;

describe('User.postsFor', () => {
  it('lists the employers of gigs the user published while they are a member, for everyone; not drafts, not after leaving', async () => {
    const poster = await buildUser(t.app);
    const stranger = await buildUser(t.app);
    const published = await buildEmployer(t.app, poster.user);
    const draftOnly = await buildEmployer(t.app, poster.user);
    const left = await buildEmployer(t.app, poster.user);
    await buildListing(t.app, published, poster.user);
    await buildListing(t.app, published, poster.user, { status: 'EXPIRED' });
    await buildListing(t.app, draftOnly, poster.user, { status: 'DRAFT' });
    await buildListing(t.app, left, poster.user, { status: 'CLOSED' });
    await t.app.deps.ds.query('DELETE FROM employer_members WHERE employer_id = $1 AND user_id = $2', [left.id, poster.user.id]);

    for (const token of [undefined, stranger.token]) {
      const user = ok(await t.gql(POSTS_FOR, { id: toGlobalId('User', poster.user.id) }, token)).user;
      expect(user.employers).toBeNull();
      expect(user.postsFor).toEqual([{ id: toGlobalId('Employer', published.id), name: published.name, rating: { average: null, count: 0 }, completedContractsCount: 0 }]);
    }
    expect(ok(await t.gql(POSTS_FOR, { id: toGlobalId('User', stranger.user.id) })).user.postsFor).toEqual([]);
  });
});
