import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Search that knows technology names (issue 12, items 1 and 2). Everything lives in PostgreSQL,
 * so the document and the query can never disagree:
 *
 * - `catalog_search_text(text)` rewrites what PostgreSQL's English parser would mangle into words
 *   of their own: C++ → cplusplus, C#/F# → csharp/fsharp, .NET → dotnet, ASP.NET → aspnet dotnet,
 *   X.js → xjs x (so "node" finds "Node.js"), Objective-C → objectivec, a standalone Go or R →
 *   golang/rlang (so "going" is not Go), and `/` between words splits them (C/C++, CI/CD). It is
 *   applied to the listing's text and to every query alike.
 * - `catalog_search_document(title, description, technologies)` is the indexed document: title
 *   (weight A), description (B) and the names of the technologies the listing is tagged with (C),
 *   so a query naming a technology finds gigs tagged with it as well as those that mention it.
 *   `listings.search` stays a generated column over title, description and `technology_names`,
 *   which a trigger on `listing_technologies` keeps (a generated column cannot read another table).
 * - `search_aliases` is the alias table we keep (spelling → canonical name, and the technology it
 *   names): `catalog_search_query(text)` expands every spelling of a group into all of them
 *   (`ts_rewrite`), so "k8s" finds "Kubernetes" and "Kubernetes" finds "k8s". Aliases expand the
 *   query only: changing them needs no re-index.
 * - `search_terms`: words of published titles and how many published listings have each, kept by
 *   statement-level triggers (set-based, so bulk loads stay cheap), with pg_trgm and prefix
 *   indexes for suggestions and "did you mean".
 */
export class TechnologyAwareSearch1795700000000 implements MigrationInterface {
  name = 'TechnologyAwareSearch1795700000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);

    // Each replacement pads with spaces so the new word never merges with its neighbours; a
    // negated multi-word replacement is quoted so that websearch_to_tsquery negates all of it.
    await queryRunner.query(`
      CREATE FUNCTION catalog_search_text(t text) RETURNS text LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
        SELECT
          regexp_replace(regexp_replace(regexp_replace(regexp_replace(regexp_replace(
          regexp_replace(regexp_replace(regexp_replace(regexp_replace(regexp_replace(
            lower(t),
            '([[:alnum:]+#])/(?=[[:alnum:].])', '\\1 ', 'g'),
            '\\m([[:alnum:]])\\+\\+', ' \\1plusplus ', 'g'),
            '\\m([[:alpha:]])#', ' \\1sharp ', 'g'),
            '\\mobjective-c\\M', ' objectivec ', 'g'),
            '-\\masp\\.net\\M', '-"aspnet dotnet" ', 'g'),
            '\\masp\\.net\\M', ' aspnet dotnet ', 'g'),
            '(^|[^[:alnum:]_])\\.net\\M', '\\1 dotnet ', 'g'),
            '-\\m([[:alnum:]]+)\\.js\\M', '-"\\1js \\1" ', 'g'),
            '\\m([[:alnum:]]+)\\.js\\M', ' \\1js \\1 ', 'g'),
            '(^|[^[:alnum:]_.&''-]|(?<![[:alnum:]_.])-)(go|r)(?![[:alnum:]_&''-])', '\\1\\2lang', 'g')
      $$`);
    await queryRunner.query(`
      CREATE FUNCTION catalog_search_document(title text, description text, technologies text) RETURNS tsvector
        LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT setweight(to_tsvector('english', catalog_search_text(coalesce(title, ''))), 'A')
            || setweight(to_tsvector('english', catalog_search_text(coalesce(description, ''))), 'B')
            || setweight(to_tsvector('english', catalog_search_text(coalesce(technologies, ''))), 'C')
      $$`);
    await queryRunner.query(`
      CREATE FUNCTION catalog_listing_technology_names(listing uuid) RETURNS text LANGUAGE sql STABLE PARALLEL SAFE AS $$
        SELECT string_agg(t.name, ', ' ORDER BY t.name)
          FROM public.listing_technologies lt JOIN public.technologies t ON t.id = lt.technology_id
         WHERE lt.listing_id = listing
      $$`);

    await queryRunner.query(`ALTER TABLE "listings" ADD "technology_names" text NOT NULL DEFAULT ''`);
    await queryRunner.query(`UPDATE "listings" SET "technology_names" = coalesce(catalog_listing_technology_names(id), '')`);
    await queryRunner.query(`DROP INDEX "IDX_listings_search"`);
    await queryRunner.query(`ALTER TABLE "listings" DROP COLUMN "search"`);
    await queryRunner.query(`ALTER TABLE "listings" ADD "search" tsvector GENERATED ALWAYS AS (${SEARCH_DOCUMENT}) STORED NOT NULL`);
    await queryRunner.query(`CREATE INDEX "IDX_listings_search" ON "listings" USING GIN ("search")`);
    await queryRunner.query(
      `UPDATE "typeorm_metadata" SET "value" = $1 WHERE "type" = 'GENERATED_COLUMN' AND "name" = 'search' AND "table" = 'listings' AND "database" = current_database()`,
      [SEARCH_DOCUMENT],
    );
    await queryRunner.query(`
      CREATE FUNCTION catalog_index_listing_technologies() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'INSERT' THEN
          UPDATE listings l SET technology_names = coalesce(catalog_listing_technology_names(l.id), '') WHERE l.id IN (SELECT listing_id FROM new_rows);
        ELSE
          UPDATE listings l SET technology_names = coalesce(catalog_listing_technology_names(l.id), '') WHERE l.id IN (SELECT listing_id FROM old_rows);
        END IF;
        RETURN NULL;
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER listing_technologies_search_insert AFTER INSERT ON listing_technologies
      REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION catalog_index_listing_technologies()`);
    await queryRunner.query(`
      CREATE TRIGGER listing_technologies_search_delete AFTER DELETE ON listing_technologies
      REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION catalog_index_listing_technologies()`);

    await queryRunner.query(`
      CREATE TABLE "search_aliases" (
        "spelling" text PRIMARY KEY CHECK ("spelling" = lower("spelling") AND "spelling" <> ''),
        "canonical" text NOT NULL CHECK ("canonical" <> ''),
        "technology_id" integer REFERENCES "technologies" ("id") ON DELETE CASCADE
      )`);
    await queryRunner.query(
      `INSERT INTO "search_aliases" ("spelling", "canonical", "technology_id")
       SELECT a.spelling, t.name, t.id FROM (VALUES ${SEARCH_ALIASES.map((_, i) => `($${2 * i + 1}, $${2 * i + 2})`).join(', ')}) AS a(spelling, technology)
         JOIN "technologies" t ON t.name = a.technology`,
      SEARCH_ALIASES.flatMap(([spelling, technology]) => [spelling, technology]),
    );
    await queryRunner.query(`CREATE AGGREGATE catalog_tsquery_or(tsquery) (SFUNC = tsquery_or, STYPE = tsquery)`);
    // Every spelling of a group (its aliases and its canonical name), as the words a query holds
    // unquoted (AND) and quoted (phrase), is rewritten to any of the group's spellings as phrases;
    // longer spellings first, so "google cloud platform" is not taken for "google cloud" + "platform".
    await queryRunner.query(`
      CREATE VIEW "search_alias_rewrites" AS
      WITH spellings AS (
        SELECT canonical, spelling FROM public.search_aliases
        UNION SELECT canonical, lower(canonical) FROM public.search_aliases
      ), forms AS (
        SELECT canonical,
               phraseto_tsquery('english', catalog_search_text(spelling)) AS phrase,
               plainto_tsquery('english', catalog_search_text(spelling)) AS words
          FROM spellings
      ), groups AS (
        SELECT canonical, catalog_tsquery_or(phrase) AS substitute FROM forms WHERE numnode(phrase) > 0 GROUP BY canonical
      )
      SELECT f.words AS target, g.substitute FROM forms f JOIN groups g USING (canonical) WHERE numnode(f.words) > 0
      UNION
      SELECT f.phrase, g.substitute FROM forms f JOIN groups g USING (canonical) WHERE numnode(f.phrase) > 1`);
    await queryRunner.query(`
      CREATE FUNCTION catalog_search_query(q text) RETURNS tsquery LANGUAGE sql STABLE STRICT PARALLEL SAFE AS $$
        SELECT ts_rewrite(websearch_to_tsquery('english', catalog_search_text(q)),
                          'SELECT target, substitute FROM public.search_alias_rewrites ORDER BY numnode(target) DESC, target')
      $$`);

    await queryRunner.query(`CREATE TABLE "search_terms" ("term" text PRIMARY KEY, "listings" integer NOT NULL)`);
    await queryRunner.query(`CREATE INDEX "IDX_search_terms_prefix" ON "search_terms" ("term" text_pattern_ops)`);
    await queryRunner.query(`CREATE INDEX "IDX_search_terms_trigram" ON "search_terms" USING GIN ("term" gin_trgm_ops)`);
    await queryRunner.query(`
      CREATE FUNCTION catalog_title_words(title text) RETURNS SETOF text LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
        SELECT DISTINCT m[1] FROM regexp_matches(lower(title), '[[:alpha:]][[:alnum:]]*(?:[.-][[:alnum:]]+)*[+#]*', 'g') AS m
         WHERE length(m[1]) BETWEEN 2 AND 40
      $$`);
    // Adds each word's change in published listings; rows touched in word order, so concurrent
    // publishes lock shared words in one order (no deadlock); stop words are not terms.
    await queryRunner.query(`
      CREATE FUNCTION catalog_count_search_terms(changes jsonb) RETURNS void LANGUAGE plpgsql AS $$
      DECLARE
        emptied text[];
      BEGIN
        WITH deltas AS (
          SELECT w AS term, sum((c->>'delta')::int) AS delta
            FROM jsonb_array_elements(changes) c, catalog_title_words(c->>'title') w
           GROUP BY w
        ), upserted AS (
          INSERT INTO search_terms AS st (term, listings)
          SELECT term, delta FROM deltas WHERE delta <> 0 AND ts_lexize('english_stem', term) <> '{}' ORDER BY term
          ON CONFLICT (term) DO UPDATE SET listings = st.listings + excluded.listings
          RETURNING st.term, st.listings
        )
        SELECT array_agg(term) INTO emptied FROM upserted WHERE listings <= 0;
        IF emptied IS NOT NULL THEN
          DELETE FROM search_terms WHERE term = ANY(emptied) AND listings <= 0;
        END IF;
      END $$`);
    await queryRunner.query(`
      CREATE FUNCTION catalog_listings_search_terms() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'INSERT' THEN
          PERFORM catalog_count_search_terms((SELECT jsonb_agg(jsonb_build_object('title', title, 'delta', 1)) FROM new_rows WHERE status = 'PUBLISHED'));
        ELSIF TG_OP = 'DELETE' THEN
          PERFORM catalog_count_search_terms((SELECT jsonb_agg(jsonb_build_object('title', title, 'delta', -1)) FROM old_rows WHERE status = 'PUBLISHED'));
        ELSE
          PERFORM catalog_count_search_terms((
            SELECT jsonb_agg(change) FROM (
              SELECT jsonb_build_object('title', o.title, 'delta', -1) AS change
                FROM old_rows o JOIN new_rows n USING (id)
               WHERE o.status = 'PUBLISHED' AND (n.status <> 'PUBLISHED' OR n.title <> o.title)
              UNION ALL
              SELECT jsonb_build_object('title', n.title, 'delta', 1)
                FROM old_rows o JOIN new_rows n USING (id)
               WHERE n.status = 'PUBLISHED' AND (o.status <> 'PUBLISHED' OR n.title <> o.title)
            ) changed));
        END IF;
        RETURN NULL;
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER listings_search_terms_insert AFTER INSERT ON listings
      REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION catalog_listings_search_terms()`);
    await queryRunner.query(`
      CREATE TRIGGER listings_search_terms_update AFTER UPDATE ON listings
      REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION catalog_listings_search_terms()`);
    await queryRunner.query(`
      CREATE TRIGGER listings_search_terms_delete AFTER DELETE ON listings
      REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION catalog_listings_search_terms()`);
    await queryRunner.query(
      `SELECT catalog_count_search_terms((SELECT jsonb_agg(jsonb_build_object('title', title, 'delta', 1)) FROM listings WHERE status = 'PUBLISHED'))`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    const expression =
      "setweight(to_tsvector('english', coalesce(title, '')), 'A') || setweight(to_tsvector('english', coalesce(description, '')), 'B')";
    for (const trigger of ['listings_search_terms_delete', 'listings_search_terms_update', 'listings_search_terms_insert']) {
      await queryRunner.query(`DROP TRIGGER "${trigger}" ON "listings"`);
    }
    await queryRunner.query(`DROP TRIGGER "listing_technologies_search_delete" ON "listing_technologies"`);
    await queryRunner.query(`DROP TRIGGER "listing_technologies_search_insert" ON "listing_technologies"`);
    await queryRunner.query(`DROP FUNCTION catalog_listings_search_terms()`);
    await queryRunner.query(`DROP FUNCTION catalog_count_search_terms(jsonb)`);
    await queryRunner.query(`DROP FUNCTION catalog_title_words(text)`);
    await queryRunner.query(`DROP TABLE "search_terms"`);
    await queryRunner.query(`DROP FUNCTION catalog_search_query(text)`);
    await queryRunner.query(`DROP VIEW "search_alias_rewrites"`);
    await queryRunner.query(`DROP AGGREGATE catalog_tsquery_or(tsquery)`);
    await queryRunner.query(`DROP TABLE "search_aliases"`);
    await queryRunner.query(`DROP FUNCTION catalog_index_listing_technologies()`);
    await queryRunner.query(`DROP INDEX "IDX_listings_search"`);
    await queryRunner.query(`ALTER TABLE "listings" DROP COLUMN "search"`);
    await queryRunner.query(`ALTER TABLE "listings" ADD "search" tsvector GENERATED ALWAYS AS (${expression}) STORED NOT NULL`);
    await queryRunner.query(`CREATE INDEX "IDX_listings_search" ON "listings" USING GIN ("search")`);
    await queryRunner.query(
      `UPDATE "typeorm_metadata" SET "value" = $1 WHERE "type" = 'GENERATED_COLUMN' AND "name" = 'search' AND "table" = 'listings' AND "database" = current_database()`,
      [expression],
    );
    await queryRunner.query(`ALTER TABLE "listings" DROP COLUMN "technology_names"`);
    await queryRunner.query(`DROP FUNCTION catalog_listing_technology_names(uuid)`);
    await queryRunner.query(`DROP FUNCTION catalog_search_document(text, text, text)`);
    await queryRunner.query(`DROP FUNCTION catalog_search_text(text)`);
  }
}

/** The listing's search document (`listings.search`, generated; the entity says the same). */
export const SEARCH_DOCUMENT = 'catalog_search_document(title, description, technology_names)';

/**
 * The alias list: spellings people use for a technology of the taxonomy (by its name). Spellings
 * the text rule already unifies (csharp = C#, dotnet = .NET, golang = Go) are listed where they
 * are aliases people type, so suggestions find the technology from them too.
 */
export const SEARCH_ALIASES: ReadonlyArray<[spelling: string, technology: string]> = [
  ['golang', 'Go'],
  ['k8s', 'Kubernetes'],
  ['kube', 'Kubernetes'],
  ['postgres', 'PostgreSQL'],
  ['psql', 'PostgreSQL'],
  ['js', 'JavaScript'],
  ['ecmascript', 'JavaScript'],
  ['ts', 'TypeScript'],
  ['aws', 'Amazon Web Services'],
  ['gcp', 'Google Cloud Platform'],
  ['google cloud', 'Google Cloud Platform'],
  ['azure', 'Microsoft Azure'],
  ['mssql', 'Microsoft SQL Server'],
  ['sql server', 'Microsoft SQL Server'],
  ['mongo', 'MongoDB'],
  ['dynamodb', 'Amazon DynamoDB'],
  ['db2', 'IBM Db2'],
  ['cassandra', 'Apache Cassandra'],
  ['oracle', 'Oracle Database'],
  ['cpp', 'C++'],
  ['csharp', 'C#'],
  ['objc', 'Objective-C'],
  ['obj-c', 'Objective-C'],
  ['vb', 'Visual Basic'],
  ['vb.net', 'Visual Basic'],
  ['rustlang', 'Rust'],
  ['rlang', 'R'],
  ['gitlab ci', 'GitLab CI/CD'],
  ['gh actions', 'GitHub Actions'],
];
