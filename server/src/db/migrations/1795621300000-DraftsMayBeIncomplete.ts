import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The post wizard saves its draft on the server from the first step, so a draft may lack its
 * project type (and its technologies, which live in listing_technologies). Publishing requires
 * both; the check keeps every non-draft listing typed. `down` fails while untyped drafts exist
 * (delete or complete them first).
 */
export class DraftsMayBeIncomplete1795621300000 implements MigrationInterface {
  name = 'DraftsMayBeIncomplete1795621300000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "listings" ALTER COLUMN "project_type_id" DROP NOT NULL`);
    await queryRunner.query(
      `ALTER TABLE "listings" ADD CONSTRAINT "CHK_67c8e45010aaf88028547c0ae7" CHECK ("status" = 'DRAFT' OR "project_type_id" IS NOT NULL)`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "listings" DROP CONSTRAINT "CHK_67c8e45010aaf88028547c0ae7"`);
    await queryRunner.query(`ALTER TABLE "listings" ALTER COLUMN "project_type_id" SET NOT NULL`);
  }
}
