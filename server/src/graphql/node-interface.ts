import { Field, ID, InterfaceType } from 'type-graphql';

/**
 * The `Node` interface on its own, free of the context: a type a service also builds (the
 * taxonomy's) imports it from here without reaching the composition root.
 */
@InterfaceType({ description: 'An object with a globally unique, opaque id; fetch any of them with `node(id)`.' })
export abstract class Node {
  @Field(() => ID, { description: 'Globally unique, opaque id.' })
  id: string;
}
