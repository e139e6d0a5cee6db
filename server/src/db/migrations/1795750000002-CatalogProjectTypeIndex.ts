import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The catalogue by project type, newest first: a project type filter walks it in order, and with a
 * technology filter it yields the ids of the type's published listings without reading them (an
 * index-only scan), which a hash join meets with the technology's links (`listing_technologies`
 * by technology), so a rare pair is found without reading every listing of either.
 */
export class CatalogProjectTypeIndex1795750000002 implements MigrationInterface {
  name = 'CatalogProjectTypeIndex1795750000002';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX "IDX_listings_catalog_project_type" ON "listings" ("project_type_id", "published_at" DESC, "id" DESC) WHERE "status" = 'PUBLISHED'`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_listings_catalog_project_type"`);
  }
}
