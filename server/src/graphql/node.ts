import { Arg, Field, ID, InterfaceType, Query, Resolver, Ctx } from 'type-graphql';
import type { Context } from './context';
import { decodeGlobalId } from './global-id';

@InterfaceType({ description: 'An object with a globally unique, opaque id; fetch any of them with `node(id)`.' })
export abstract class Node {
  @Field(() => ID, { description: 'Globally unique, opaque id.' })
  id: string;
}

/** Loads the object behind a local id for the viewer, or null when it does not exist or is hidden. */
export type NodeFetcher = (localId: string, ctx: Context) => Promise<Node | null>;

const fetchers = new Map<string, NodeFetcher>();

/** Each module registers the types it owns; `node(id)` dispatches on the id's type. */
export function registerNodeType(typeName: string, fetcher: NodeFetcher): void {
  fetchers.set(typeName, fetcher);
}

@Resolver()
export class NodeResolver {
  @Query(() => Node, { nullable: true, description: 'Any object by its global id; null when it does not exist or is not visible to the viewer.' })
  async node(@Arg('id', () => ID, { description: 'A global id as returned by any `id` field.' }) id: string, @Ctx() ctx: Context): Promise<Node | null> {
    const decoded = decodeGlobalId(id);
    const fetcher = decoded && fetchers.get(decoded.type);
    if (!decoded || !fetcher) return null;
    return fetcher(decoded.id, ctx);
  }
}
