import 'reflect-metadata';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { printSchema } from 'graphql';
import { getSchema } from '../src/graphql/schema';

const SCHEMA_FILE = path.resolve(__dirname, '..', '..', 'schema.graphql');
const HEADER = '# Printed from the TypeGraphQL schema by `npm run schema:print`; do not edit by hand.\n\n';

/** Prints `schema.graphql` from the code; with `--check`, fails when the committed file is stale. */
async function main(): Promise<void> {
  const printed = HEADER + printSchema(await getSchema()) + '\n';
  if (process.argv.includes('--check')) {
    const committed = await readFile(SCHEMA_FILE, 'utf8').catch(() => null);
    if (committed !== printed) {
      console.error(
        `${path.relative(process.cwd(), SCHEMA_FILE)} is ${committed === null ? 'missing' : 'stale'}: run \`npm run schema:print\` and commit it.`,
      );
      process.exit(1);
    }
    console.log('schema.graphql is up to date.');
    return;
  }
  await writeFile(SCHEMA_FILE, printed);
  console.log(`Wrote ${path.relative(process.cwd(), SCHEMA_FILE)}.`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
