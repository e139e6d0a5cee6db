import { randomUUID } from 'node:crypto';
import type { Client } from 'pg';
import { benchListing } from './corpus';

/**
 * The benchmark's own databases, one per catalogue size (`techgigs_bench_1000000`): it creates,
 * seeds and measures them and touches nothing else. A database is reused when its comment says it
 * holds a complete seed of this version and size (the comment is written last, so an interrupted
 * seed is started over); a change to the generated text bumps SEED_VERSION.
 */
export const BENCH_DATABASE_PREFIX = 'techgigs_bench_';
export const SEED_VERSION = 2;

export function benchDatabase(listings: number): string {
  if (!Number.isSafeInteger(listings) || listings < 1) throw new Error(`--listings must be a positive integer, not ${listings}`);
  return `${BENCH_DATABASE_PREFIX}${listings}`;
}

/** What a completely seeded bench database says about itself. */
export function seedMark(listings: number): string {
  return `techgigs bench seed v${SEED_VERSION}: ${listings} published listings`;
}

/** Whether `database` exists and holds a complete seed of this version and size. */
export async function seededAlready(admin: Client, database: string, listings: number): Promise<{ exists: boolean; seeded: boolean }> {
  const { rows } = await admin.query<{ mark: string | null }>(
    `SELECT shobj_description(oid, 'pg_database') AS mark FROM pg_database WHERE datname = $1`,
    [database],
  );
  return { exists: rows.length === 1, seeded: rows[0]?.mark === seedMark(listings) };
}

const EMPLOYERS = 2_000;
/** Listings per INSERT: a few hundred round trips for a million, each a few megabytes of parameters. */
const BATCH = 5_000;

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

  const { rows: indexes } = await client.query<{ name: string; definition: string }>(
    `SELECT i.relname AS name, pg_get_indexdef(i.oid) AS definition
       FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
      WHERE x.indrelid IN ('listings'::regclass, 'listing_technologies'::regclass) AND NOT x.indisprimary
        AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.oid)`,
  );
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
    };
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
      for (const technologyId of listing.technologyIds) {
        links.listing.push(id);
        links.technology.push(technologyId);
      }
    }
    await pending;
    pending = (async () => {
      await client.query(
        `INSERT INTO listings (id, employer_id, posted_by_user_id, title, description, status, project_type_id, created_at, updated_at, published_at, technology_names)
         SELECT id, employer_id, user_id, title, description, 'PUBLISHED', project_type_id, published_at - interval '1 hour', published_at, published_at, technology_names
           FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::text[], $6::int[], $7::timestamptz[], $8::text[])
                AS t(id, employer_id, user_id, title, description, project_type_id, published_at, technology_names)`,
        [columns.id, columns.employer, columns.user, columns.title, columns.description, columns.type, columns.published, columns.technologyNames],
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

/** How many published listings a bench database holds. */
export async function publishedListings(client: Client): Promise<number> {
  const { rows } = await client.query<{ count: number }>(`SELECT count(*)::int AS count FROM listings WHERE status = 'PUBLISHED'`);
  return rows[0].count;
}
