import { toGlobalId } from '../../graphql/global-id';
import { errorOf, ok, useTestApp } from '../../../test/harness';
import { buildEmployer, buildUser } from '../../../test/factories';
import { EmployerEntity } from './employer.entity';

const CREATE = `mutation ($input: CreateEmployerInput!) { createEmployer(input: $input) { id name aboutUs logoUrl viewerRole members { role user { id } } } }`;
const ADD_MEMBER = `mutation ($input: AddEmployerMemberInput!) { addEmployerMember(input: $input) { members { role user { id } } } }`;
const EMPLOYER = `query ($id: ID!) { employer(id: $id) { id name members { role } viewerRole } }`;

const t = useTestApp();

describe('createEmployer', () => {
  it('makes the creator its owner', async () => {
    const { user, token } = await buildUser(t.app);
    const data = ok(await t.gql(CREATE, { input: { name: 'Acme Robotics', aboutUs: 'We build robots.', logoUrl: 'https://acme.test/logo.png' } }, token));
    expect(data.createEmployer).toMatchObject({
      name: 'Acme Robotics',
      aboutUs: 'We build robots.',
      logoUrl: 'https://acme.test/logo.png',
      viewerRole: 'OWNER',
      members: [{ role: 'OWNER', user: { id: toGlobalId('User', user.id) } }],
    });
    const me = ok(await t.gql('{ me { employers { id } } }', {}, token));
    expect(me.me.employers).toEqual([{ id: data.createEmployer.id }]);
  });

  it('names each bad field and stores nothing', async () => {
    const { token } = await buildUser(t.app);
    const before = await t.app.deps.ds.getRepository(EmployerEntity).count();
    const error = errorOf(await t.gql(CREATE, { input: { name: 'A', logoUrl: 'javascript:alert(1)' } }, token));
    expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: { name: expect.any(String), logoUrl: expect.any(String) } });
    expect(await t.app.deps.ds.getRepository(EmployerEntity).count()).toBe(before);
  });

  it('needs a session', async () => {
    expect(errorOf(await t.gql(CREATE, { input: { name: 'Nobody Inc' } })).extensions?.code).toBe('UNAUTHENTICATED');
  });
});

describe('addEmployerMember', () => {
  it('lets an owner add an account by email, in any case, once', async () => {
    const owner = await buildUser(t.app);
    const newcomer = await buildUser(t.app);
    const employer = await buildEmployer(t.app, owner.user);
    const input = { employerId: toGlobalId('Employer', employer.id), email: newcomer.user.email.toUpperCase() };
    ok(await t.gql(ADD_MEMBER, { input }, owner.token));
    const data = ok(await t.gql(ADD_MEMBER, { input }, owner.token));
    expect(data.addEmployerMember.members).toEqual([
      { role: 'OWNER', user: { id: toGlobalId('User', owner.user.id) } },
      { role: 'MEMBER', user: { id: toGlobalId('User', newcomer.user.id) } },
    ]);
  });

  it('refuses members who are not owners, strangers and the anonymous', async () => {
    const owner = await buildUser(t.app);
    const member = await buildUser(t.app);
    const stranger = await buildUser(t.app);
    const employer = await buildEmployer(t.app, owner.user, { members: [{ user: member.user }] });
    const input = { employerId: toGlobalId('Employer', employer.id), email: stranger.user.email };
    expect(errorOf(await t.gql(ADD_MEMBER, { input }, member.token)).extensions?.code).toBe('FORBIDDEN');
    expect(errorOf(await t.gql(ADD_MEMBER, { input }, stranger.token)).extensions?.code).toBe('FORBIDDEN');
    expect(errorOf(await t.gql(ADD_MEMBER, { input })).extensions?.code).toBe('UNAUTHENTICATED');
    const members = await t.app.deps.ds.query('SELECT user_id FROM employer_members WHERE employer_id = $1', [employer.id]);
    expect(members).toHaveLength(2);
  });

  it('names the email field when there is no such account, and a bad employer id', async () => {
    const owner = await buildUser(t.app);
    const employer = await buildEmployer(t.app, owner.user);
    const unknown = errorOf(await t.gql(ADD_MEMBER, { input: { employerId: toGlobalId('Employer', employer.id), email: 'nobody-here@example.test' } }, owner.token));
    expect(unknown.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: { email: 'has no TechGigs account' } });
    const badId = errorOf(await t.gql(ADD_MEMBER, { input: { employerId: 'nonsense', email: owner.user.email } }, owner.token));
    expect(badId.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: { employerId: expect.any(String) } });
  });
});

describe('employer(id)', () => {
  it('shows public fields to everyone and members only to members', async () => {
    const owner = await buildUser(t.app);
    const stranger = await buildUser(t.app);
    const employer = await buildEmployer(t.app, owner.user, { name: 'Visible Co' });
    const id = toGlobalId('Employer', employer.id);
    expect(ok(await t.gql(EMPLOYER, { id })).employer).toEqual({ id, name: 'Visible Co', members: null, viewerRole: null });
    expect(ok(await t.gql(EMPLOYER, { id }, stranger.token)).employer.members).toBeNull();
    expect(ok(await t.gql(EMPLOYER, { id }, owner.token)).employer).toMatchObject({ members: [{ role: 'OWNER' }], viewerRole: 'OWNER' });
  });

  it('is reachable through node(id), and unknown ids are null', async () => {
    const owner = await buildUser(t.app);
    const employer = await buildEmployer(t.app, owner.user, { name: 'Node Co' });
    const id = toGlobalId('Employer', employer.id);
    expect(ok(await t.gql(`query ($id: ID!) { node(id: $id) { id ... on Employer { name } } }`, { id })).node).toEqual({ id, name: 'Node Co' });
    expect(ok(await t.gql(EMPLOYER, { id: toGlobalId('Employer', '00000000-0000-4000-8000-000000000000') })).employer).toBeNull();
  });

  it("hides another user's employer list", async () => {
    const owner = await buildUser(t.app);
    const other = await buildUser(t.app);
    await buildEmployer(t.app, owner.user);
    const data = ok(await t.gql(`query ($id: ID!) { node(id: $id) { ... on User { employers { id } } } }`, { id: toGlobalId('User', owner.user.id) }, other.token));
    expect(data.node.employers).toBeNull();
  });
});

it('masks unexpected errors: no stack, no SQL, a generic message', async () => {
  // A user row without its profile breaks an invariant the resolver relies on: an internal error.
  const [broken] = await t.app.deps.ds.query(`INSERT INTO users (email, password_hash) VALUES ($1, 'x') RETURNING id`, [`broken-${Date.now()}@example.test`]);
  const response = await t.gql(`query ($id: ID!) { node(id: $id) { ... on User { profile { displayName } } } }`, { id: toGlobalId('User', broken.id) });
  expect(response.errors).toEqual([
    expect.objectContaining({ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }),
  ]);
  expect(JSON.stringify(response)).not.toMatch(/has no profile|\.ts|SELECT|stack/i);
});

describe('removeEmployerMember', () => {
  const REMOVE = `mutation ($employerId: ID!, $userId: ID!) { removeEmployerMember(employerId: $employerId, userId: $userId) { id members { role user { id } } } }`;
  const ids = (employerId: string, userId: string) => ({ employerId: toGlobalId('Employer', employerId), userId: toGlobalId('User', userId) });
  const membersOf = async (employerId: string) =>
    (await t.app.deps.ds.query(`SELECT user_id AS "userId", role FROM employer_members WHERE employer_id = $1 ORDER BY role, user_id`, [employerId])) as Array<{ userId: string; role: string }>;

  async function team() {
    const [owner, second, member, stranger] = await Promise.all([buildUser(t.app), buildUser(t.app), buildUser(t.app), buildUser(t.app)]);
    const employer = await buildEmployer(t.app, owner.user, { members: [{ user: second.user, role: 'OWNER' }, { user: member.user }] });
    return { owner, second, member, stranger, employer };
  }

  it('lets an owner remove a member and a member leave; the removed stop seeing members-only fields', async () => {
    const { owner, member, second, employer } = await team();
    const removed = ok(await t.gql(REMOVE, ids(employer.id, member.user.id), owner.token)).removeEmployerMember;
    expect(removed.members.map((m: { user: { id: string } }) => m.user.id)).not.toContain(toGlobalId('User', member.user.id));
    expect(ok(await t.gql(EMPLOYER, { id: toGlobalId('Employer', employer.id) }, member.token)).employer).toMatchObject({ members: null, viewerRole: null });
    // An owner leaves while another owner stays.
    ok(await t.gql(REMOVE, ids(employer.id, second.user.id), second.token));
    expect(await membersOf(employer.id)).toEqual([{ userId: owner.user.id, role: 'OWNER' }]);
  });

  it('refuses each case with its code and changes nothing', async () => {
    const { owner, second, member, stranger, employer } = await team();
    const before = await membersOf(employer.id);
    const codeOf = (result: Awaited<ReturnType<typeof t.gql>>) => errorOf(result).extensions;
    expect(codeOf(await t.gql(REMOVE, ids(employer.id, member.user.id)))).toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(codeOf(await t.gql(REMOVE, ids(employer.id, owner.user.id), member.token))).toMatchObject({ code: 'FORBIDDEN' });
    expect(codeOf(await t.gql(REMOVE, ids(employer.id, member.user.id), stranger.token))).toMatchObject({ code: 'FORBIDDEN' });
    expect(codeOf(await t.gql(REMOVE, ids(employer.id, stranger.user.id), owner.token))).toMatchObject({ code: 'BAD_USER_INPUT', fields: { userId: expect.any(String) } });
    expect(codeOf(await t.gql(REMOVE, ids('00000000-0000-4000-8000-000000000000', member.user.id), owner.token))).toMatchObject({ code: 'NOT_FOUND' });
    expect(codeOf(await t.gql(REMOVE, { employerId: toGlobalId('User', employer.id), userId: toGlobalId('User', member.user.id) }, owner.token))).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: { employerId: expect.any(String) },
    });
    expect(await membersOf(employer.id)).toEqual(before);
    // The last owner may not go: of two owners leaving at once, exactly one succeeds.
    const results = await Promise.all([t.gql(REMOVE, ids(employer.id, owner.user.id), owner.token), t.gql(REMOVE, ids(employer.id, second.user.id), second.token)]);
    expect(results.map((result) => result.errors?.[0]?.extensions?.code ?? 'ok').sort()).toEqual(['CONFLICT', 'ok']);
    expect((await membersOf(employer.id)).filter((m) => m.role === 'OWNER')).toHaveLength(1);
  });
});
