import type { MigrationInterface, QueryRunner } from 'typeorm';
import { projectSuperTypes, projectTypes, technologies, technologyClasses } from '../taxonomy';

/**
 * What the entity metadata cannot express: the taxonomy seed, expression and partial indexes,
 * and the triggers that make locked contract versions and the audit trail immutable.
 */
export class TaxonomySearchAndIntegrity1795616400000 implements MigrationInterface {
  name = 'TaxonomySearchAndIntegrity1795616400000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    const insertAll = async (table: string, columns: string[], rows: ReadonlyArray<Record<string, unknown>>, keys: string[]) => {
      for (const row of rows) {
        const placeholders = columns.map((_, i) => `$${i + 1}`).join(', ');
        await queryRunner.query(
          `INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) VALUES (${placeholders})`,
          keys.map((key) => row[key]),
        );
      }
    };
    await insertAll('project_super_types', ['id', 'name'], projectSuperTypes, ['id', 'name']);
    await insertAll('project_types', ['id', 'super_type_id', 'type', 'platform'], projectTypes, ['id', 'superTypeId', 'type', 'platform']);
    await insertAll('technology_classes', ['id', 'name'], technologyClasses, ['id', 'name']);
    await insertAll('technologies', ['id', 'name', 'icon', 'technology_class_id'], technologies, ['id', 'name', 'icon', 'technologyClassId']);

    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_users_email_lower" ON "users" (lower("email"))`);
    await queryRunner.query(`CREATE INDEX "IDX_listings_search" ON "listings" USING GIN ("search")`);
    await queryRunner.query(
      `CREATE INDEX "IDX_listings_catalog" ON "listings" ("published_at" DESC, "id" DESC) WHERE "status" = 'PUBLISHED'`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_credits_unspent" ON "credits" ("employer_id", "created_at") WHERE "listing_id" IS NULL`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_notifications_unread_group" ON "notifications" ("user_id", "group_key") WHERE "read_at" IS NULL AND "group_key" IS NOT NULL`,
    );

    await queryRunner.query(`
      CREATE FUNCTION refuse_change_to_locked_contract_details() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF OLD.locked THEN
          RAISE EXCEPTION 'contract details % version % are locked', OLD.contract_id, OLD.version
            USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
        RETURN NEW;
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER contract_details_locked BEFORE UPDATE OR DELETE ON contract_details
      FOR EACH ROW EXECUTE FUNCTION refuse_change_to_locked_contract_details()`);
    await queryRunner.query(`
      CREATE FUNCTION refuse_change_to_audit_trail() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'the contract audit trail is append-only' USING ERRCODE = 'integrity_constraint_violation';
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER contract_events_append_only BEFORE UPDATE OR DELETE ON contract_events
      FOR EACH ROW EXECUTE FUNCTION refuse_change_to_audit_trail()`);
    await queryRunner.query(`
      CREATE TRIGGER contract_events_no_truncate BEFORE TRUNCATE ON contract_events
      FOR EACH STATEMENT EXECUTE FUNCTION refuse_change_to_audit_trail()`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER "contract_events_no_truncate" ON "contract_events"`);
    await queryRunner.query(`DROP TRIGGER "contract_events_append_only" ON "contract_events"`);
    await queryRunner.query(`DROP FUNCTION refuse_change_to_audit_trail()`);
    await queryRunner.query(`DROP TRIGGER "contract_details_locked" ON "contract_details"`);
    await queryRunner.query(`DROP FUNCTION refuse_change_to_locked_contract_details()`);
    await queryRunner.query(`DROP INDEX "UQ_notifications_unread_group"`);
    await queryRunner.query(`DROP INDEX "IDX_credits_unspent"`);
    await queryRunner.query(`DROP INDEX "IDX_listings_catalog"`);
    await queryRunner.query(`DROP INDEX "IDX_listings_search"`);
    await queryRunner.query(`DROP INDEX "UQ_users_email_lower"`);
    for (const table of ['technologies', 'technology_classes', 'project_types', 'project_super_types']) {
      await queryRunner.query(`DELETE FROM "${table}"`);
    }
  }
}
