import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The catalogue's technology filter as an index of `listings` itself (issue 12, item 4): the names
 * of each published listing's technologies, as `technology_names` holds them (kept by migration
 * TechnologyAwareSearch's trigger on `listing_technologies`), split into an array, in a GIN index.
 * A filter's technologies were reachable only through `listing_technologies`, another table, so
 * PostgreSQL could combine them with the text index or the project type index only after reading
 * rows: a rare pair of common parts (a common word and a common technology) read every listing of
 * the rarer part. With the technologies in an index of `listings`, the bitmaps of the text, the
 * technology and the project type indexes are ANDed first and only the matches are read.
 * An expression over an existing column: nothing is rewritten, the index is built in seconds at a
 * million listings.
 */
export class CatalogTechnologyIndex1796300000001 implements MigrationInterface {
  name = 'CatalogTechnologyIndex1796300000001';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX "IDX_listings_catalog_technologies" ON "listings" USING GIN (string_to_array("technology_names", ', ')) WHERE "status" = 'PUBLISHED'`,
    );
    // Statistics of the indexed expression, for the planner's estimates of technology filters.
    await queryRunner.query(`ANALYZE "listings"`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_listings_catalog_technologies"`);
  }
}
