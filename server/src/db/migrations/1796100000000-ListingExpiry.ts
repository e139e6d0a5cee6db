import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Postings that run out (DESIGN §4, "Posting period"): `listings.expires_at`, bought by publishing
 * and by each renewal (`LISTING_DAYS`), and `expiry_reminded_at`, when the members were told that
 * the current period ends soon (null again after a renewal). A listing past its period is EXPIRED.
 *
 * Listings published before this migration get a period from now (30 days, the default): they
 * were bought without an end, so none disappears the minute this runs. A partial index serves the
 * expiry job's sweep of published listings by end.
 *
 * A renewal spends another credit on the same listing, so `credits.listing_id` is no longer
 * unique: a plain index keeps the look-ups by listing.
 */
export class ListingExpiry1796100000000 implements MigrationInterface {
  name = 'ListingExpiry1796100000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "listings" ADD "expires_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "listings" ADD "expiry_reminded_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`UPDATE "listings" SET "expires_at" = now() + interval '30 days' WHERE "status" = 'PUBLISHED'`);
    await queryRunner.query(`CREATE INDEX "IDX_listings_published_expiry" ON "listings" ("expires_at") WHERE "status" = 'PUBLISHED'`);
    await queryRunner.query(`ALTER TABLE "credits" DROP CONSTRAINT "UQ_45bace67486371c358ced64d4f7"`);
    await queryRunner.query(`CREATE INDEX "IDX_credits_listing_id" ON "credits" ("listing_id")`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_credits_listing_id"`);
    await queryRunner.query(`ALTER TABLE "credits" ADD CONSTRAINT "UQ_45bace67486371c358ced64d4f7" UNIQUE ("listing_id")`);
    await queryRunner.query(`DROP INDEX "IDX_listings_published_expiry"`);
    await queryRunner.query(`UPDATE "listings" SET "status" = 'PUBLISHED' WHERE "status" = 'EXPIRED'`);
    await queryRunner.query(`ALTER TABLE "listings" DROP COLUMN "expiry_reminded_at"`);
    await queryRunner.query(`ALTER TABLE "listings" DROP COLUMN "expires_at"`);
  }
}
