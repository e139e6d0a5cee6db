import {
  getNullableType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isScalarType,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLSchema,
} from 'graphql';
import { buildUser, type BuiltUser } from '../../test/factories';
import { useTestApp } from '../../test/harness';
import { canonicalFieldPath } from './errors';
import { getSchema } from './schema';

/**
 * Field paths in `extensions.fields` have one spelling (`canonicalFieldPath`, DESIGN §5): relative
 * to the argument, dot-separated, list positions as numbers (`links.0.url`); a field of an
 * input-object argument without the argument's or variable's name. Generated over the schema:
 * every leaf of every query's and mutation's arguments (input fields nested in lists included)
 * is made bad in turn, a text leaf with a NUL (refused by the text normaliser, before any
 * resolver) and any other leaf with a value of the wrong type (refused by GraphQL's coercion of
 * the variable), the rest filled with values of the right type. The property: the bad leaf is
 * reported under its own path, and every path reported names a real input field. A new
 * operation or input field is covered without anyone adding it here.
 */

const t = useTestApp();
let schema: GraphQLSchema;
let user: BuiltUser;

beforeAll(async () => {
  schema = await getSchema();
  user = await buildUser(t.app);
});

type Leaf = { path: Array<string | number>; type: GraphQLInputType };

/** A value of the right type (not necessarily a valid one) for `type`, lists with one item. */
function filler(type: GraphQLInputType, depth = 0): unknown {
  const nullable = getNullableType(type);
  if (isListType(nullable)) return [filler(nullable.ofType, depth + 1)];
  if (isEnumType(nullable)) return nullable.getValues()[0].name;
  if (isInputObjectType(nullable)) {
    const value: Record<string, unknown> = {};
    for (const field of Object.values(nullable.getFields())) {
      if (isNonNullType(field.type) || depth === 0) value[field.name] = depth > 4 ? null : filler(field.type, depth + 1);
    }
    return value;
  }
  switch (isScalarType(nullable) ? nullable.name : '') {
    case 'Int':
    case 'Float':
      return 1;
    case 'Boolean':
      return true;
    case 'DateTimeISO':
      return '2030-01-01T00:00:00.000Z';
    case 'JSONObject':
      return {};
    default:
      return 'filler';
  }
}

/** Every leaf (scalar or enum) under an argument, with its path inside the argument's value. */
function leaves(type: GraphQLInputType, path: Array<string | number> = [], seen = new Set<string>()): Leaf[] {
  const nullable = getNullableType(type);
  if (isListType(nullable)) return leaves(nullable.ofType, [...path, 0], seen);
  if (isInputObjectType(nullable)) {
    if (seen.has(nullable.name)) return [];
    const inner = new Set(seen).add(nullable.name);
    return Object.values(nullable.getFields()).flatMap((field) => leaves(field.type, [...path, field.name], inner));
  }
  return [{ path, type: nullable as GraphQLInputType }];
}

function setAt(target: Record<string, unknown>, path: Array<string | number>, value: unknown): void {
  let node: any = target;
  for (const [i, key] of path.entries()) {
    if (i === path.length - 1) node[key] = value;
    else {
      node[key] ??= typeof path[i + 1] === 'number' ? [] : {};
      node = node[key];
    }
  }
}

/** The path the API should report for a leaf: an input-object argument's fields named on their own. */
function expectedPath(arg: GraphQLArgument, path: Array<string | number>): string {
  const own = isInputObjectType(getNullableType(arg.type)) ? path : [arg.name, ...path];
  return own.join('.');
}

/** Whether `path` names an input field (or argument) of `field`, in the canonical spelling. */
function namesRealField(field: GraphQLField<unknown, unknown>, path: string): boolean {
  if (canonicalFieldPath(path) !== path) return false;
  const [first, ...rest] = path.split('.');
  const starts: Array<{ type: GraphQLInputType; segments: string[] }> = [];
  for (const arg of field.args) {
    if (arg.name === first && !isInputObjectType(getNullableType(arg.type))) starts.push({ type: arg.type, segments: rest });
    if (isInputObjectType(getNullableType(arg.type))) starts.push({ type: arg.type, segments: [first, ...rest] });
  }
  return starts.some(({ type, segments }) => {
    let current: GraphQLInputType = type;
    for (const segment of segments) {
      const nullable = getNullableType(current);
      if (/^\d+$/.test(segment)) {
        if (!isListType(nullable)) return false;
        current = nullable.ofType;
      } else {
        if (!isInputObjectType(nullable)) return false;
        const child = nullable.getFields()[segment];
        if (!child) return false;
        current = child.type;
      }
    }
    return true;
  });
}

function operationText(kind: 'query' | 'mutation', field: GraphQLField<unknown, unknown>): string {
  const variables = field.args.map((arg) => `$${arg.name}: ${arg.type.toString()}`).join(', ');
  const args = field.args.map((arg) => `${arg.name}: $${arg.name}`).join(', ');
  // `__typename` selects nothing the operation returns: the request is judged on its arguments alone.
  return `${kind} (${variables}) { ${field.name}(${args}) { __typename } }`.replace(/\{ __typename \}/, needsSelection(field) ? '{ __typename }' : '');
}

function needsSelection(field: GraphQLField<unknown, unknown>): boolean {
  const named = getNullableType(field.type);
  const inner = isListType(named) ? getNullableType(named.ofType) : named;
  return !isScalarType(inner) && !isEnumType(inner);
}

/** Text with a NUL (the text normaliser refuses it); for any other leaf, a value of the wrong type (coercion refuses it). */
function badValue(type: GraphQLInputType): unknown {
  if (isEnumType(type)) return 'NOT_A_VALUE';
  const name = isScalarType(type) ? type.name : '';
  if (name === 'String') return 'bad\u0000text';
  if (name === 'Int' || name === 'Float' || name === 'Boolean' || name === 'DateTimeISO' || name === 'JSONObject') return 'not of this type';
  return { not: 'of this type' };
}

interface Probe {
  operation: string;
  leaf: string;
  reported: string[];
  code: string | undefined;
}

async function probe(kind: 'query' | 'mutation', field: GraphQLField<unknown, unknown>, arg: GraphQLArgument, leaf: Leaf): Promise<Probe> {
  const variables: Record<string, unknown> = {};
  for (const other of field.args) if (isNonNullType(other.type) || other === arg) variables[other.name] = filler(other.type);
  const bad = badValue(leaf.type);
  if (leaf.path.length === 0) variables[arg.name] = isListType(getNullableType(arg.type)) ? [bad] : bad;
  else setAt(variables[arg.name] as Record<string, unknown>, leaf.path, bad);
  const listArg = leaf.path.length === 0 && isListType(getNullableType(arg.type));
  const response = await t.gql(operationText(kind, field), variables, user.token);
  // GraphQL's coercion reports each bad value of the variables as an error of its own.
  const errors = (response.errors ?? []).filter((e) => e.extensions?.code === 'BAD_USER_INPUT');
  return {
    operation: `${kind}.${field.name}`,
    leaf: expectedPath(arg, listArg ? [0] : leaf.path),
    reported: errors.flatMap((e) => Object.keys((e.extensions?.fields as Record<string, string> | undefined) ?? {})),
    code: (errors[0] ?? response.errors?.[0])?.extensions?.code as string | undefined,
  };
}

describe('field paths of validation errors', () => {
  it('spells paths one way: relative to the argument, dots, list positions as numbers', () => {
    expect(canonicalFieldPath('links[0].url')).toBe('links.0.url');
    expect(canonicalFieldPath('links.0.url')).toBe('links.0.url');
    expect(canonicalFieldPath('skillIds[12]')).toBe('skillIds.12');
  });

  it('reports every bad leaf of every operation under its own path, and only paths naming real input fields (generated over the schema)', async () => {
    const probes: Probe[] = [];
    for (const kind of ['query', 'mutation'] as const) {
      const root = kind === 'query' ? schema.getQueryType() : schema.getMutationType();
      for (const field of Object.values(root?.getFields() ?? {})) {
        if (field.name === 'node' || field.name === 'nodes') continue; // ids of any kind: null, not an error (hostile-input.test.ts)
        for (const arg of field.args) {
          for (const leaf of leaves(arg.type)) probes.push(await probe(kind, field, arg, leaf));
        }
      }
    }
    // Enough of the schema was reached for the property to mean something.
    expect(probes.length).toBeGreaterThan(100);
    const notNamingRealFields = probes.flatMap((p) => {
      const field = (p.operation.startsWith('query') ? schema.getQueryType() : schema.getMutationType())?.getFields()[p.operation.split('.')[1]];
      return p.reported.filter((path) => !field || !namesRealField(field, path)).map((path) => `${p.operation}: ${path}`);
    });
    expect(notNamingRealFields).toEqual([]);
    const badLeafNotReported = probes.filter((p) => !p.reported.includes(p.leaf)).map((p) => `${p.operation}: ${p.leaf} (${p.code ?? 'no error'}; reported ${p.reported.join(', ') || 'nothing'})`);
    expect(badLeafNotReported).toEqual([]);
  }, 240_000);
});
