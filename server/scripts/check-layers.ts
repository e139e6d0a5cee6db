import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

const ROOT = path.resolve(__dirname, '../..');
const MODULES = path.join(ROOT, 'server/src/modules');
const GRAPHQL = path.join(ROOT, 'server/src/graphql');

/** The files that hold a module's rules: services, policies, events, the contract journal. */
const DOMAIN_FILE = /(\.service|\.policy|\.events)\.ts$|^contract-journal\.ts$/;

function domainFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) return domainFiles(file);
    return DOMAIN_FILE.test(entry.name) ? [file] : [];
  });
}

/** A module's own GraphQL side: its input classes, object types, resolvers and subscriptions. */
const GRAPHQL_FILE = /\.(inputs|type|resolver|subscriptions)$/;

/**
 * The lookup-table exception STYLE.md allows: the taxonomy has no private columns, and its
 * service keeps the GraphQL types (global and local ids) in memory for every resolver to present.
 */
const ALLOWED = new Set(['server/src/modules/taxonomy/taxonomy.service.ts imports server/src/modules/taxonomy/taxonomy.type']);

/** What of the GraphQL layer importing `specifier` from `file` reaches, or null when nothing. */
function graphqlImport(file: string, specifier: string): string | null {
  if (specifier === 'type-graphql' || specifier.startsWith('type-graphql/')) return 'type-graphql';
  if (!specifier.startsWith('.')) return null;
  const target = path.resolve(path.dirname(file), specifier);
  const inGraphql = target === GRAPHQL || target.startsWith(GRAPHQL + path.sep);
  return inGraphql || GRAPHQL_FILE.test(target) ? path.relative(ROOT, target) : null;
}

/**
 * Fails when a module's service, policy, events or contract journal imports the GraphQL layer
 * (`server/src/graphql/`, type-graphql, or a module's inputs, types, resolvers, subscriptions):
 * they speak entities and plain values, and the resolver side maps them to GraphQL (STYLE.md,
 * DESIGN §6). Type-only imports count too.
 */
function main(): void {
  const violations: string[] = [];
  const files = domainFiles(MODULES);
  for (const file of files) {
    const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
    for (const { fileName } of importedFiles) {
      const reached = graphqlImport(file, fileName);
      const violation = reached && `${path.relative(ROOT, file)} imports ${reached}`;
      if (violation && !ALLOWED.has(violation)) violations.push(`  ${violation}`);
    }
  }
  if (violations.length === 0) {
    console.log(`None of the ${files.length} services, policies, events and journals imports the GraphQL layer.`);
    return;
  }
  console.error(`${violations.length} import${violations.length === 1 ? '' : 's'} of the GraphQL layer below it:`);
  for (const violation of violations) console.error(violation);
  process.exitCode = 1;
}

main();
