import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The first 16 bits of a listing id below this put it in the catalogue's sample: 655 of 65,536
 * (1.0%). Ids are random (gen_random_uuid), so the sample is a uniform one, fixed per listing.
 */
const SAMPLE_BOUND = "'028f0000-0000-0000-0000-000000000000'::uuid";

/**
 * The catalogue's fixed 1% sample (issue 12, item 4): counts above the exact-count limit are
 * estimated from it, never by counting a million rows. `catalog_sample` holds a copy of what the
 * catalogue filters by (search document, technology ids, project type, employer) for every
 * published listing whose id falls in the sample, in a small dense table (about 10,000 rows and a
 * few megabytes at a million listings) with its own GIN index, so estimating reads a few hundred
 * pages that stay in memory rather than one page per sampled listing scattered over the whole
 * listings table.
 *
 * Row triggers on `listings` keep it, only for listings in the sample (the WHEN clause costs the
 * other 99% nothing): publishing, closing, editing and deleting. A listing's technologies change
 * its row too (migration TechnologyAwareSearch's trigger rewrites `technology_names`), which
 * refreshes the copy's technology ids. `catalog_sample_rebuild()` fills it from scratch (bulk
 * loads that skip triggers, such as the benchmark's seed).
 */
export class CatalogSample1795750000000 implements MigrationInterface {
  name = 'CatalogSample1795750000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "catalog_sample" (
        "listing_id" uuid PRIMARY KEY REFERENCES "listings" ("id") ON DELETE CASCADE,
        "search" tsvector NOT NULL,
        "technology_ids" integer[] NOT NULL,
        "project_type_id" integer,
        "employer_id" uuid NOT NULL
      )`);
    await queryRunner.query(`CREATE INDEX "IDX_catalog_sample_search" ON "catalog_sample" USING GIN ("search")`);
    await queryRunner.query(`
      CREATE FUNCTION catalog_in_sample(listing uuid) RETURNS boolean LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
        SELECT listing < ${SAMPLE_BOUND}
      $$`);
    await queryRunner.query(`
      CREATE FUNCTION catalog_sample_listing() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP <> 'INSERT' THEN
          DELETE FROM public.catalog_sample WHERE listing_id = OLD.id;
        END IF;
        IF TG_OP <> 'DELETE' AND NEW.status = 'PUBLISHED' THEN
          INSERT INTO public.catalog_sample (listing_id, search, technology_ids, project_type_id, employer_id)
          VALUES (NEW.id, NEW.search,
                  ARRAY(SELECT lt.technology_id FROM public.listing_technologies lt WHERE lt.listing_id = NEW.id ORDER BY lt.technology_id),
                  NEW.project_type_id, NEW.employer_id);
        END IF;
        RETURN NULL;
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER listings_catalog_sample_insert AFTER INSERT ON listings
      FOR EACH ROW WHEN (catalog_in_sample(NEW.id)) EXECUTE FUNCTION catalog_sample_listing()`);
    await queryRunner.query(`
      CREATE TRIGGER listings_catalog_sample_update AFTER UPDATE ON listings
      FOR EACH ROW WHEN (catalog_in_sample(NEW.id) OR catalog_in_sample(OLD.id)) EXECUTE FUNCTION catalog_sample_listing()`);
    await queryRunner.query(`
      CREATE TRIGGER listings_catalog_sample_delete AFTER DELETE ON listings
      FOR EACH ROW WHEN (catalog_in_sample(OLD.id)) EXECUTE FUNCTION catalog_sample_listing()`);
    await queryRunner.query(`
      CREATE FUNCTION catalog_sample_rebuild() RETURNS void LANGUAGE sql AS $$
        DELETE FROM public.catalog_sample;
        INSERT INTO public.catalog_sample (listing_id, search, technology_ids, project_type_id, employer_id)
        SELECT l.id, l.search,
               ARRAY(SELECT lt.technology_id FROM public.listing_technologies lt WHERE lt.listing_id = l.id ORDER BY lt.technology_id),
               l.project_type_id, l.employer_id
          FROM public.listings l
         WHERE l.status = 'PUBLISHED' AND l.id < ${SAMPLE_BOUND};
      $$`);
    await queryRunner.query(`SELECT catalog_sample_rebuild()`);
    await queryRunner.query(`ANALYZE "catalog_sample"`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER "listings_catalog_sample_delete" ON "listings"`);
    await queryRunner.query(`DROP TRIGGER "listings_catalog_sample_update" ON "listings"`);
    await queryRunner.query(`DROP TRIGGER "listings_catalog_sample_insert" ON "listings"`);
    await queryRunner.query(`DROP FUNCTION catalog_sample_rebuild()`);
    await queryRunner.query(`DROP FUNCTION catalog_sample_listing()`);
    await queryRunner.query(`DROP FUNCTION catalog_in_sample(uuid)`);
    await queryRunner.query(`DROP TABLE "catalog_sample"`);
  }
}
