import type { Client } from 'pg';

/** The benchmark's own database: it seeds it, measures in it, and touches nothing else. */
export const BENCH_DATABASE = 'techgigs_bench';

/** A word in roughly 1 listing in 10,000: a search with very few matches. */
export const RARE_WORD = 'quokka';
/** A word in 7 listings in 10: a search that matches most of the catalogue. */
export const COMMON_WORD = 'remote';

const EMPLOYERS = 2_000;
const VOCABULARY = `api backend frontend dashboard migration refactor performance audit integration payments checkout
  search analytics reporting pipeline deployment kubernetes container monitoring alerting logging tracing cache queue
  worker scheduler cron webhook oauth login signup onboarding billing invoice subscription pricing catalogue inventory
  warehouse shipping tracking map geolocation chat messaging notification email newsletter landing page blog cms
  editor upload image video streaming audio podcast player accessibility localisation translation responsive mobile
  tablet desktop offline sync database schema index query optimisation replication backup restore security review
  penetration testing unit integration end-to-end regression automation scraper crawler bot assistant recommendation
  ranking feed timeline profile settings admin panel permissions roles audit trail export import csv spreadsheet pdf
  printing label barcode scanner bluetooth firmware sensor embedded microcontroller prototype enclosure circuit
  schematic layout branding logo typography palette illustration icon wireframe mockup prototype usability interview
  research persona journey workshop roadmap backlog sprint estimate milestone deadline budget contract handover
  documentation tutorial training support maintenance upgrade legacy rewrite modernise framework library plugin
  extension theme template component design system storybook animation transition gesture keyboard shortcut`
  .split(/\s+/)
  .filter(Boolean);

const VERBS = ['Build', 'Fix', 'Design', 'Migrate', 'Speed up', 'Refactor', 'Extend', 'Audit', 'Prototype', 'Maintain'];
const NOUNS = ['dashboard', 'API', 'mobile app', 'checkout', 'data pipeline', 'landing page', 'admin panel', 'search', 'integration', 'design system'];

const sqlArray = (words: readonly string[]) => `ARRAY[${words.map((w) => `'${w.replace(/'/g, "''")}'`).join(', ')}]::text[]`;

/** How many published listings the bench database holds (0 before its first migration). */
export async function publishedListings(client: Client): Promise<number> {
  const { rows } = await client.query<{ count: number }>(
    `SELECT CASE WHEN to_regclass('public.listings') IS NULL THEN 0
                 ELSE (SELECT count(*) FROM listings WHERE status = 'PUBLISHED') END::int AS count`,
  );
  return rows[0].count;
}

/**
 * Fills a freshly migrated bench database with `listings` published listings, set-based: a few
 * INSERT … SELECT over generate_series, deterministic (hashes, not random()), so every run
 * measures the same catalogue. Employers and their owners come first; each listing gets 1–4
 * technologies, a project type, a title and a ~40-word description.
 */
export async function seed(client: Client, listings: number): Promise<void> {
  await client.query('BEGIN');
  try {
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

    await client.query(
      `CREATE TEMP TABLE bench_owners ON COMMIT DROP AS
       SELECT row_number() OVER (ORDER BY employer_id) AS n, employer_id, user_id FROM employer_members`,
    );
    await client.query(`CREATE TEMP TABLE bench_seed (g int PRIMARY KEY, id uuid NOT NULL) ON COMMIT DROP`);
    await client.query(`INSERT INTO bench_seed SELECT g, gen_random_uuid() FROM generate_series(1, $1) g`, [listings]);

    // g = 1 is the newest listing; one a minute going back in time.
    await client.query(
      `WITH words AS (SELECT ${sqlArray(VOCABULARY)} AS w, ${sqlArray(VERBS)} AS verbs, ${sqlArray(NOUNS)} AS nouns),
            types AS (SELECT array_agg(id ORDER BY id) AS ids FROM project_types)
       INSERT INTO listings (id, employer_id, posted_by_user_id, title, description, status, project_type_id,
                             created_at, updated_at, published_at)
       SELECT s.id, o.employer_id, o.user_id,
              verbs[1 + s.g % cardinality(verbs)] || ' a ' || w[1 + abs(hashint4(s.g)::bigint) % cardinality(w)] || ' '
                || nouns[1 + (s.g / 7) % cardinality(nouns)],
              (SELECT string_agg(w[1 + abs(hashint8(s.g::bigint * 64 + k)::bigint) % cardinality(w)], ' ')
                 FROM generate_series(1, 40) k)
                || CASE WHEN s.g % 10 < 7 THEN ' ${COMMON_WORD} work is fine.' ELSE ' On site.' END
                || CASE WHEN s.g % 10000 = 5000 THEN ' Our mascot is a ${RARE_WORD}.' ELSE '' END,
              'PUBLISHED',
              types.ids[1 + abs(hashint4(s.g + 17)::bigint) % cardinality(types.ids)],
              now() - s.g * interval '1 minute' - interval '1 hour',
              now() - s.g * interval '1 minute',
              now() - s.g * interval '1 minute'
         FROM bench_seed s
         CROSS JOIN words CROSS JOIN types
         JOIN bench_owners o ON o.n = 1 + abs(hashint4(s.g + 3)::bigint) % $1`,
      [EMPLOYERS],
    );
    await client.query(
      `INSERT INTO listing_technologies (listing_id, technology_id)
       SELECT DISTINCT s.id, t.ids[1 + abs(hashint8(s.g::bigint * 8 + k)::bigint) % cardinality(t.ids)]
         FROM bench_seed s
        CROSS JOIN (SELECT array_agg(id ORDER BY id) AS ids FROM technologies) t
        CROSS JOIN LATERAL generate_series(1, 1 + s.g % 4) k`,
    );
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  }
  await client.query('VACUUM ANALYZE users, employers, employer_members, listings, listing_technologies');
}
