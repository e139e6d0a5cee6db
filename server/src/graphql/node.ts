import { Arg, ID, Query, Resolver, Ctx } from 'type-graphql';
import type { Context } from './context';
import { isLocalId, type LocalIdKind } from '../db/ids';
import { decodeGlobalId } from './global-id';
import { Node } from './node-interface';

export { Node };

/** Loads the object behind a local id for the viewer, or null when it does not exist or is hidden. */
export type NodeFetcher = (localId: string, ctx: Context) => Promise<Node | null>;

const fetchers = new Map<string, { fetcher: NodeFetcher; localId: LocalIdKind }>();

/**
 * Each module registers the types it owns; `node(id)` dispatches on the id's type. The fetcher
 * sees only local ids of `localId`'s kind: anything else is null before it reaches SQL.
 */
export function registerNodeType(typeName: string, fetcher: NodeFetcher, localId: LocalIdKind = 'uuid'): void {
  fetchers.set(typeName, { fetcher, localId });
}

@Resolver()
export class NodeResolver {
  @Query(() => Node, { nullable: true, description: 'Any object by its global id; null when it does not exist or is not visible to the viewer.' })
  async node(@Arg('id', () => ID, { description: 'A global id as returned by any `id` field.' }) id: string, @Ctx() ctx: Context): Promise<Node | null> {
    const decoded = decodeGlobalId(id);
    const registered = decoded && fetchers.get(decoded.type);
    if (!decoded || !registered || !isLocalId(registered.localId, decoded.id)) return null;
    return registered.fetcher(decoded.id, ctx);
  }
}
