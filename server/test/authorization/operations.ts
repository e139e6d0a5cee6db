import { randomUUID } from 'node:crypto';
import {
  getNamedType,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLSchema,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isScalarType,
} from 'graphql';
import type { DataSource } from 'typeorm';
import { type GraphQLResponse } from '../harness';
import { type LiveSocket } from '../live';
import { isUuid } from '../../src/db/ids';
import { decodeGlobalId, toGlobalId } from '../../src/graphql/global-id';
import { type Case, type World } from './cases';

// ---- the schema ----------------------------------------------------------------------------

const ROOTS = ['Query', 'Mutation', 'Subscription'] as const;
export type Root = (typeof ROOTS)[number];

export function rootFields(schema: GraphQLSchema): Array<{ root: Root; field: GraphQLField<unknown, unknown> }> {
  const types = { Query: schema.getQueryType(), Mutation: schema.getMutationType(), Subscription: schema.getSubscriptionType() };
  return ROOTS.flatMap((root) => Object.values(types[root]?.getFields() ?? {}).map((field) => ({ root, field })));
}

/** Whether an input type holds an ID anywhere (directly, in a list, in a nested input object). */
function holdsId(type: GraphQLInputType, seen = new Set<string>()): boolean {
  const named = getNamedType(type);
  if (isScalarType(named)) return named.name === 'ID';
  if (!isInputObjectType(named) || seen.has(named.name)) return false;
  seen.add(named.name);
  return Object.values(named.getFields()).some((field) => holdsId(field.type, seen));
}

export function idTakingOperations(schema: GraphQLSchema): string[] {
  return rootFields(schema)
    .filter(({ field }) => field.args.some((arg) => holdsId(arg.type)))
    .map(({ root, field }) => `${root}.${field.name}`)
    .sort();
}

/** A valid-looking value for a text argument, by its name. */
function textFor(path: string): string {
  if (/email/i.test(path)) return `matrix-${randomUUID().slice(0, 8)}@example.test`;
  if (/url/i.test(path)) return 'https://example.test/matrix';
  return 'A valid-looking text for the authorization matrix';
}

/**
 * The value of one argument: ids from the case, given values, and otherwise a valid-looking value
 * for every required part. Optional parts are left out unless the case gives something inside.
 */
function valueFor(type: GraphQLInputType, path: string, given: Map<string, unknown>, used: Set<string>): unknown {
  if (given.has(path)) {
    used.add(path);
    const value = given.get(path);
    return isListType(isNonNullType(type) ? type.ofType : type) && !Array.isArray(value) ? [value] : value;
  }
  const required = isNonNullType(type);
  const inner = required ? type.ofType : type;
  const wanted = [...given.keys()].some((key) => key.startsWith(`${path}.`));
  if (!required && !wanted) return undefined;
  if (isListType(inner)) return [valueFor(inner.ofType, path, given, used)];
  if (isInputObjectType(inner)) {
    const value: Record<string, unknown> = {};
    for (const field of Object.values(inner.getFields())) {
      const fieldValue = valueFor(field.type, `${path}.${field.name}`, given, used);
      if (fieldValue !== undefined) value[field.name] = fieldValue;
    }
    return value;
  }
  if (isEnumType(inner)) return inner.getValues()[0].value;
  switch (inner.name) {
    case 'ID':
      throw new Error(`no id given for the required argument ${path}: name it in the matrix entry`);
    case 'String':
      return textFor(path);
    case 'Int':
      return 1;
    case 'Float':
      return 1.5;
    case 'Boolean':
      return true;
    case 'DateTimeISO':
    case 'DateTime':
      return new Date().toISOString();
    default:
      throw new Error(`no generated value for scalar ${inner.name} at ${path}: give it in the matrix entry`);
  }
}

function defaultSelection(field: GraphQLField<unknown, unknown>): string {
  const named = getNamedType(field.type);
  return isScalarType(named) || isEnumType(named) ? '' : '{ __typename }';
}

export interface Operation {
  query: string;
  variables: Record<string, unknown>;
}

export function buildOperation(root: Root, field: GraphQLField<unknown, unknown>, c: Case, w: World, ids: Record<string, string | string[]>): Operation {
  const given = new Map<string, unknown>([...Object.entries(ids), ...Object.entries(c.args ?? {}).map(([path, value]) => [path, value(w)] as const)]);
  const used = new Set<string>();
  const variables: Record<string, unknown> = {};
  const declared: string[] = [];
  const passed: string[] = [];
  field.args.forEach((arg: GraphQLArgument) => {
    const value = valueFor(arg.type, arg.name, given, used);
    if (value === undefined) return;
    variables[arg.name] = value;
    declared.push(`$${arg.name}: ${arg.type.toString()}`);
    passed.push(`${arg.name}: $${arg.name}`);
  });
  const unused = [...given.keys()].filter((path) => !used.has(path));
  if (unused.length) throw new Error(`${root}.${field.name}: the matrix names arguments the operation does not have: ${unused.join(', ')}`);
  const keyword = root.toLowerCase();
  const args = passed.length ? `(${passed.join(', ')})` : '';
  const vars = declared.length ? `(${declared.join(', ')})` : '';
  return { query: `${keyword} Matrix${vars} { ${field.name}${args} ${c.selection ?? defaultSelection(field)} }`, variables };
}

/** The same ids, but of objects that do not exist: what an unknown id answers. */
export function unknownTwin(ids: Record<string, string | string[]>): Record<string, string | string[]> {
  const forge = (globalId: string) => {
    const decoded = decodeGlobalId(globalId);
    if (!decoded) throw new Error(`not a global id: ${globalId}`);
    return toGlobalId(decoded.type, isUuid(decoded.id) ? randomUUID() : String(9_000_000_000 + Math.floor(Math.random() * 1_000_000)));
  };
  return Object.fromEntries(Object.entries(ids).map(([path, value]) => [path, Array.isArray(value) ? value.map(forge) : forge(value)]));
}

// ---- transports ----------------------------------------------------------------------------

export type Transport = 'http' | 'ws';

/** What a response says, without locations: equal for two calls that reveal the same. */
export function essence(response: GraphQLResponse): unknown {
  return {
    data: response.data ?? null,
    errors: (response.errors ?? []).map((error) => ({ message: error.message, code: error.extensions?.code, fields: error.extensions?.fields ?? null, path: error.path ?? null })),
  };
}

export function overSocket(socket: LiveSocket, operation: Operation): Promise<GraphQLResponse> {
  return new Promise((resolve, reject) => {
    let result: GraphQLResponse | null = null;
    const timer = setTimeout(() => {
      unsubscribe();
      if (result) resolve(result);
      else reject(new Error(`no answer over WebSocket within 5 s (a subscription the caller may not open went live?)`));
    }, 5000);
    const unsubscribe = socket.client.subscribe(operation, {
      next: (value) => {
        result = value as GraphQLResponse;
        // A subscription that answers with data is live: that is itself the failure to report.
        if (!value.errors) {
          clearTimeout(timer);
          unsubscribe();
          resolve(result);
        }
      },
      error: (error) => {
        clearTimeout(timer);
        resolve(Array.isArray(error) ? { errors: error } : { errors: [{ message: String((error as Error)?.message ?? error), extensions: { code: 'SOCKET_ERROR' } }] });
      },
      complete: () => {
        clearTimeout(timer);
        resolve(result ?? { errors: [{ message: 'completed without a result', extensions: { code: 'NO_RESULT' } }] });
      },
    });
  });
}

// ---- the database --------------------------------------------------------------------------

/** Tables that change on purpose whoever calls: the rate limiters' counters, TypeORM's migration log. */
const VOLATILE_TABLES = /^(migrations|typeorm_metadata)$|attempts$|rate_limit/;

export async function snapshotter(ds: DataSource): Promise<() => Promise<Record<string, string>>> {
  const tables = ((await ds.query(
    `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`,
  )) as Array<{ table_name: string }>)
    .map((row) => row.table_name)
    .filter((name) => !VOLATILE_TABLES.test(name));
  const sql = tables
    .map((name) => `SELECT '${name}' AS name, (SELECT md5(coalesce(string_agg(t::text, ',' ORDER BY t::text), '')) FROM "${name}" t) AS hash`)
    .join(' UNION ALL ');
  return async () => Object.fromEntries(((await ds.query(sql)) as Array<{ name: string; hash: string }>).map((row) => [row.name, row.hash]));
}
