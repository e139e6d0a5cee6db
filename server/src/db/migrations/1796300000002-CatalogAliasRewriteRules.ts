import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The alias rewrite rules, computed once instead of on every search (issue 12, item 4).
 * `catalog_search_query` hands `ts_rewrite` a query for its rules; it read the view
 * `search_alias_rewrites` (migration TechnologyAwareSearch), which parses every spelling of every
 * alias group into tsqueries and groups them, each time: 2.4 to 3.5 ms of a search's planning
 * statement (and again for its text matches), against 0.3 ms reading the same rules stored.
 * `search_alias_rewrite_rules` is that view materialized, with the rules' node counts (their
 * order: longer spellings first), refreshed by a statement trigger whenever `search_aliases`
 * changes, so the rules never lag behind the alias table.
 */
export class CatalogAliasRewriteRules1796300000002 implements MigrationInterface {
  name = 'CatalogAliasRewriteRules1796300000002';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE MATERIALIZED VIEW "search_alias_rewrite_rules" AS
      SELECT target, substitute, numnode(target) AS nodes FROM search_alias_rewrites`);
    await queryRunner.query(`
      CREATE OR REPLACE FUNCTION catalog_search_query(q text) RETURNS tsquery LANGUAGE sql STABLE STRICT PARALLEL SAFE AS $$
        SELECT ts_rewrite(websearch_to_tsquery('english', catalog_search_text(q)),
                          'SELECT target, substitute FROM public.search_alias_rewrite_rules ORDER BY nodes DESC, target')
      $$`);
    await queryRunner.query(`
      CREATE FUNCTION catalog_refresh_alias_rewrite_rules() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        REFRESH MATERIALIZED VIEW public.search_alias_rewrite_rules;
        RETURN NULL;
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER search_aliases_rewrite_rules AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON search_aliases
      FOR EACH STATEMENT EXECUTE FUNCTION catalog_refresh_alias_rewrite_rules()`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER "search_aliases_rewrite_rules" ON "search_aliases"`);
    await queryRunner.query(`DROP FUNCTION catalog_refresh_alias_rewrite_rules()`);
    await queryRunner.query(`
      CREATE OR REPLACE FUNCTION catalog_search_query(q text) RETURNS tsquery LANGUAGE sql STABLE STRICT PARALLEL SAFE AS $$
        SELECT ts_rewrite(websearch_to_tsquery('english', catalog_search_text(q)),
                          'SELECT target, substitute FROM public.search_alias_rewrites ORDER BY numnode(target) DESC, target')
      $$`);
    await queryRunner.query(`DROP MATERIALIZED VIEW "search_alias_rewrite_rules"`);
  }
}
