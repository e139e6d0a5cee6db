import { Field, ObjectType, type ClassType } from 'type-graphql';
import { badInput } from '../errors';

@ObjectType({ description: 'Where a page of a Relay connection sits in the whole list.' })
export class PageInfo {
  @Field({ description: 'Whether another page follows this one.' })
  hasNextPage: boolean;

  @Field({ description: 'Whether an earlier page precedes this one; set by backward pages (`last`/`before`) where a connection offers them, false otherwise.' })
  hasPreviousPage: boolean;

  @Field(() => String, { nullable: true, description: 'Cursor of the first edge; pass it as `before` for the previous page where a connection pages backward.' })
  startCursor: string | null;

  @Field(() => String, { nullable: true, description: 'Cursor of the last edge; pass it as `after` for the next page.' })
  endCursor: string | null;
}

/** Base classes of a Relay connection over `node`; subclass it to add fields such as `totalCount`. */
export function Connection<TNode extends object>(node: ClassType<TNode>, name: string) {
  @ObjectType(`${name}Edge`, { description: `An edge to a ${name} in a connection.` })
  class Edge {
    @Field({ description: 'Opaque cursor of this edge.' })
    cursor: string;

    @Field(() => node, { description: `The ${name}.` })
    node: TNode;
  }

  @ObjectType(`${name}ConnectionBase`)
  abstract class ConnectionBase {
    /** The edge type, for a module that resolves more fields on it (`@Resolver(() => XConnectionBase.Edge)`). */
    static readonly Edge = Edge;

    @Field(() => [Edge], { description: 'The page of edges.' })
    edges: Edge[];

    @Field(() => PageInfo, { description: 'Paging state of this page.' })
    pageInfo: PageInfo;
  }
  return ConnectionBase;
}

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

/** Validates `first`; the field name goes into the error. */
export function pageSize(first: number | null | undefined, field = 'first'): number {
  if (first === null || first === undefined) return DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE_SIZE) {
    throw badInput({ [field]: `must be from 1 to ${MAX_PAGE_SIZE}` });
  }
  return first;
}

/** Builds edges and page info from `limit + 1` fetched rows. */
export function toPage<TRow, TNode>(
  rows: TRow[],
  limit: number,
  cursorOf: (row: TRow) => string,
  present: (row: TRow) => TNode,
): { edges: Array<{ cursor: string; node: TNode }>; pageInfo: PageInfo } {
  const page = rows.slice(0, limit);
  const edges = page.map((row) => ({ cursor: cursorOf(row), node: present(row) }));
  return {
    edges,
    pageInfo: {
      hasNextPage: rows.length > limit,
      hasPreviousPage: false,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
  };
}

