import fc from 'fast-check';
import {
  getNamedType,
  getNullableType,
  type GraphQLInputType,
  type GraphQLSchema,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  Kind,
  type OperationDefinitionNode,
  parse,
  print,
  typeFromAST,
  visit,
} from 'graphql';
import { buildListing, buildPoster, buildUser } from '../../test/factories';
import { ok, useTestApp } from '../../test/harness';
import { connectLive, type LiveSocket, LiveSubscription } from '../../test/live';
import { MAX_PAGE_SIZE } from './connection';
import { toGlobalId } from './global-id';
import { countNodes, MAX_NODES_PER_REQUEST, MAX_OPERATIONS_PER_SOCKET, MAX_SOCKETS_PER_SESSION, TOO_MANY_SOCKETS_CLOSE_CODE } from './limits';
import { getSchema } from './schema';
import { webAppDocuments } from '../../test/web-app';

const t = useTestApp();
let schema: GraphQLSchema;
/** An employer with more than a page of published listings: nested pages come back full. */
let employerId: string;
const LISTINGS = MAX_PAGE_SIZE + 10;

beforeAll(async () => {
  schema = await getSchema();
  const poster = await buildPoster(t.app);
  for (let i = 0; i < LISTINGS; i++) await buildListing(t.app, poster.employer, poster.user, { technologyIds: [1, 2, 3] });
  employerId = toGlobalId('Employer', poster.employer.id);
});

/** The example: an employer's listings, each listing's employer's listings. */
const nested = (first: string) => `
  query Nested($id: ID!${first.startsWith('$') ? ', $first: Int' : ''}) {
    employer(id: $id) {
      listings(first: ${first}) {
        edges { node { id employer { listings(first: ${first}) { edges { node { id title } } } } } }
      }
    }
  }`;

/** Every item of every list in a response. */
function listItems(value: unknown): number {
  if (Array.isArray(value)) return value.length + value.reduce((sum: number, item) => sum + listItems(item), 0);
  if (value && typeof value === 'object') return Object.values(value).reduce((sum: number, item) => sum + listItems(item), 0);
  return 0;
}

describe('the node limit', () => {
  it(`is ${MAX_NODES_PER_REQUEST.toLocaleString('en-US')}: the issue's example (100 × 100 listings) is over it, 20 × 20 well under`, async () => {
    const parsed = (first: string) => parse(nested(first));
    expect(countNodes(schema, parsed('$first'), { id: 'x', first: 100 })).toBe(100 + 100 * 100);
    expect(countNodes(schema, parsed('100'), { id: 'x' })).toBe(100 + 100 * 100);
    expect(countNodes(schema, parsed('$first'), { id: 'x', first: 20 })).toBe(20 + 20 * 20);
    // No `first`: the connection's default page of 20.
    expect(countNodes(schema, parsed('$first'), { id: 'x' })).toBe(20 + 20 * 20);
  });

  it('refuses the example over HTTP when 100 comes as a variable, with the count and the limit', async () => {
    const response = await fetch(`${t.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: nested('$first'), variables: { id: employerId, first: 100 } }),
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { data?: unknown; errors: Array<{ message: string; extensions: { code: string } }> };
    expect(body.data).toBeUndefined();
    expect(body.errors).toHaveLength(1);
    expect(body.errors[0].extensions).toEqual({ code: 'QUERY_TOO_COMPLEX' });
    expect(body.errors[0].message).toContain('10,100 nodes');
    expect(body.errors[0].message).toContain('10,000');
  });

  it('refuses it with literal numbers, and through a variable default or a fragment', async () => {
    const literal = await t.gql(nested('100'), { id: employerId });
    expect(literal.errors?.[0].extensions?.code).toBe('QUERY_TOO_COMPLEX');

    const withDefault = nested('$first').replace('$first: Int', '$first: Int = 100');
    expect((await t.gql(withDefault, { id: employerId })).errors?.[0].extensions?.code).toBe('QUERY_TOO_COMPLEX');

    const fragments = `
      query ($id: ID!, $n: Int) { employer(id: $id) { ...Page } }
      fragment Page on Employer { listings(first: $n) { edges { node { employer { listings(first: $n) { edges { node { id } } } } } } } }`;
    expect((await t.gql(fragments, { id: employerId, n: 100 })).errors?.[0].extensions?.code).toBe('QUERY_TOO_COMPLEX');
  });

  it('refuses 30 aliases of a page that alone would pass', async () => {
    const alias = (i: number) => `a${i}: listings(first: $first) { edges { node { employer { listings(first: $first) { edges { node { id } } } } } } }`;
    const aliases = (n: number) => `query ($id: ID!, $first: Int) { employer(id: $id) { ${Array.from({ length: n }, (_, i) => alias(i)).join(' ')} } }`;
    expect(countNodes(schema, parse(aliases(1)), { id: employerId, first: 50 })).toBe(50 + 50 * 50);
    ok(await t.gql(aliases(1), { id: employerId, first: 50 }));
    const response = await t.gql(aliases(30), { id: employerId, first: 50 });
    expect(response.errors?.[0].extensions?.code).toBe('QUERY_TOO_COMPLEX');
    expect(response.errors?.[0].message).toContain(`${(30 * (50 + 50 * 50)).toLocaleString('en-US')} nodes`);
  });

  it('answers a reasonable nested page (first: 20) in full', async () => {
    const data = ok(await t.gql(nested('$first'), { id: employerId, first: 20 }));
    expect(data.employer.listings.edges).toHaveLength(20);
    expect(data.employer.listings.edges[0].node.employer.listings.edges).toHaveLength(20);
  });

  it('refuses the example over WebSocket too, with the same error', async () => {
    const socket = connectLive(t.url);
    try {
      const refused = new LiveSubscription(socket, nested('$first'), { id: employerId, first: 100 });
      const error = await refused.firstError();
      expect(error.extensions).toEqual({ code: 'QUERY_TOO_COMPLEX' });
      expect(error.message).toContain('10,100 nodes');
      expect(refused.data).toEqual([]);

      const literal = new LiveSubscription(socket, nested('100'), { id: employerId });
      expect((await literal.firstError()).extensions).toEqual({ code: 'QUERY_TOO_COMPLEX' });

      const fine = new LiveSubscription(socket, nested('$first'), { id: employerId, first: 20 });
      await fine.until(() => fine.completed, 5000, 'the page over the socket');
      expect(fine.data[0].employer.listings.edges).toHaveLength(20);
    } finally {
      await socket.dispose();
    }
  });

  it('answers a syntax error over WebSocket as GRAPHQL_PARSE_FAILED, a bad field or a query too deep as GRAPHQL_VALIDATION_FAILED', async () => {
    const socket = connectLive(t.url);
    try {
      expect((await new LiveSubscription(socket, '{ me { id }').firstError()).extensions).toEqual({ code: 'GRAPHQL_PARSE_FAILED' });
      expect((await new LiveSubscription(socket, '{ nope }').firstError()).extensions).toEqual({ code: 'GRAPHQL_VALIDATION_FAILED' });
      // graphql-armor's depth limit, as over HTTP (transport.test.ts).
      const cycle = (inner: string) => `employers { members { user { ${inner} } } }`;
      const deep = `{ me { ${cycle(cycle(cycle(cycle('id'))))} } }`;
      expect((await new LiveSubscription(socket, deep).firstError()).extensions).toEqual({ code: 'GRAPHQL_VALIDATION_FAILED' });
    } finally {
      await socket.dispose();
    }
  });

  it("fits every operation of the web app with its largest variables (first/last: 100), with room to spare", () => {
    const documents = webAppDocuments();
    expect(documents.length).toBeGreaterThan(40);
    const counts: Record<string, number> = {};
    for (const [name, document] of documents) {
      // Through `print`: the count works on what a client actually sends.
      const sent = parse(print(document));
      const operation = sent.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)!;
      const count = countNodes(schema, sent, largestVariables(schema, operation), operation.name?.value);
      expect({ name, count: count === null ? 'variables refused' : count }).toEqual({ name, count: expect.any(Number) });
      counts[name] = count!;
    }
    const over = Object.entries(counts).filter(([, count]) => count > MAX_NODES_PER_REQUEST / 2);
    expect(over).toEqual([]);
  });

  it('never lets a response with more nodes than the limit through, whatever the nesting, aliases and variables (property)', async () => {
    // Shapes over the catalogue whose real size reaches the limit with the seeded employer's
    // full pages; every answered request is counted in its response.
    const page = fc.oneof(fc.constant(null), fc.integer({ min: 1, max: MAX_PAGE_SIZE }));
    type Shape = { alias: number; first: number | null; asVariable: boolean; techs: boolean; inner: Shape[] };
    const shape: fc.Memo<Shape> = fc.memo((depth) =>
      fc.record({
        alias: fc.integer({ min: 1, max: 3 }),
        first: page,
        asVariable: fc.boolean(),
        techs: fc.boolean(),
        inner: depth <= 1 ? fc.constant([]) : fc.array(shape(depth - 1), { maxLength: 2 }),
      }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(shape(3), { minLength: 1, maxLength: 2 }), async (shapes) => {
        const variables: Record<string, unknown> = { id: employerId };
        const definitions: string[] = ['$id: ID!'];
        let n = 0;
        const render = (s: Shape): string => {
          const aliases: string[] = [];
          for (let a = 0; a < s.alias; a++) {
            const name = `v${n++}`;
            let argument = '';
            if (s.first !== null && s.asVariable) {
              definitions.push(`$${name}: Int`);
              variables[name] = s.first;
              argument = `(first: $${name})`;
            } else if (s.first !== null) {
              argument = `(first: ${s.first})`;
            }
            const inner = s.inner.map(render).join(' ');
            const employer = inner ? ` employer { ${inner} }` : '';
            aliases.push(`${name}: listings${argument} { edges { node { id${s.techs ? ' technologies { id }' : ''}${employer} } } }`);
          }
          return aliases.join(' ');
        };
        const body = shapes.map(render).join(' ');
        const query = `query (${definitions.join(', ')}) { employer(id: $id) { ${body} } }`;
        const estimate = countNodes(schema, parse(query), variables)!;
        const response = await t.gql(query, variables);
        if (response.errors) {
          const codes = response.errors.map((error) => error.extensions?.code);
          // The only refusals of these shapes: the node limit, or armor's alias/depth limits.
          expect(codes.every((code) => code === 'QUERY_TOO_COMPLEX' || code === 'GRAPHQL_VALIDATION_FAILED')).toBe(true);
          if (codes.includes('QUERY_TOO_COMPLEX')) expect(estimate).toBeGreaterThan(MAX_NODES_PER_REQUEST);
          return;
        }
        const real = listItems(response.data);
        expect(real).toBeLessThanOrEqual(estimate);
        expect(real).toBeLessThanOrEqual(MAX_NODES_PER_REQUEST);
      }),
      { numRuns: 40 },
    );
  });
});

describe('WebSocket limits', () => {
  it(`allows ${MAX_SOCKETS_PER_SESSION} sockets per session on an instance and closes the next with ${TOO_MANY_SOCKETS_CLOSE_CODE} and a reason`, async () => {
    const { token } = await buildUser(t.app);
    const other = await buildUser(t.app);
    const sockets: LiveSocket[] = [];
    const ping = async (socket: LiveSocket) => {
      const probe = new LiveSubscription(socket, '{ me { id } }');
      await probe.until(() => probe.completed || probe.errors.length > 0, 5000, 'a query over the socket');
      return probe;
    };
    try {
      for (let i = 0; i < MAX_SOCKETS_PER_SESSION; i++) {
        const socket = connectLive(t.url, token, { lazy: false });
        sockets.push(socket);
        expect((await ping(socket)).data).toHaveLength(1);
      }
      let reason = '';
      const extra = connectLive(t.url, token, { lazy: false });
      extra.client.on('closed', (event) => (reason = String((event as { reason: string }).reason)));
      sockets.push(extra);
      const refused = await ping(extra);
      expect(refused.data).toEqual([]);
      expect(await extra.closed).toBe(TOO_MANY_SOCKETS_CLOSE_CODE);
      expect(reason).toContain(`at most ${MAX_SOCKETS_PER_SESSION}`);

      // Another session is not affected, and a closed socket frees its place.
      const elsewhere = connectLive(t.url, other.token, { lazy: false });
      sockets.push(elsewhere);
      expect((await ping(elsewhere)).data).toHaveLength(1);
      await sockets[0].dispose();
      await sockets[0].closed;
      const again = connectLive(t.url, token, { lazy: false });
      sockets.push(again);
      expect((await ping(again)).data).toHaveLength(1);
    } finally {
      await Promise.all(sockets.map((socket) => socket.dispose()));
    }
  });

  it(`runs at most ${MAX_OPERATIONS_PER_SOCKET} operations at once on one socket (RATE_LIMITED past it)`, async () => {
    const { token } = await buildUser(t.app);
    const socket = connectLive(t.url, token);
    try {
      const live = Array.from({ length: MAX_OPERATIONS_PER_SOCKET }, () => new LiveSubscription(socket, 'subscription { notificationAdded { id } }'));
      const refused = new LiveSubscription(socket, '{ me { id } }');
      const error = await refused.firstError();
      expect(error.extensions).toEqual({ code: 'RATE_LIMITED' });
      expect(error.message).toContain(`at most ${MAX_OPERATIONS_PER_SOCKET}`);
      expect(live.every((sub) => sub.errors.length === 0 && !sub.completed)).toBe(true);

      // A stopped subscription gives its place back once the server has handled the stop (one
      // still being set up when its `complete` arrives, when that set-up ends): a query then runs.
      live[0].stop();
      const deadline = Date.now() + 10_000;
      let after = new LiveSubscription(socket, '{ me { id } }');
      for (;;) {
        await after.until(() => after.completed || after.errors.length > 0, 5000, 'the query after one subscription ended');
        if (after.data.length > 0 || Date.now() > deadline) break;
        expect((await after.firstError()).extensions).toEqual({ code: 'RATE_LIMITED' });
        await new Promise((resolve) => setTimeout(resolve, 50));
        after = new LiveSubscription(socket, '{ me { id } }');
      }
      expect(after.data).toHaveLength(1);
      live.forEach((sub) => sub.stop());
    } finally {
      await socket.dispose();
    }
  });
});

/** Variables that make the operation as large as it gets: 100 for every page size, a valid sample for the rest. */
function largestVariables(schema: GraphQLSchema, operation: OperationDefinitionNode): Record<string, unknown> {
  const pageVariables = new Set<string>();
  visit(operation, {
    Argument(node) {
      if ((node.name.value === 'first' || node.name.value === 'last') && node.value.kind === Kind.VARIABLE) pageVariables.add(node.value.name.value);
    },
  });
  const variables: Record<string, unknown> = {};
  for (const definition of operation.variableDefinitions ?? []) {
    const name = definition.variable.name.value;
    const type = typeFromAST(schema, definition.type as never) as GraphQLInputType;
    variables[name] = pageVariables.has(name) ? MAX_PAGE_SIZE : sample(type);
  }
  return variables;
}

function sample(type: GraphQLInputType): unknown {
  if (isNonNullType(type)) return sample(type.ofType);
  if (isListType(type)) return [sample(type.ofType)];
  const named = getNamedType(getNullableType(type));
  if (isEnumType(named)) return named.getValues()[0].value;
  if (isInputObjectType(named)) {
    const value: Record<string, unknown> = {};
    for (const field of Object.values(named.getFields())) if (isNonNullType(field.type)) value[field.name] = sample(field.type);
    return value;
  }
  switch (named.name) {
    case 'Int':
    case 'Float':
      return 1;
    case 'Boolean':
      return true;
    case 'DateTimeISO':
      return new Date().toISOString();
    case 'JSONObject':
      return {};
    default:
      return 'x';
  }
}
