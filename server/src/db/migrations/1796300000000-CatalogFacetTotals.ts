import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Published listings per technology and per project type, kept as they change (issue 12, item 4),
 * so that `searchSuggestions` reads a few rows by primary key instead of counting the catalogue
 * (or its sample) on every keystroke.
 *
 * `catalog_facet_totals(facet, id, listings)`: facet TECHNOLOGY or PROJECT_TYPE, the technology's
 * or project type's id, and how many published listings have it. Statement-level triggers on
 * `listings` (set-based, like those of `search_terms`) add what a statement changed: a listing
 * counts while its status is PUBLISHED, for its project type and for each technology named in its
 * `technology_names` (which migration TechnologyAwareSearch's trigger on `listing_technologies`
 * rewrites whenever a listing's technologies change, so that change reaches these triggers too,
 * and a deleted listing still says which technologies it had). An update that changes none of
 * status, project type and technologies touches no total. Rows are changed in (facet, id) order,
 * so concurrent publishes lock shared totals in one order. `catalog_facet_totals_rebuild()`
 * counts everything from scratch (here, and after bulk loads that skip triggers: the benchmark's
 * seed).
 */
export class CatalogFacetTotals1796300000000 implements MigrationInterface {
  name = 'CatalogFacetTotals1796300000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "catalog_facet_totals" (
        "facet" text NOT NULL CHECK ("facet" IN ('TECHNOLOGY', 'PROJECT_TYPE')),
        "id" integer NOT NULL,
        "listings" integer NOT NULL,
        PRIMARY KEY ("facet", "id")
      )`);
    // changes: (project_type_id, technology_names, delta) of listings entering (+1) or leaving (-1) the catalogue.
    await queryRunner.query(`
      CREATE FUNCTION catalog_add_facet_totals(changes jsonb) RETURNS void LANGUAGE sql AS $$
        WITH c AS (
          SELECT (x->>'project_type_id')::int AS project_type_id, x->>'technology_names' AS technology_names, (x->>'delta')::int AS delta
            FROM jsonb_array_elements(coalesce(changes, '[]')) x
        ), deltas AS (
          SELECT 'PROJECT_TYPE' AS facet, project_type_id AS id, sum(delta) AS delta FROM c WHERE project_type_id IS NOT NULL GROUP BY project_type_id
          UNION ALL
          SELECT 'TECHNOLOGY', t.id, sum(c.delta) FROM c, unnest(string_to_array(c.technology_names, ', ')) AS n(name)
            JOIN public.technologies t ON t.name = n.name GROUP BY t.id
        )
        INSERT INTO public.catalog_facet_totals AS f (facet, id, listings)
        SELECT facet, id, delta FROM deltas WHERE delta <> 0 ORDER BY facet, id
        ON CONFLICT (facet, id) DO UPDATE SET listings = f.listings + excluded.listings
      $$`);
    await queryRunner.query(`
      CREATE FUNCTION catalog_listings_facet_totals() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'INSERT' THEN
          PERFORM catalog_add_facet_totals((
            SELECT jsonb_agg(jsonb_build_object('project_type_id', project_type_id, 'technology_names', technology_names, 'delta', 1))
              FROM new_rows WHERE status = 'PUBLISHED'));
        ELSIF TG_OP = 'DELETE' THEN
          PERFORM catalog_add_facet_totals((
            SELECT jsonb_agg(jsonb_build_object('project_type_id', project_type_id, 'technology_names', technology_names, 'delta', -1))
              FROM old_rows WHERE status = 'PUBLISHED'));
        ELSE
          PERFORM catalog_add_facet_totals((
            SELECT jsonb_agg(change) FROM (
              SELECT jsonb_build_object('project_type_id', o.project_type_id, 'technology_names', o.technology_names, 'delta', -1) AS change
                FROM old_rows o JOIN new_rows n USING (id)
               WHERE o.status = 'PUBLISHED'
                 AND (o.status, o.project_type_id, o.technology_names) IS DISTINCT FROM (n.status, n.project_type_id, n.technology_names)
              UNION ALL
              SELECT jsonb_build_object('project_type_id', n.project_type_id, 'technology_names', n.technology_names, 'delta', 1)
                FROM old_rows o JOIN new_rows n USING (id)
               WHERE n.status = 'PUBLISHED'
                 AND (o.status, o.project_type_id, o.technology_names) IS DISTINCT FROM (n.status, n.project_type_id, n.technology_names)
            ) changed));
        END IF;
        RETURN NULL;
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER listings_catalog_facet_totals_insert AFTER INSERT ON listings
      REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION catalog_listings_facet_totals()`);
    await queryRunner.query(`
      CREATE TRIGGER listings_catalog_facet_totals_update AFTER UPDATE ON listings
      REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION catalog_listings_facet_totals()`);
    await queryRunner.query(`
      CREATE TRIGGER listings_catalog_facet_totals_delete AFTER DELETE ON listings
      REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION catalog_listings_facet_totals()`);
    // Counted as the triggers count: each published listing's project type and the technologies its technology_names name.
    await queryRunner.query(`
      CREATE FUNCTION catalog_facet_totals_rebuild() RETURNS void LANGUAGE sql AS $$
        DELETE FROM public.catalog_facet_totals;
        INSERT INTO public.catalog_facet_totals (facet, id, listings)
        SELECT 'PROJECT_TYPE', project_type_id, count(*) FROM public.listings
         WHERE status = 'PUBLISHED' AND project_type_id IS NOT NULL GROUP BY project_type_id
        UNION ALL
        SELECT 'TECHNOLOGY', t.id, count(*) FROM public.listings l, unnest(string_to_array(l.technology_names, ', ')) AS n(name)
          JOIN public.technologies t ON t.name = n.name
         WHERE l.status = 'PUBLISHED' GROUP BY t.id;
      $$`);
    await queryRunner.query(`SELECT catalog_facet_totals_rebuild()`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER "listings_catalog_facet_totals_delete" ON "listings"`);
    await queryRunner.query(`DROP TRIGGER "listings_catalog_facet_totals_update" ON "listings"`);
    await queryRunner.query(`DROP TRIGGER "listings_catalog_facet_totals_insert" ON "listings"`);
    await queryRunner.query(`DROP FUNCTION catalog_facet_totals_rebuild()`);
    await queryRunner.query(`DROP FUNCTION catalog_listings_facet_totals()`);
    await queryRunner.query(`DROP FUNCTION catalog_add_facet_totals(jsonb)`);
    await queryRunner.query(`DROP TABLE "catalog_facet_totals"`);
  }
}
