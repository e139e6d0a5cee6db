import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Estimates without a search read only the sample's technology ids, project type and employer:
 * a covering index serves them by an index-only scan of a few dozen pages, where the table's
 * pages also hold each listing's search document (many times as many pages). Index-only scans need
 * the visibility map, which autovacuum keeps for a table this small and busy.
 */
export class CatalogSampleFacets1795750000001 implements MigrationInterface {
  name = 'CatalogSampleFacets1795750000001';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX "IDX_catalog_sample_facets" ON "catalog_sample" ("project_type_id") INCLUDE ("technology_ids", "employer_id")`);
    await queryRunner.query(`ANALYZE "catalog_sample"`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_catalog_sample_facets"`);
  }
}
