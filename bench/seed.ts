import { randomUUID } from 'node:crypto';
import type { Client } from 'pg';
import { BENCH_TERMS_COLUMNS, benchListing, benchTerms, benchTermsValues } from './corpus';

/**
 * The benchmark's own databases, one per catalogue size (`techgigs_bench_1000000`): it creates,
 * seeds and measures them and touches nothing else. A database is reused when its comment says it
 * holds a complete seed of this version and size (the comment is written last, so an interrupted
 * seed is started over); a change to the generated text bumps SEED_VERSION.
 */
export const BENCH_DATABASE_PREFIX = 'techgigs_bench_';
/** 3: listings have terms (budget, duration, location) and an end of their period (`benchTerms`). */
export const SEED_VERSION = 3;

export function benchDatabase(listings: number): string {
  if (!Number.isSafeInteger(listings) || listings < 1) throw new Error(`--listings must be a positive integer, not ${listings}`);
  return `${BENCH_DATABASE_PREFIX}${listings}`;
}

/** What a completely seeded bench database says about itself. */
export function seedMark(listings: number, version = SEED_VERSION): string {
  return `techgigs bench seed v${version}: ${listings} published listings`;
}

/** Whether `database` exists and holds a complete seed of this version and size. */
export async function seededAlready(admin: Client, database: string, listings: number): Promise<{ exists: boolean; seeded: boolean; mark: string | null }> {
  const { rows } = await admin.query<{ mark: string | null }>(
    `SELECT shobj_description(oid, 'pg_database') AS mark FROM pg_database WHERE datname = $1`,
    [database],
  );
  return { exists: rows.length === 1, seeded: rows[0]?.mark === seedMark(listings), mark: rows[0]?.mark ?? null };
}

const EMPLOYERS = 2_000;
/** The terms columns `benchTerms` fills, comma-separated. */
const TERMS_NAMES = BENCH_TERMS_COLUMNS.map(([name]) => name).join(', ');
/** `$from::type[], …`: one array parameter per terms column, numbered from `from`. */
const termsArrays = (from: number) => BENCH_TERMS_COLUMNS.map(([, type], index) => `$${from + index}::${type}[]`).join(', ');
/** Listings per INSERT: a few hundred round trips for a million, each a few megabytes of parameters. */
const BATCH = 5_000;
/** Listings per UPDATE of the terms backfill. */
const BACKFILL_BATCH = 20_000;

/**
 * Fills a freshly migrated bench database with `listings` published listings (bench/corpus.ts
 * makes the text), in batches of BATCH through `unnest` of array parameters. The secondary
 * indexes of listings and their technologies are dropped for the load and built again after it
 * (from their own definitions), and foreign keys are not checked row by row (the seed makes them
 * hold by construction): building an index once is many times cheaper than keeping it up to date
 * a row at a time. Listing 1 is the newest; one a minute going back in time.
 */
export async function seed(client: Client, listings: number, log: (message: string) => void): Promise<void> {
  await client.query(
    `INSERT INTO users (email, password_hash)
     SELECT 'owner' || g || '@bench.test', 'not-a-password-hash' FROM generate_series(1, $1) g`,
    [EMPLOYERS],
  );
  await client.query(`INSERT INTO profiles (user_id, display_name) SELECT id, 'Owner ' || split_part(email, '@', 1) FROM users`);
  await client.query(
    `INSERT INTO employers (name, about_us)
     SELECT 'Bench Employer ' || g, 'A made-up company for the benchmark.' FROM generate_series(1, $1) g`,
    [EMPLOYERS],
  );
  await client.query(
    `INSERT INTO employer_members (employer_id, user_id, role)
     SELECT e.id, u.id, 'OWNER'
       FROM (SELECT id, row_number() OVER (ORDER BY name) AS n FROM employers) e
       JOIN (SELECT id, row_number() OVER (ORDER BY email) AS n FROM users) u USING (n)`,
  );
  const { rows: owners } = await client.query<{ employer_id: string; user_id: string }>(
    `SELECT employer_id, user_id FROM employer_members ORDER BY employer_id`,
  );
  const { rows: technologies } = await client.query<{ id: number; name: string }>(`SELECT id, name FROM technologies`);
  const technologyName = new Map(technologies.map(({ id, name }) => [id, name]));

  const indexes = await secondaryIndexes(client, ['listings', 'listing_technologies']);
  for (const index of indexes) await client.query(`DROP INDEX "${index.name}"`);
  await client.query(`SET session_replication_role = replica`);

  const started = Date.now();
  const now = Date.now();
  let pending: Promise<unknown> = Promise.resolve();
  for (let from = 1; from <= listings; from += BATCH) {
    const to = Math.min(listings, from + BATCH - 1);
    // Generated while PostgreSQL stores the previous batch.
    const columns = {
      id: [] as string[],
      employer: [] as string[],
      user: [] as string[],
      title: [] as string[],
      description: [] as string[],
      type: [] as number[],
      published: [] as string[],
      technologyNames: [] as string[],
      expires: [] as string[],
    };
    const terms: unknown[][] = BENCH_TERMS_COLUMNS.map(() => []);
    const links = { listing: [] as string[], technology: [] as number[] };
    for (let n = from; n <= to; n += 1) {
      const listing = benchListing(n);
      const owner = owners[(Math.imul(n, 7919) >>> 0) % owners.length];
      const id = randomUUID();
      columns.id.push(id);
      columns.employer.push(owner.employer_id);
      columns.user.push(owner.user_id);
      columns.title.push(listing.title);
      columns.description.push(listing.description);
      columns.type.push(listing.projectTypeId);
      columns.published.push(new Date(now - n * 60_000).toISOString());
      // What the trigger on listing_technologies would write (triggers are off while loading).
      columns.technologyNames.push(listing.technologyIds.map((technologyId) => technologyName.get(technologyId) ?? '').sort().join(', '));
      const listingTerms = benchTerms(n);
      benchTermsValues(listingTerms).forEach((value, column) => terms[column].push(value));
      columns.expires.push(new Date(now + listingTerms.expiresInDays * 86_400_000).toISOString());
      for (const technologyId of listing.technologyIds) {
        links.listing.push(id);
        links.technology.push(technologyId);
      }
    }
    await pending;
    pending = (async () => {
      await client.query(
        `INSERT INTO listings (id, employer_id, posted_by_user_id, title, description, status, project_type_id, created_at, updated_at, published_at, technology_names,
                               expires_at, ${TERMS_NAMES})
         SELECT id, employer_id, user_id, title, description, 'PUBLISHED', project_type_id, published_at - interval '1 hour', published_at, published_at, technology_names,
                expires_at, ${TERMS_NAMES}
           FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::text[], $6::int[], $7::timestamptz[], $8::text[], $9::timestamptz[], ${termsArrays(10)})
                AS t(id, employer_id, user_id, title, description, project_type_id, published_at, technology_names, expires_at, ${TERMS_NAMES})`,
        [columns.id, columns.employer, columns.user, columns.title, columns.description, columns.type, columns.published, columns.technologyNames, columns.expires, ...terms],
      );
      await client.query(
        `INSERT INTO listing_technologies (listing_id, technology_id) SELECT * FROM unnest($1::uuid[], $2::int[])`,
        [links.listing, links.technology],
      );
    })();
    if (to % 100_000 < BATCH || to === listings) log(`  ${to.toLocaleString('en')} listings stored (${Math.round((Date.now() - started) / 1000)} s)`);
  }
  await pending;
  await client.query(`RESET session_replication_role`);
  // What the skipped triggers keep: the words of published titles and the totals per technology and project type
  // (suggestions), and the catalogue's sample (estimates).
  log('  counting title words, technologies and project types, and filling the catalogue sample');
  await client.query(
    `SELECT catalog_count_search_terms((SELECT jsonb_agg(jsonb_build_object('title', title, 'delta', 1)) FROM listings WHERE status = 'PUBLISHED'))`,
  );
  await client.query('SELECT catalog_sample_rebuild()');
  await client.query('SELECT catalog_facet_totals_rebuild()');

  log(`  building ${indexes.length} indexes: ${indexes.map((index) => index.name).join(', ')}`);
  await client.query(`SET maintenance_work_mem = '512MB'`);
  for (const index of indexes) await client.query(index.definition);
  await client.query(`RESET maintenance_work_mem`);
  await client.query('VACUUM ANALYZE users, employers, employer_members, listings, listing_technologies, search_terms, catalog_sample, catalog_facet_totals');
}

/**
 * Gives the listings of a bench database seeded before terms existed (seed version 2) the terms a
 * new seed gives them (`benchTerms`, listing `n` being the n-th newest, as the seed numbered them),
 * so a million-listing database need not be seeded again: `npm run bench -- --listings N
 * --backfill-terms`. Like the seed, it drops the secondary indexes of `listings` for the update
 * (every row changes, and an indexed column changes: no update is HOT, so each would touch every
 * index), updates in batches of BACKFILL_BATCH without triggers, rewrites the table (VACUUM FULL:
 * the updated rows, in the seed's order, without the old versions), builds the indexes again,
 * rebuilds the catalogue sample (it copies the terms) and analyzes. The listings' `expires_at` is
 * left as it is where set (migration ListingExpiry set it), else set from `benchTerms`.
 */
export async function backfillTerms(client: Client, log: (message: string) => void): Promise<void> {
  const started = Date.now();
  const indexes = await secondaryIndexes(client, ['listings']);
  for (const index of indexes) await client.query(`DROP INDEX "${index.name}"`);
  await client.query(`SET session_replication_role = replica`);
  const now = Date.now();
  // The seed's numbers: listing n is the n-th newest.
  await client.query(
    `CREATE TEMP TABLE bench_numbered AS SELECT id, row_number() OVER (ORDER BY published_at DESC, id DESC)::int AS n FROM listings`,
  );
  await client.query(`CREATE INDEX ON bench_numbered (n)`);
  const { rows: [{ total }] } = await client.query<{ total: number }>(`SELECT count(*)::int AS total FROM bench_numbered`);
  for (let from = 1; from <= total; from += BACKFILL_BATCH) {
    const to = Math.min(total, from + BACKFILL_BATCH - 1);
    const terms: unknown[][] = BENCH_TERMS_COLUMNS.map(() => []);
    const numbers: number[] = [];
    const expires: string[] = [];
    for (let n = from; n <= to; n += 1) {
      const listingTerms = benchTerms(n);
      numbers.push(n);
      benchTermsValues(listingTerms).forEach((value, column) => terms[column].push(value));
      expires.push(new Date(now + listingTerms.expiresInDays * 86_400_000).toISOString());
    }
    await client.query(
      `UPDATE listings l SET ${BENCH_TERMS_COLUMNS.map(([name]) => `${name} = t.${name}`).join(', ')}, expires_at = coalesce(l.expires_at, t.expires_at)
         FROM bench_numbered b JOIN unnest($1::int[], $2::timestamptz[], ${termsArrays(3)}) AS t(n, expires_at, ${TERMS_NAMES}) ON t.n = b.n
        WHERE l.id = b.id`,
      [numbers, expires, ...terms],
    );
    if (to % 100_000 < BACKFILL_BATCH || to === total) log(`  ${to.toLocaleString('en')} listings given terms (${Math.round((Date.now() - started) / 1000)} s)`);
  }
  await client.query(`RESET session_replication_role`);
  await client.query(`DROP TABLE bench_numbered`);
  log('  rewriting listings (VACUUM FULL)');
  await client.query('VACUUM FULL listings');
  log(`  building ${indexes.length} indexes: ${indexes.map((index) => index.name).join(', ')}`);
  await client.query(`SET maintenance_work_mem = '512MB'`);
  for (const index of indexes) await client.query(index.definition);
  await client.query(`RESET maintenance_work_mem`);
  await client.query('SELECT catalog_sample_rebuild()');
  await client.query('VACUUM ANALYZE listings, catalog_sample');
  log(`  terms backfilled in ${Math.round((Date.now() - started) / 1000)} s`);
}

/** The secondary indexes of `tables` (not primary keys, not backing a constraint), with their definitions. */
async function secondaryIndexes(client: Client, tables: string[]): Promise<Array<{ name: string; definition: string }>> {
  const { rows } = await client.query<{ name: string; definition: string }>(
    `SELECT i.relname AS name, pg_get_indexdef(i.oid) AS definition
       FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
      WHERE x.indrelid = ANY($1::regclass[]) AND NOT x.indisprimary
        AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.oid)`,
    [tables],
  );
  return rows;
}

/** How many published listings a bench database holds. */
export async function publishedListings(client: Client): Promise<number> {
  const { rows } = await client.query<{ count: number }>(`SELECT count(*)::int AS count FROM listings WHERE status = 'PUBLISHED'`);
  return rows[0].count;
}
