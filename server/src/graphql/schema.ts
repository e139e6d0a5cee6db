import 'reflect-metadata';
import { lexicographicSortSchema, type GraphQLSchema } from 'graphql';
import { buildSchema } from 'type-graphql';
import { resolvers } from './resolvers';

let built: Promise<GraphQLSchema> | undefined;

/** The schema is the same for every app in a process: built once. */
export function getSchema(): Promise<GraphQLSchema> {
  built ??= buildSchema({
    resolvers,
    validate: { forbidUnknownValues: false, stopAtFirstError: false },
  }).then(lexicographicSortSchema);
  return built;
}
