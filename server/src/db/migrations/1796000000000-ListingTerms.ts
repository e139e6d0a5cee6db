import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A listing's terms (issue 15, item 1): budget, duration, location. Every column is nullable:
 * listings from before have no terms ("not stated") and drafts may leave them out; publishing
 * requires them (the service: an existing published listing without terms must stay editable).
 * Each part is stated whole or not at all, which the CHECK constraints hold along with the
 * bounds the service checks (listing-terms.ts, TERMS_LIMITS): amounts are hundredths of the
 * currency's main unit, 1 to 1,000,000,000 for a fixed price and 1 to 10,000,000 per hour, min ≤
 * max, currency three upper-case letters (the service checks it is ISO 4217); 1 to 104 weeks and 1
 * to 80 hours a week; a city and a country code (two upper-case letters) exactly when not remote;
 * a time-zone window (UTC offsets in minutes, −720 to 840, multiples of 15, from ≤ to) only when remote.
 *
 * Catalogue indexes (published listings only): by budget, high to low (the maximum, listings
 * without a budget last) and low to high (the minimum, negated so that the keyset stays one
 * row comparison with newest first among equals), and by currency and range for the budget filter.
 *
 * The catalogue's sample (`catalog_sample`, migration CatalogSample) gets the terms the catalogue
 * filters and facets by, filled by a BEFORE INSERT trigger on the sample from the listing's row:
 * whatever inserts a sample row (the listings triggers, `catalog_sample_rebuild()`) gets them, and
 * every update of a sampled listing re-inserts its row.
 */
export class ListingTerms1796000000000 implements MigrationInterface {
  name = 'ListingTerms1796000000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE "listings"
        ADD "budget_kind" text,
        ADD "budget_min_cents" integer,
        ADD "budget_max_cents" integer,
        ADD "budget_currency" text,
        ADD "duration_weeks" integer,
        ADD "hours_per_week" integer,
        ADD "location_kind" text,
        ADD "location_city" text,
        ADD "location_country_code" text,
        ADD "utc_offset_from_minutes" integer,
        ADD "utc_offset_to_minutes" integer,
        ADD CONSTRAINT "CHK_listings_budget" CHECK (${BUDGET_CHECK}),
        ADD CONSTRAINT "CHK_listings_duration" CHECK (${DURATION_CHECK}),
        ADD CONSTRAINT "CHK_listings_location" CHECK (${LOCATION_CHECK})`);
    await queryRunner.query(
      `CREATE INDEX "IDX_listings_catalog_budget_high" ON "listings" ((coalesce("budget_max_cents", -1)) DESC, "published_at" DESC, "id" DESC) WHERE "status" = 'PUBLISHED'`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_listings_catalog_budget_low" ON "listings" ((-coalesce("budget_min_cents", 2147483647)) DESC, "published_at" DESC, "id" DESC) WHERE "status" = 'PUBLISHED'`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_listings_catalog_budget_range" ON "listings" ("budget_currency", "budget_min_cents", "budget_max_cents") WHERE "status" = 'PUBLISHED' AND "budget_currency" IS NOT NULL`,
    );
    await queryRunner.query(`
      ALTER TABLE "catalog_sample"
        ADD "budget_kind" text,
        ADD "budget_min_cents" integer,
        ADD "budget_max_cents" integer,
        ADD "budget_currency" text,
        ADD "location_kind" text`);
    await queryRunner.query(`
      CREATE FUNCTION catalog_sample_terms() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        SELECT l.budget_kind, l.budget_min_cents, l.budget_max_cents, l.budget_currency, l.location_kind
          INTO NEW.budget_kind, NEW.budget_min_cents, NEW.budget_max_cents, NEW.budget_currency, NEW.location_kind
          FROM public.listings l WHERE l.id = NEW.listing_id;
        RETURN NEW;
      END $$`);
    await queryRunner.query(`CREATE TRIGGER catalog_sample_terms BEFORE INSERT ON catalog_sample FOR EACH ROW EXECUTE FUNCTION catalog_sample_terms()`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER "catalog_sample_terms" ON "catalog_sample"`);
    await queryRunner.query(`DROP FUNCTION catalog_sample_terms()`);
    await queryRunner.query(
      `ALTER TABLE "catalog_sample" DROP "budget_kind", DROP "budget_min_cents", DROP "budget_max_cents", DROP "budget_currency", DROP "location_kind"`,
    );
    await queryRunner.query(`DROP INDEX "IDX_listings_catalog_budget_range"`);
    await queryRunner.query(`DROP INDEX "IDX_listings_catalog_budget_low"`);
    await queryRunner.query(`DROP INDEX "IDX_listings_catalog_budget_high"`);
    await queryRunner.query(`
      ALTER TABLE "listings"
        DROP CONSTRAINT "CHK_listings_location",
        DROP CONSTRAINT "CHK_listings_duration",
        DROP CONSTRAINT "CHK_listings_budget",
        DROP "utc_offset_to_minutes", DROP "utc_offset_from_minutes", DROP "location_country_code", DROP "location_city", DROP "location_kind",
        DROP "hours_per_week", DROP "duration_weeks",
        DROP "budget_currency", DROP "budget_max_cents", DROP "budget_min_cents", DROP "budget_kind"`);
  }
}

/** Stated whole (every column set, in bounds) or not at all. */
export const BUDGET_CHECK = `num_nulls("budget_kind", "budget_min_cents", "budget_max_cents", "budget_currency") = 4 OR (num_nonnulls("budget_kind", "budget_min_cents", "budget_max_cents", "budget_currency") = 4 AND "budget_kind" IN ('FIXED', 'HOURLY') AND "budget_min_cents" >= 1 AND "budget_min_cents" <= "budget_max_cents" AND "budget_max_cents" <= CASE "budget_kind" WHEN 'HOURLY' THEN 10000000 ELSE 1000000000 END AND "budget_currency" ~ '^[A-Z]{3}$')`;

export const DURATION_CHECK = `num_nulls("duration_weeks", "hours_per_week") = 2 OR (num_nonnulls("duration_weeks", "hours_per_week") = 2 AND "duration_weeks" BETWEEN 1 AND 104 AND "hours_per_week" BETWEEN 1 AND 80)`;

/** Not stated; remote, with no place and maybe a time-zone window; or hybrid or on site, with a city and a country and no window. */
export const LOCATION_CHECK = `num_nulls("location_kind", "location_city", "location_country_code", "utc_offset_from_minutes", "utc_offset_to_minutes") = 5 OR ("location_kind" = 'REMOTE' AND "location_city" IS NULL AND "location_country_code" IS NULL AND (num_nulls("utc_offset_from_minutes", "utc_offset_to_minutes") = 2 OR (num_nonnulls("utc_offset_from_minutes", "utc_offset_to_minutes") = 2 AND "utc_offset_from_minutes" BETWEEN -720 AND 840 AND "utc_offset_to_minutes" BETWEEN -720 AND 840 AND "utc_offset_from_minutes" <= "utc_offset_to_minutes" AND "utc_offset_from_minutes" % 15 = 0 AND "utc_offset_to_minutes" % 15 = 0))) OR ("location_kind" IN ('HYBRID', 'ONSITE') AND "location_city" IS NOT NULL AND char_length("location_city") BETWEEN 1 AND 400 AND "location_country_code" IS NOT NULL AND "location_country_code" ~ '^[A-Z]{2}$' AND "utc_offset_from_minutes" IS NULL AND "utc_offset_to_minutes" IS NULL)`;
