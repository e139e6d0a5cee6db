import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Saved searches hold the catalogue's terms filters too (issue 15): a budget range in one
 * currency, the budget kind and "remote only". A stored filter has every facet and term present
 * (`StoredFilter`), which publishing's match reads; searches saved before terms existed get the
 * terms that do not narrow, so they match as they did.
 */
export class SavedSearchTerms1796170000000 implements MigrationInterface {
  name = 'SavedSearchTerms1796170000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `UPDATE "saved_searches" SET "filter" = '{"budget": null, "budgetKind": null, "remoteOnly": false}'::jsonb || "filter" WHERE "filter"->'remoteOnly' IS NULL`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`UPDATE "saved_searches" SET "filter" = "filter" - 'budget' - 'budgetKind' - 'remoteOnly'`);
  }
}
