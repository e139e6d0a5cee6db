import { readFileSync } from 'node:fs';
import path from 'node:path';
import { print, type DocumentNode } from 'graphql';

/**
 * Every `…Document` that codegen writes into the web app's `client/src/gql/graphql.ts`: each is a
 * JSON literal of a DocumentNode (the client is an ES module package, so it is read, not imported).
 */
export function webAppDocuments(): Array<[string, DocumentNode]> {
  const source = readFileSync(path.join(__dirname, '../../client/src/gql/graphql.ts'), 'utf8');
  return [...source.matchAll(/^export const (\w+Document) = (\{.*\}) as unknown as DocumentNode</gm)].map(([, name, json]) => [name, JSON.parse(json) as DocumentNode]);
}

/** The text of one of the web app's operations, as the page sends it (e.g. `ContractPageDocument`). */
export function webAppOperation(name: string): string {
  const found = webAppDocuments().find(([documentName]) => documentName === name);
  if (!found) throw new Error(`no ${name} in client/src/gql/graphql.ts`);
  return print(found[1]);
}
