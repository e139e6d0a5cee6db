import fc from 'fast-check';
import {
  getNamedType,
  getNullableType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLObjectType,
  type GraphQLSchema,
} from 'graphql';
import {
  buildChangeOrder,
  buildContract,
  buildConversation,
  buildListing,
  buildNotification,
  buildPayment,
  buildPoster,
  buildSavedSearch,
  buildUser,
  type BuiltUser,
} from '../../test/factories';
import { startTestApp, type TestApp } from '../../test/harness';
import { toGlobalId } from './global-id';
import { getSchema } from './schema';

/**
 * Fuzzes every query and mutation, generated from the schema: each argument (and each field of an
 * input argument, and the arguments of fields one level down, such as `messages(after:)`) gets
 * valid values and hostile ones (NUL and control characters, lone surrogates, direction
 * overrides, zero-width and combining marks, 100,000 characters, integers at and past every
 * bound, forged ids and cursors), sent as variables by an anonymous caller, a stranger and the
 * owner of the objects. The property: every response is JSON, none is INTERNAL_SERVER_ERROR, and
 * every BAD_USER_INPUT names a field. A new operation is fuzzed without anyone adding it here.
 *
 * `FUZZ_RUNS` (default 12 per operation and caller kind) makes it longer.
 */

const RUNS = Number(process.env.FUZZ_RUNS ?? 12);
jest.setTimeout(Math.max(240_000, RUNS * 20_000));

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64url');
const cursor = (key: unknown[]) => b64(JSON.stringify(key));
const ZERO_UUID = '00000000-0000-0000-0000-000000000000';

const hostileStrings: string[] = [
  '',
  '   ',
  'hi\u0000',
  '\u0000',
  'a\u0007b\u001bc\u007f',
  '\ud800',
  'x\udc00y',
  '\u202eevil\u202c',
  '\u200b\u200c\u200d\ufeff',
  'e\u0301\u0301\u0301\u0301',
  '\u0301',
  '\u3164',
  '\n\t\r',
  'line\u2028separator',
  "'; DROP TABLE users; --",
  '%_\\',
  '<script>alert(1)</script>',
  '😀'.repeat(50),
  'x'.repeat(100_000),
  '💥'.repeat(30_000),
  'a'.repeat(300) + '@example.com',
  '-'.repeat(40),
  '- '.repeat(40) + 'react',
  '\u200bHello\u200b',
  '\uffff',
  '\ue000\ue001',
  '(((((((((("react',
];

const hostileCursors: string[] = [
  'garbage',
  b64('not json'),
  cursor(['0000-01-01T00:00:00.000000Z', ZERO_UUID]),
  cursor(['9999-12-31T23:59:59.999999Z', ZERO_UUID]),
  cursor(['R', null, null, '1e999', '2020-01-01T00:00:00.000000Z', ZERO_UUID]),
  cursor(['R', null, null, '-1', '2020-01-01T00:00:00.000000Z', ZERO_UUID]),
  cursor(['T', '2020-01-01T00:00:00.000000Z', null, null, '2020-01-01T00:00:00.000000Z', ZERO_UUID]),
  cursor(['9223372036854775808']),
  cursor(['99999999999999999999', ZERO_UUID]),
  cursor([-1, 'x']),
  cursor([{}, []]),
  cursor([]),
  'x'.repeat(10_000),
];

const NODE_TYPES = [
  'User', 'Employer', 'Listing', 'Conversation', 'Message', 'Payment', 'Contract', 'ContractDetails', 'ChangeOrder',
  'ContractEvent', 'Notification', 'SavedSearch', 'ProjectSuperType', 'ProjectType', 'TechnologyClass', 'Technology',
];

const forgedIds: string[] = [
  '',
  'garbage',
  '\u0000',
  ...NODE_TYPES.flatMap((type) => [b64(`${type}:aaaaa`), b64(`${type}:-1`), b64(`${type}:99999999999999999999999`), b64(`${type}:${ZERO_UUID}`)]),
  b64('Nope:1'),
  b64(':'),
  'x'.repeat(5_000),
];

const integers: number[] = [0, 1, 2, 5, 20, 100, 101, -1, -2_147_483_648, 2_147_483_647, 2_147_483_648, -2_147_483_649, Number.MAX_SAFE_INTEGER + 2, 1e20, 1.5];

interface World {
  owner: BuiltUser;
  stranger: BuiltUser;
  /** Valid global ids by type name. */
  ids: Record<string, string[]>;
}

let t: TestApp;
let schema: GraphQLSchema;
let world: World;

beforeAll(async () => {
  t = await startTestApp();
  schema = await getSchema();
  const poster = await buildPoster(t.app);
  const worker = await buildUser(t.app);
  const stranger = await buildUser(t.app);
  const published = await buildListing(t.app, poster.employer, poster.user, { status: 'PUBLISHED' });
  const draft = await buildListing(t.app, poster.employer, poster.user);
  const conversation = await buildConversation(t.app, published, worker.user);
  const contract = await buildContract(t.app, conversation, { active: true });
  const changeOrder = await buildChangeOrder(t.app, contract);
  const payment = await buildPayment(t.app, poster.employer, poster.user);
  const notification = await buildNotification(t.app, poster.user);
  const savedSearch = await buildSavedSearch(t.app, poster.user);
  const [message] = await t.app.deps.ds.query('SELECT id FROM messages WHERE conversation_id = $1 LIMIT 1', [conversation.id]);
  const [details] = await t.app.deps.ds.query('SELECT id FROM contract_details WHERE contract_id = $1 LIMIT 1', [contract.id]);
  const [event] = await t.app.deps.ds.query('SELECT seq FROM contract_events WHERE contract_id = $1 LIMIT 1', [contract.id]);
  world = {
    owner: poster,
    stranger,
    ids: {
      User: [toGlobalId('User', poster.user.id), toGlobalId('User', worker.user.id)],
      Employer: [toGlobalId('Employer', poster.employer.id)],
      Listing: [toGlobalId('Listing', published.id), toGlobalId('Listing', draft.id)],
      Conversation: [toGlobalId('Conversation', conversation.id)],
      Message: [toGlobalId('Message', message.id)],
      Contract: [toGlobalId('Contract', contract.id)],
      ContractDetails: details ? [toGlobalId('ContractDetails', details.id)] : [],
      ContractEvent: event ? [toGlobalId('ContractEvent', event.seq)] : [],
      ChangeOrder: [toGlobalId('ChangeOrder', changeOrder.id)],
      Payment: [toGlobalId('Payment', payment.id)],
      Notification: [toGlobalId('Notification', notification.id)],
      SavedSearch: [toGlobalId('SavedSearch', savedSearch.id)],
      ProjectSuperType: [toGlobalId('ProjectSuperType', 1)],
      ProjectType: [toGlobalId('ProjectType', 1), toGlobalId('ProjectType', 2)],
      TechnologyClass: [toGlobalId('TechnologyClass', 1)],
      Technology: [toGlobalId('Technology', 1), toGlobalId('Technology', 2)],
    },
  };
});
afterAll(() => t.stop());

/** `employerId` → Employer, `technologyIds` → Technology, `id` → any type. */
function idTypeOf(name: string): string | null {
  const match = /^(.*?)Ids?$/.exec(name);
  if (!match || match[1] === '') return null;
  const type = match[1][0].toUpperCase() + match[1].slice(1);
  return NODE_TYPES.includes(type) ? type : null;
}

function idArbitrary(name: string): fc.Arbitrary<string> {
  const type = idTypeOf(name);
  const valid = type ? world.ids[type] : Object.values(world.ids).flat();
  return fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...(valid.length > 0 ? valid : ['x'])) }, { weight: 2, arbitrary: fc.constantFrom(...forgedIds) });
}

function stringArbitrary(name: string): fc.Arbitrary<string> {
  const valid: string[] =
    /email/i.test(name) ? ['someone@example.com', 'JOSE\u0301@EXAMPLE.COM'] :
    /password/i.test(name) ? ['correct horse battery staple', 'short'] :
    /^(after|before)$/.test(name) ? [cursor(['2020-01-01T00:00:00.000000Z', ZERO_UUID])] :
    ['React developer for a dashboard', 'A description long enough for any rule here.\nWith a second line.', 'react', 'C++'];
  const hostile = /^(after|before)$/.test(name) ? [...hostileCursors, ...hostileStrings] : hostileStrings;
  return fc.oneof(
    { weight: 2, arbitrary: fc.constantFrom(...valid) },
    { weight: 3, arbitrary: fc.constantFrom(...hostile) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  );
}

/** Values for an input type, `name` being the argument's or field's name (to pick ids and strings). */
function valueArbitrary(type: GraphQLInputType, name: string): fc.Arbitrary<unknown> {
  const required = isNonNullType(type);
  const inner = getNullableType(type) as GraphQLInputType;
  let arbitrary: fc.Arbitrary<unknown>;
  if (isListType(inner)) {
    const item = valueArbitrary(inner.ofType, name);
    arbitrary = fc.oneof({ weight: 4, arbitrary: fc.array(item, { maxLength: 3 }) }, { weight: 1, arbitrary: fc.array(item, { minLength: 60, maxLength: 120 }) });
  } else if (isInputObjectType(inner)) {
    const fields = Object.values(inner.getFields());
    arbitrary = fc.record(Object.fromEntries(fields.map((field) => [field.name, valueArbitrary(field.type, field.name)])), {
      requiredKeys: fields.filter((field) => isNonNullType(field.type)).map((field) => field.name),
    });
  } else if (isEnumType(inner)) {
    arbitrary = fc.constantFrom(...inner.getValues().map((value) => value.name));
  } else if (isScalarType(inner)) {
    switch (inner.name) {
      case 'ID':
        arbitrary = idArbitrary(name);
        break;
      case 'String':
        arbitrary = stringArbitrary(name);
        break;
      case 'Int':
      case 'Float':
        arbitrary = fc.oneof(fc.constantFrom(...integers), fc.integer());
        break;
      case 'Boolean':
        arbitrary = fc.boolean();
        break;
      default:
        arbitrary = fc.oneof(fc.constantFrom('2026-01-01T00:00:00.000Z', '0000-00-00', 'not a date', ''), fc.string());
    }
  } else {
    throw new Error(`no generator for ${String(type)}`);
  }
  return required ? arbitrary : fc.oneof({ weight: 4, arbitrary }, { weight: 1, arbitrary: fc.constant(null) });
}

interface Target {
  /** `mutation.sendMessage`, `query.conversation.messages`. */
  label: string;
  build(args: Record<string, unknown>): { query: string; variables: Record<string, unknown> };
  args: readonly GraphQLArgument[];
}

const selectionOf = (field: GraphQLField<unknown, unknown>) => (isObjectType(getNamedType(field.type)) || !isScalarType(getNamedType(field.type)) && !isEnumType(getNamedType(field.type)) ? ' { __typename }' : '');
const declare = (args: readonly GraphQLArgument[], prefix: string) => args.map((arg) => `$${prefix}${arg.name}: ${String(arg.type)}`);
const pass = (args: readonly GraphQLArgument[], prefix: string) => (args.length > 0 ? `(${args.map((arg) => `${arg.name}: $${prefix}${arg.name}`).join(', ')})` : '');

/** Every root query and mutation with arguments, and every field with arguments one level below a root query. */
function targets(): Target[] {
  const found: Target[] = [];
  const roots: Array<[string, GraphQLObjectType | null | undefined]> = [
    ['query', schema.getQueryType()],
    ['mutation', schema.getMutationType()],
  ];
  for (const [operation, root] of roots) {
    for (const field of Object.values(root?.getFields() ?? {})) {
      if (field.args.length > 0) {
        found.push({
          label: `${operation}.${field.name}`,
          args: field.args,
          build: (values) => ({
            query: `${operation} (${declare(field.args, '').join(', ')}) { ${field.name}${pass(field.args, '')}${selectionOf(field)} }`,
            variables: values,
          }),
        });
      }
      const parent = getNamedType(field.type);
      if (operation !== 'query' || !isObjectType(parent)) continue;
      for (const child of Object.values(parent.getFields())) {
        if (child.args.length === 0) continue;
        const validParentArgs = field.args.map((arg) => ({ arg, value: isNonNullType(arg.type) && getNamedType(arg.type).name === 'ID' ? (world.ids[idTypeOf(arg.name) ?? ''] ?? Object.values(world.ids).flat())[0] : undefined }));
        if (field.args.some((arg) => isNonNullType(arg.type) && getNamedType(arg.type).name !== 'ID')) continue;
        found.push({
          label: `query.${field.name}.${child.name}`,
          args: child.args,
          build: (values) => {
            const parentArgs = validParentArgs.filter(({ value }) => value !== undefined);
            const parentDecl = parentArgs.map(({ arg }) => `$p_${arg.name}: ${String(arg.type)}`);
            const parentPass = parentArgs.length > 0 ? `(${parentArgs.map(({ arg }) => `${arg.name}: $p_${arg.name}`).join(', ')})` : '';
            const declarations = [...parentDecl, ...declare(child.args, 'c_')];
            return {
              query: `query${declarations.length > 0 ? ` (${declarations.join(', ')})` : ''} { ${field.name}${parentPass} { __typename ... on ${parent.name} { ${child.name}${pass(child.args, 'c_')}${selectionOf(child)} } } }`,
              variables: {
                ...Object.fromEntries(parentArgs.map(({ arg, value }) => [`p_${arg.name}`, value])),
                ...Object.fromEntries(Object.entries(values).map(([key, value]) => [`c_${key}`, value])),
              },
            };
          },
        });
      }
    }
  }
  return found;
}

async function call(query: string, variables: Record<string, unknown>, token: string | undefined) {
  const response = await fetch(`${t.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const text = await response.text();
  let body: { errors?: Array<{ message: string; extensions?: { code?: string; fields?: Record<string, string> } }> };
  try {
    body = JSON.parse(text);
  } catch {
    throw new Error(`HTTP ${response.status} answered non-JSON: ${text.slice(0, 300)}`);
  }
  return { status: response.status, body };
}

it('finds something to fuzz in every root query and mutation that takes arguments', () => {
  const labels = targets().map((target) => target.label);
  expect(labels).toEqual(expect.arrayContaining(['mutation.sendMessage', 'query.listings', 'query.node', 'query.conversation.messages', 'mutation.signIn']));
});

describe.each(['anonymous', 'stranger', 'owner'] as const)('as %s', (caller) => {
  it('never answers INTERNAL_SERVER_ERROR, non-JSON, or BAD_USER_INPUT without a field', async () => {
    const token = caller === 'anonymous' ? undefined : caller === 'stranger' ? world.stranger.token : world.owner.token;
    const failures: string[] = [];
    for (const target of targets()) {
      // Signing out (no arguments, not fuzzed) would end the session the other calls use.
      const argsArbitrary = fc.record(Object.fromEntries(target.args.map((arg) => [arg.name, valueArbitrary(arg.type, arg.name)])), {
        requiredKeys: target.args.filter((arg) => isNonNullType(arg.type)).map((arg) => arg.name),
      });
      await fc.assert(
        fc.asyncProperty(argsArbitrary, async (args) => {
          const { query, variables } = target.build(args);
          const shown = () => JSON.stringify(variables, (_key, value) => (typeof value === 'string' && value.length > 80 ? `${value.slice(0, 40)}…(${value.length})` : value));
          let answer: Awaited<ReturnType<typeof call>>;
          try {
            answer = await call(query, variables, token);
          } catch (error) {
            failures.push(`${target.label} ${shown()} → ${(error as Error).message} ${String((error as Error).cause ?? '')}`);
            return false;
          }
          const { status, body } = answer;
          for (const error of body.errors ?? []) {
            const code = error.extensions?.code;
            const bad = code === 'INTERNAL_SERVER_ERROR' || !code || (code === 'BAD_USER_INPUT' && Object.keys(error.extensions?.fields ?? {}).length === 0);
            if (bad) {
              failures.push(`${target.label} ${shown()} → HTTP ${status} ${JSON.stringify(error).slice(0, 300)}`);
              return false;
            }
          }
          return true;
        }),
        { numRuns: RUNS, endOnFailure: true },
      ).catch((error: Error) => {
        if (!failures.some((failure) => failure.startsWith(`${target.label} `))) failures.push(`${target.label} ${error.message.slice(0, 500)}`);
      });
    }
    expect(failures).toEqual([]);
  });
});
