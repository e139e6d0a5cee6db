import { validate } from 'class-validator';
import fc from 'fast-check';
import { getMetadataStorage } from 'type-graphql';
import { buildConversation, buildListing, buildPoster, buildUser, type BuiltPoster, type BuiltUser } from '../../test/factories';
import { errorOf, ok, useTestApp } from '../../test/harness';
import { graphemeLength, normaliseText } from '../text';
import { toGlobalId } from './global-id';
import { getSchema } from './schema';

/** The examples of issue 9, kinds 1 (text) and 2 (ids and cursors), each as a regression test. */

const t = useTestApp();
let poster: BuiltPoster;
let freelancer: BuiltUser;
let conversationId: string;
beforeAll(async () => {
  poster = await buildPoster(t.app);
  freelancer = await buildUser(t.app);
  const listing = await buildListing(t.app, poster.employer, poster.user, { status: 'PUBLISHED' });
  const conversation = await buildConversation(t.app, listing, freelancer.user);
  conversationId = toGlobalId('Conversation', conversation.id);
});

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64url');
const SEND = 'mutation ($id: ID!, $body: String!) { sendMessage(conversationId: $id, body: $body) { id body } }';
const CREATE_LISTING = 'mutation ($input: CreateListingInput!) { createListing(input: $input) { id title description } }';
const LISTINGS = 'query ($filter: ListingFilter, $after: String) { listings(filter: $filter, after: $after, first: 5) { edges { node { id } } } }';

async function rowCount(table: string): Promise<number> {
  const [{ count }] = await t.app.deps.ds.query(`SELECT count(*)::int AS count FROM ${table}`);
  return count;
}

describe('text that the database or a person cannot take', () => {
  it('refuses a NUL in a message body as BAD_USER_INPUT naming body, and stores nothing', async () => {
    const before = await rowCount('messages');
    const error = errorOf(await t.gql(SEND, { id: conversationId, body: 'hi\u0000' }, freelancer.token));
    expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: { body: expect.any(String) } });
    expect(await rowCount('messages')).toBe(before);
  });

  it('refuses a NUL in a search and in a listing title, naming the field', async () => {
    const search = errorOf(await t.gql(LISTINGS, { filter: { search: 'react\u0000' } }));
    expect(search.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: { search: expect.any(String) } });

    const input = { employerId: toGlobalId('Employer', poster.employer.id), title: 'Title\u0000 with a NUL', description: 'A description long enough to pass.' };
    const created = errorOf(await t.gql(CREATE_LISTING, { input }, poster.token));
    expect(created.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: { title: expect.any(String) } });
  });

  it('keeps newlines and tabs in multi-line text and refuses them in one-line text', async () => {
    const sent = ok(await t.gql(SEND, { id: conversationId, body: '  line one\r\n\tline two  ' }, freelancer.token)).sendMessage;
    expect(sent.body).toBe('line one\n\tline two');

    const input = { employerId: toGlobalId('Employer', poster.employer.id), title: 'Two\nlines', description: 'First paragraph.\n\nSecond paragraph.' };
    expect(errorOf(await t.gql(CREATE_LISTING, { input }, poster.token)).extensions?.fields).toEqual({ title: expect.any(String) });
    const fixed = ok(await t.gql(CREATE_LISTING, { input: { ...input, title: 'One line' } }, poster.token)).createListing;
    expect(fixed.description).toBe('First paragraph.\n\nSecond paragraph.');
  });

  it('stores text in NFC and counts user-perceived characters', async () => {
    const decomposed = 'Cafe\u0301 crew'; // "Café crew" with a combining accent
    const input = { employerId: toGlobalId('Employer', poster.employer.id), title: decomposed, description: '👍🏽'.repeat(20) };
    const created = ok(await t.gql(CREATE_LISTING, { input }, poster.token)).createListing;
    expect(created.title).toBe('Caf\u00e9 crew');
    // 20 thumbs with a skin tone are 20 characters (80 UTF-16 units): the minimum is 20.
    expect(created.description).toBe('👍🏽'.repeat(20));
    const tooShort = { ...input, description: '👍🏽'.repeat(19) };
    expect(errorOf(await t.gql(CREATE_LISTING, { input: tooShort }, poster.token)).extensions?.fields).toEqual({ description: expect.any(String) });
  });

  it('refuses required text that is blank or only invisible, and lone surrogates', async () => {
    for (const body of ['   ', '\u200b\u200b', '\u3164', '\u0301', '\ud800 broken']) {
      const error = errorOf(await t.gql(SEND, { id: conversationId, body }, freelancer.token));
      expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: { body: expect.any(String) } });
    }
  });

  it('answers BAD_USER_INPUT for null where a field cannot be null', async () => {
    const error = errorOf(await t.gql('mutation { updateProfile(input: { displayName: null }) { id } }', {}, freelancer.token));
    expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: { displayName: expect.any(String) } });
  });

  it('knows one email whatever Unicode form or case it comes in', async () => {
    const SIGN_UP = 'mutation ($input: SignUpInput!) { signUp(input: $input) { user { id } } }';
    const SIGN_IN = 'mutation ($input: SignInInput!) { signIn(input: $input) { user { id } } }';
    const tag = Math.random().toString(36).slice(2, 8);
    const composed = `jos\u00e9.${tag}@example.com`;
    const decomposedUpper = `JOSE\u0301.${tag.toUpperCase()}@EXAMPLE.COM`;
    const password = 'a long enough password';
    const signedUp = ok(await t.gql(SIGN_UP, { input: { email: composed, password, displayName: 'José' } })).signUp;
    const taken = errorOf(await t.gql(SIGN_UP, { input: { email: decomposedUpper, password, displayName: 'Other' } }));
    expect(taken.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: { email: 'is already registered' } });
    expect(ok(await t.gql(SIGN_IN, { input: { email: decomposedUpper, password } })).signIn.user.id).toBe(signedUp.user.id);
  });
});

describe('ids and cursors from the client', () => {
  const NODE = 'query ($id: ID!) { node(id: $id) { id } }';

  it('answers node(id) with null for a local id of the wrong kind, for every Node type', async () => {
    const types = ['User', 'Employer', 'Listing', 'Conversation', 'Message', 'Payment', 'Contract', 'ContractDetails', 'ChangeOrder', 'ContractEvent', 'Notification', 'SavedSearch', 'ProjectSuperType', 'ProjectType', 'TechnologyClass', 'Technology'];
    for (const type of types) {
      for (const local of ['aaaaa', '-1', '0', '99999999999999999999', '1e3', `${'9'.repeat(40)}`, "1' OR '1'='1"]) {
        expect((await t.gql(NODE, { id: b64(`${type}:${local}`) }, poster.token))).toEqual({ data: { node: null } });
      }
    }
  });

  it('refuses forged cursors as BAD_USER_INPUT naming the argument', async () => {
    const forged = {
      yearZero: b64(JSON.stringify(['0000-01-01T00:00:00.000000Z', '00000000-0000-0000-0000-000000000000'])),
      hugeRank: b64(JSON.stringify(['R', null, null, '1e999', '2020-01-01T00:00:00.000000Z', '00000000-0000-0000-0000-000000000000'])),
      tinyRank: b64(JSON.stringify(['R', null, null, '1e-999', '2020-01-01T00:00:00.000000Z', '00000000-0000-0000-0000-000000000000'])),
      notJson: 'bm90IGpzb24',
    };
    for (const after of [forged.yearZero, forged.notJson]) {
      expect(errorOf(await t.gql(LISTINGS, { after })).extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: { after: expect.any(String) } });
    }
    for (const after of [forged.hugeRank, forged.tinyRank]) {
      const error = errorOf(await t.gql(LISTINGS, { after, filter: { search: 'react' } }));
      expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: { after: expect.any(String) } });
    }

    const MESSAGES = 'query ($id: ID!, $after: String, $before: String) { conversation(id: $id) { messages(after: $after, before: $before) { edges { cursor } } } }';
    const pastBigint = b64(JSON.stringify(['9223372036854775808']));
    for (const variables of [{ after: pastBigint }, { before: pastBigint }]) {
      const error = errorOf(await t.gql(MESSAGES, { id: conversationId, ...variables }, freelancer.token));
      expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: { [Object.keys(variables)[0]]: expect.any(String) } });
    }
    const farFuture = b64(JSON.stringify(['999999999999999999', '00000000-0000-0000-0000-000000000000']));
    for (const query of ['query ($after: String) { conversations(after: $after) { edges { cursor } } }', 'query ($after: String) { notifications(after: $after) { edges { cursor } } }']) {
      expect(errorOf(await t.gql(query, { after: farFuture }, freelancer.token)).extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: { after: expect.any(String) } });
    }
  });
});

describe('normaliseText', () => {
  it('is idempotent and never lets a control character or lone surrogate through', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.constantFrom<'line' | 'multiline'>('line', 'multiline'), fc.boolean(), (raw, kind, required) => {
        const result = normaliseText(raw, kind, required);
        if (!result.ok) return;
        expect(normaliseText(result.value, kind, required)).toEqual(result);
        expect(result.value).toBe(result.value.normalize('NFC'));
        expect(/[\uD800-\uDFFF]/.test(result.value.replace(/[\uD800-\uDBFF][\uDC00-\uDFFF]/g, ''))).toBe(false);
        const control = kind === 'multiline' ? /[^\P{Cc}\n\t]/u : /\p{Cc}/u;
        expect(control.test(result.value)).toBe(false);
        if (required) expect(result.value).not.toBe('');
      }),
    );
  });

  it('counts grapheme clusters', () => {
    expect(graphemeLength('e\u0301')).toBe(1);
    expect(graphemeLength('👩‍👩‍👧‍👦')).toBe(1);
    expect(graphemeLength('abc')).toBe(3);
  });
});

describe('every input class, generated from the schema metadata', () => {
  it('lets every optional field be left out (validators run on missing fields, so each needs @IsOptional or @OmitOrValue)', async () => {
    await getSchema();
    const storage = getMetadataStorage();
    const problems: string[] = [];
    for (const input of [...storage.inputTypes, ...storage.argumentTypes]) {
      const optional = (input.fields ?? []).filter((field) => field.typeOptions.nullable);
      const errors = await validate(Object.create((input.target as { prototype: object }).prototype) as object, { forbidUnknownValues: false });
      for (const error of errors) {
        if (optional.some((field) => field.name === error.property)) problems.push(`${input.name}.${error.property}: ${JSON.stringify(error.constraints)}`);
      }
    }
    expect(problems).toEqual([]);
  });
});

