import type { ApolloServerPlugin } from '@apollo/server';
import type { ApolloArmor } from '@escape.tech/graphql-armor';
import {
  defaultFieldResolver,
  getArgumentValues,
  getDirectiveValues,
  getNamedType,
  getNullableType,
  getOperationAST,
  getVariableValues,
  GraphQLError,
  GraphQLIncludeDirective,
  GraphQLSkipDirective,
  isAbstractType,
  isCompositeType,
  isListType,
  isObjectType,
  Kind,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLObjectType,
  type GraphQLSchema,
  type SelectionNode,
  type SelectionSetNode,
} from 'graphql';
import { DEFAULT_PAGE_SIZE } from './connection';
import type { Context } from './context';

/**
 * The limits one client can put on one server, whatever shape its requests take, over HTTP and
 * WebSocket alike. The node count is computed the way GitHub's public API computes its own
 * (which refuses more than 500,000): page sizes multiplied down the tree, with the values the
 * request will run with (variables, their defaults and argument defaults), before anything runs.
 *
 * - A node is one item of a list in the response: an edge of a connection, an element of a list
 *   field. Connections count `first`/`last` (20, DEFAULT_PAGE_SIZE, when absent) for each list they
 *   hold (`edges`); objects and scalars are free (their number is bounded by the depth, alias and
 *   token limits of graphql-armor).
 * - Lists without paging arguments count the size they can have: the whole taxonomy (50
 *   technologies, 19 project types, 6 super types, 4 technology classes), 10 technologies on a
 *   listing, and UNPAGED_LIST_SIZE (20) for the rest (a contract's versions, events and change
 *   orders, an employer's members, the viewer's contracts, the lines of a diff…), which are one
 *   viewer's own records rather than the public catalogue.
 * - Introspection (`__schema`, `__type`) is not counted: it reads no data, GraphQL's own
 *   MaxIntrospectionDepthRule stops its recursion, and the alias limit bounds its repetition.
 * - Over the limit: a GraphQL error with code QUERY_TOO_COMPLEX (HTTP 400) naming both numbers;
 *   nothing runs.
 */
export const MAX_NODES_PER_REQUEST = 10_000;

/** Assumed size of a list field without `first`/`last` and without a known bound below. */
export const UNPAGED_LIST_SIZE = DEFAULT_PAGE_SIZE;

/** Known bounds of unpaged lists: `Type.field`, or a whole element type (the seeded taxonomy). */
const LIST_SIZES: ReadonlyMap<string, number> = new Map([
  ['Listing.technologies', 10],
  ['ListingEdge.textMatches', 2],
  ['TextMatch.highlights', 5], // MAX_HIGHLIGHTS (catalog/text-matches.ts)
  ['Technology', 50],
  ['TechnologyFacet', 50],
  ['ProjectType', 19],
  ['ProjectTypeFacet', 19],
  ['ProjectSuperType', 6],
  ['TechnologyClass', 4],
]);

/** Operations (queries and subscriptions) running at once on one WebSocket. */
export const MAX_OPERATIONS_PER_SOCKET = 50;

/** Open WebSockets of one signed-in session, counted per server instance. */
export const MAX_SOCKETS_PER_SESSION = 10;

/** Close code of a socket refused for MAX_SOCKETS_PER_SESSION: WebSocket's own "policy violation". */
export const TOO_MANY_SOCKETS_CLOSE_CODE = 1008;

/**
 * What one socket may hold that its client has not read yet (sent, not yet taken by the
 * connection): past it the client is too slow, and the socket is closed rather than let grow.
 */
export const MAX_UNREAD_BYTES_PER_SOCKET = 1024 * 1024;

/** The largest request body, and the largest WebSocket message: 1 MiB. */
export const MAX_BODY_BYTES = 1024 * 1024;

/** The most lexical tokens one document may have; more is refused while parsing, as a syntax error. */
export const MAX_TOKENS = 5_000;

/** graphql-armor's checks of a document's shape, over HTTP and WebSocket alike. */
export const ARMOR_LIMITS: ConstructorParameters<typeof ApolloArmor>[0] = {
  maxDepth: { n: 12 },
  // Off: it counts literal page sizes but not variables. The node limit (MAX_NODES_PER_REQUEST)
  // counts the values a request runs with instead.
  costLimit: { enabled: false },
  maxAliases: { n: 30 },
  // Off here: its parser runs in a hook where a syntax error becomes a 500. Apollo's own parse
  // counts tokens instead (MAX_TOKENS), so every syntax error is a 400 GRAPHQL_PARSE_FAILED.
  maxTokens: { enabled: false },
};

export const QUERY_TOO_COMPLEX = 'QUERY_TOO_COMPLEX';

/** Selection sets walked in one count; a document past it (fragments spread over and over) is refused. */
const MAX_STEPS = 100_000;

class TooManySteps extends Error {}

/**
 * The most list items the operation can return with these variables, or null when the variables
 * do not fit the operation (execution then refuses them before anything runs). Fields that
 * `@skip`/`@include` leave out are not counted; of the types an abstract field may return, the
 * most costly counts.
 */
export function countNodes(schema: GraphQLSchema, document: DocumentNode, variables?: Readonly<Record<string, unknown>> | null, operationName?: string | null): number | null {
  const operation = getOperationAST(document, operationName);
  if (!operation) return null;
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], { ...variables });
  if (coerced.errors) return null;
  const values = coerced.coerced;
  const root = schema.getRootType(operation.operation);
  if (!root) return null;

  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  // A selection set's count depends only on the type it is on and the page of its connection:
  // fragments spread many times are counted once.
  const memo = new Map<SelectionSetNode, Map<string, number>>();
  let steps = 0;

  const included = (node: SelectionNode): boolean => {
    if (!node.directives?.length) return true;
    if (getDirectiveValues(GraphQLSkipDirective, node, values)?.if === true) return false;
    return getDirectiveValues(GraphQLIncludeDirective, node, values)?.if !== false;
  };

  const appliesTo = (typeCondition: string | undefined, type: GraphQLObjectType): boolean => {
    if (!typeCondition || typeCondition === type.name) return true;
    const condition = schema.getType(typeCondition);
    return !!condition && isAbstractType(condition) && schema.isSubType(condition, type);
  };

  /** Nodes under one object of `type`; `page` is set on a connection (the size of its lists). */
  const count = (selectionSet: SelectionSetNode, type: GraphQLCompositeType, page: number | null): number => {
    const key = `${type.name}:${page ?? ''}`;
    const cached = memo.get(selectionSet)?.get(key);
    if (cached !== undefined) return cached;
    if (++steps > MAX_STEPS) throw new TooManySteps();
    const total = isAbstractType(type)
      ? Math.max(0, ...schema.getPossibleTypes(type).map((possible) => countOn(selectionSet, possible, page)))
      : isObjectType(type)
        ? countOn(selectionSet, type, page)
        : 0;
    if (!memo.has(selectionSet)) memo.set(selectionSet, new Map());
    memo.get(selectionSet)!.set(key, total);
    return total;
  };

  const countOn = (selectionSet: SelectionSetNode, type: GraphQLObjectType, page: number | null): number => {
    let total = 0;
    for (const selection of selectionSet.selections) {
      if (!included(selection)) continue;
      if (selection.kind === Kind.INLINE_FRAGMENT) {
        if (appliesTo(selection.typeCondition?.name.value, type)) total += count(selection.selectionSet, type, page);
      } else if (selection.kind === Kind.FRAGMENT_SPREAD) {
        const fragment = fragments.get(selection.name.value);
        if (fragment && appliesTo(fragment.typeCondition.name.value, type)) total += count(fragment.selectionSet, type, page);
      } else {
        const field = type.getFields()[selection.name.value];
        if (!field) continue; // __typename, and introspection (see above)
        // A field whose work is not in the size of its lists (a diff) says what it costs.
        total += typeof field.extensions.nodeCost === 'number' ? field.extensions.nodeCost : 0;
        if (!selection.selectionSet) continue; // scalars
        const named = getNamedType(field.type);
        if (!isCompositeType(named)) continue;
        const ownPage = pageOf(field, () => getArgumentValues(field, selection, values));
        if (isListType(getNullableType(field.type))) {
          const size = ownPage ?? page ?? listSize(type, field);
          total += size * (1 + count(selection.selectionSet, named, null));
        } else {
          total += count(selection.selectionSet, named, ownPage);
        }
      }
    }
    return total;
  };

  try {
    return count(operation.selectionSet, root, null);
  } catch (error) {
    if (error instanceof TooManySteps) return Number.POSITIVE_INFINITY;
    throw error;
  }
}

/**
 * The page a field with `first`/`last` arguments asks for (DEFAULT_PAGE_SIZE when neither is
 * given), or null for a field without them. Values the resolver will refuse (0, negative) still
 * count as one: a refused field cannot lower the count of the others.
 */
function pageOf(field: GraphQLField<unknown, unknown>, args: () => Record<string, unknown>): number | null {
  if (!field.args.some((arg) => arg.name === 'first' || arg.name === 'last')) return null;
  let values: Record<string, unknown>;
  try {
    values = args();
  } catch {
    return DEFAULT_PAGE_SIZE; // execution refuses this field's arguments the same way: it runs nothing
  }
  const sizes = [values.first, values.last].filter((value): value is number => typeof value === 'number');
  if (sizes.length === 0) return DEFAULT_PAGE_SIZE;
  return Math.max(1, ...sizes);
}

function listSize(parent: GraphQLObjectType, field: GraphQLField<unknown, unknown>): number {
  return LIST_SIZES.get(`${parent.name}.${field.name}`) ?? LIST_SIZES.get(getNamedType(field.type).name) ?? UNPAGED_LIST_SIZE;
}

/** The error refusing a request over MAX_NODES_PER_REQUEST, or undefined when it fits. */
export function nodeLimitError(schema: GraphQLSchema, document: DocumentNode, variables?: Readonly<Record<string, unknown>> | null, operationName?: string | null): GraphQLError | undefined {
  const nodes = countNodes(schema, document, variables, operationName);
  if (nodes === null || nodes <= MAX_NODES_PER_REQUEST) return undefined;
  const count = Number.isFinite(nodes) ? `up to ${nodes.toLocaleString('en-US')} nodes` : 'too many nodes to count';
  return new GraphQLError(
    `This request could return ${count}; the limit is ${MAX_NODES_PER_REQUEST.toLocaleString('en-US')} per request (pages of first/last multiplied down the tree). Ask for smaller pages or fewer nested lists.`,
    { extensions: { code: QUERY_TOO_COMPLEX, http: { status: 400 } } },
  );
}

/**
 * Apollo's side of the node limit: the operation is resolved and its variables are known, nothing
 * has run yet. (graphql-ws's side is `onSubscribe` in app/websocket.ts.)
 */
export function nodeLimitPlugin(schema: GraphQLSchema): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document }) {
          const error = nodeLimitError(schema, document, request.variables, request.operationName);
          if (error) throw error;
        },
      };
    },
  };
}

/**
 * The node limit at run time, for what the count before it can only estimate (a contract's
 * versions, events and change orders are counted as UNPAGED_LIST_SIZE but have no fixed bound):
 * every list a request's resolvers return adds its items to the request's tally, and the list
 * that takes it past MAX_NODES_PER_REQUEST is refused with QUERY_TOO_COMPLEX (its field is null
 * or the error propagates, as for any field error). A subscription counts per event.
 */
export function limitReturnedNodes(schema: GraphQLSchema): GraphQLSchema {
  // One tally per execution: per context, and within it per root value. Over HTTP the root value
  // is always the same; a subscription keeps one context for all its events and each event is
  // executed with the event as its root value, so each event has a tally of its own.
  const tallies = new WeakMap<object, WeakMap<object, number>>();
  const NO_ROOT = {};
  const tally = (context: unknown, root: unknown, items: number): void => {
    if (typeof context !== 'object' || context === null) return;
    const byRoot = tallies.get(context) ?? new WeakMap<object, number>();
    tallies.set(context, byRoot);
    const key = typeof root === 'object' && root !== null ? root : NO_ROOT;
    const total = (byRoot.get(key) ?? 0) + items;
    byRoot.set(key, total);
    if (total > MAX_NODES_PER_REQUEST) {
      throw new GraphQLError(`This request returned more than ${MAX_NODES_PER_REQUEST.toLocaleString('en-US')} nodes, the limit per request. Ask for fewer or smaller lists.`, {
        extensions: { code: QUERY_TOO_COMPLEX },
      });
    }
  };
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      if (!isListType(getNullableType(field.type)) || !isCompositeType(getNamedType(field.type))) continue;
      const resolve = field.resolve ?? defaultFieldResolver;
      field.resolve = (source, args, context, info) => {
        const counted = (value: unknown) => {
          if (Array.isArray(value)) tally(context, info.rootValue, value.length);
          return value;
        };
        const result = resolve(source, args, context, info);
        return result instanceof Promise ? result.then(counted) : counted(result);
      };
    }
  }
  return schema;
}

/** Open sockets per session on this instance (MAX_SOCKETS_PER_SESSION). */
export class SocketsPerSession {
  private readonly open = new Map<string, number>();

  constructor(private readonly limit = MAX_SOCKETS_PER_SESSION) {}

  /** Counts one more socket of the session, or answers false when it already has `limit`. */
  acquire(sessionId: string): boolean {
    const current = this.open.get(sessionId) ?? 0;
    if (current >= this.limit) return false;
    this.open.set(sessionId, current + 1);
    return true;
  }

  release(sessionId: string): void {
    const current = this.open.get(sessionId) ?? 0;
    if (current <= 1) this.open.delete(sessionId);
    else this.open.set(sessionId, current - 1);
  }
}
