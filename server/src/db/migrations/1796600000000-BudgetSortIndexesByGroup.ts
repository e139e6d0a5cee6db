import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The catalogue's budget sorts walk only the budgets they order (issue 12, item 4). A budget sort
 * requires `filter.budget.currency` and `filter.budgetKind` (amounts of other currencies, or an
 * hourly rate and a fixed price, do not compare), yet the sort indexes of migration ListingTerms
 * ordered every published listing by its key alone, so a walk passed every other currency and kind
 * first: low to high in USD fixed prices walked the 340,000 hourly rates (in cents, all below any
 * fixed price) before its first match, 1 s at a million listings, and gathering instead read
 * hundreds of thousands of matches. Led by the currency and the kind, the same key, newest first
 * and id seek straight to the sort's own budgets (keyset cursors as before: the row comparison of
 * key, published_at and id follows the two equalities in the index). Same names, so the entity's
 * `@Index` declarations stand; built in seconds at a million listings.
 */
export class BudgetSortIndexesByGroup1796600000000 implements MigrationInterface {
  name = 'BudgetSortIndexesByGroup1796600000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_listings_catalog_budget_high"`);
    await queryRunner.query(`DROP INDEX "IDX_listings_catalog_budget_low"`);
    await queryRunner.query(
      `CREATE INDEX "IDX_listings_catalog_budget_high" ON "listings" ("budget_currency", "budget_kind", (coalesce("budget_max_cents", -1)) DESC, "published_at" DESC, "id" DESC) WHERE "status" = 'PUBLISHED'`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_listings_catalog_budget_low" ON "listings" ("budget_currency", "budget_kind", (-coalesce("budget_min_cents", 2147483647)) DESC, "published_at" DESC, "id" DESC) WHERE "status" = 'PUBLISHED'`,
    );
    // Statistics of the indexed key expressions (dropped with the old indexes), for the planner's estimates of keyset conditions.
    await queryRunner.query(`ANALYZE "listings"`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_listings_catalog_budget_high"`);
    await queryRunner.query(`DROP INDEX "IDX_listings_catalog_budget_low"`);
    await queryRunner.query(
      `CREATE INDEX "IDX_listings_catalog_budget_high" ON "listings" ((coalesce("budget_max_cents", -1)) DESC, "published_at" DESC, "id" DESC) WHERE "status" = 'PUBLISHED'`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_listings_catalog_budget_low" ON "listings" ((-coalesce("budget_min_cents", 2147483647)) DESC, "published_at" DESC, "id" DESC) WHERE "status" = 'PUBLISHED'`,
    );
  }
}
