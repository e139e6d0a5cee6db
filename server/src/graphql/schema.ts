import 'reflect-metadata';
import { lexicographicSortSchema, type GraphQLSchema } from 'graphql';
import { buildSchema } from 'type-graphql';
import { resolvers } from './resolvers';
import { limitReturnedNodes } from './limits';
import { normaliseTextArguments, validateArguments } from './text';

let built: Promise<GraphQLSchema> | undefined;

/**
 * type-graphql refuses to build subscriptions without a pub/sub, although ours never use it:
 * each brings its own `subscribe` over the app's typed PubSub (per-event authorization).
 */
const unusedPubSub = {
  publish(): never {
    throw new Error('publish through AppDeps.pubsub');
  },
  subscribe(): never {
    throw new Error('subscriptions pass their own `subscribe`');
  },
};

/** The schema is the same for every app in a process: built once. */
export function getSchema(): Promise<GraphQLSchema> {
  built ??= buildSchema({
    resolvers,
    // Our own validateFn: class-validator's rules (null fields included, which type-graphql's own
    // call would skip) reported together with the text problems found in the same arguments.
    validateFn: validateArguments,
    pubSub: unusedPubSub,
  })
    .then(lexicographicSortSchema)
    .then(normaliseTextArguments)
    .then(limitReturnedNodes);
  return built;
}
