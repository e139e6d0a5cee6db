import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 14: the end of a contract (completion and cancellation columns), reviews, and the new
 * profile fields (headline, skills from the taxonomy, hourly rate, links). Like the lock after
 * both signed, the rules that must hold whatever writes the rows are triggers: a COMPLETED or
 * CANCELLED contract, its details and its change orders never change again; a review exists only
 * for an ended contract that both parties had signed, between its two parties, and only its
 * first reply (and an earlier publication time, when the other party reviews) may be written
 * after it.
 */
export class EndingsReviewsProfiles1795800000000 implements MigrationInterface {
  name = 'EndingsReviewsProfiles1795800000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "profile_skills" ("user_id" uuid NOT NULL, "technology_id" integer NOT NULL, "position" smallint NOT NULL, CONSTRAINT "PK_eaa7288e66bc57bdd84d44b15bd" PRIMARY KEY ("user_id", "technology_id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_eaa7288e66bc57bdd84d44b15b" ON "profile_skills"  ("technology_id", "user_id") `);
    await queryRunner.query(`CREATE TABLE "reviews" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "contract_id" uuid NOT NULL, "author_id" uuid NOT NULL, "subject_id" uuid NOT NULL, "subject_role" text NOT NULL, "employer_id" uuid NOT NULL, "rating" smallint NOT NULL, "body" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "visible_at" TIMESTAMP WITH TIME ZONE NOT NULL, "reply" text, "replied_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "CHK_reviews_subject_role" CHECK ("subject_role" IN ('EMPLOYER', 'WORKER')), CONSTRAINT "CHK_reviews_reply" CHECK (("reply" IS NULL) = ("replied_at" IS NULL)), CONSTRAINT "CHK_reviews_rating" CHECK ("rating" BETWEEN 1 AND 5), CONSTRAINT "PK_231ae565c273ee700b283f15c1d" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_fdbe102ff26ba670c0d9938d2a" ON "reviews"  ("employer_id", "subject_role", "visible_at") `);
    await queryRunner.query(`CREATE INDEX "IDX_08e5f64f6541552cb8f6630a0e" ON "reviews"  ("subject_id", "subject_role", "visible_at") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_reviews_contract_author" ON "reviews"  ("contract_id", "author_id") `);
    await queryRunner.query(`ALTER TABLE "profiles" ADD "headline" text`);
    await queryRunner.query(`ALTER TABLE "profiles" ADD "hourly_rate_cents" integer`);
    await queryRunner.query(`ALTER TABLE "profiles" ADD "hourly_rate_currency" text`);
    await queryRunner.query(`ALTER TABLE "profiles" ADD "links" jsonb NOT NULL DEFAULT '[]'`);
    await queryRunner.query(`ALTER TABLE "contracts" ADD "completion_requested_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "contracts" ADD "completion_note" text`);
    await queryRunner.query(`ALTER TABLE "contracts" ADD "completed_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "contracts" ADD "cancelled_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "contracts" ADD "cancelled_by_id" uuid`);
    await queryRunner.query(`ALTER TABLE "contracts" ADD "cancellation_reason" text`);
    await queryRunner.query(`ALTER TABLE "profiles" ADD CONSTRAINT "CHK_profiles_links" CHECK (jsonb_typeof("links") = 'array' AND jsonb_array_length("links") <= 5)`);
    await queryRunner.query(`ALTER TABLE "profiles" ADD CONSTRAINT "CHK_profiles_hourly_rate" CHECK (("hourly_rate_cents" IS NULL) = ("hourly_rate_currency" IS NULL) AND ("hourly_rate_cents" IS NULL OR "hourly_rate_cents" > 0))`);
    await queryRunner.query(`ALTER TABLE "contracts" ADD CONSTRAINT "CHK_contracts_completion_request" CHECK (("completion_requested_at" IS NULL) = ("completion_note" IS NULL))`);
    await queryRunner.query(`ALTER TABLE "contracts" ADD CONSTRAINT "CHK_contracts_cancelled" CHECK (("status" = 'CANCELLED') = ("cancelled_at" IS NOT NULL AND "cancelled_by_id" IS NOT NULL AND "cancellation_reason" IS NOT NULL))`);
    await queryRunner.query(`ALTER TABLE "contracts" ADD CONSTRAINT "CHK_contracts_completed" CHECK (("status" = 'COMPLETED') = ("completed_at" IS NOT NULL))`);
    await queryRunner.query(`ALTER TABLE "profile_skills" ADD CONSTRAINT "FK_39e8886238bce57030c1c4ab7d4" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "profile_skills" ADD CONSTRAINT "FK_8890cd76024d2df138d850a7664" FOREIGN KEY ("technology_id") REFERENCES "technologies"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "contracts" ADD CONSTRAINT "FK_cd333fd8f650099ca110eb074af" FOREIGN KEY ("cancelled_by_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "reviews" ADD CONSTRAINT "FK_d524fbe85d4619f66b10a664487" FOREIGN KEY ("contract_id") REFERENCES "contracts"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "reviews" ADD CONSTRAINT "FK_7efc8ac1a6389e4e9317435ad2b" FOREIGN KEY ("author_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "reviews" ADD CONSTRAINT "FK_7e768f7dc06203d0c73300a0b64" FOREIGN KEY ("subject_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "reviews" ADD CONSTRAINT "FK_d69cc94b44fe3dd8bd06b9a73cc" FOREIGN KEY ("employer_id") REFERENCES "employers"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`
      CREATE FUNCTION refuse_change_to_ended_contract() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF OLD.status IN ('COMPLETED', 'CANCELLED') THEN
          RAISE EXCEPTION 'contract % is %: it can no longer change', OLD.id, OLD.status
            USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
        RETURN NEW;
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER contracts_ended_final BEFORE UPDATE OR DELETE ON contracts
      FOR EACH ROW EXECUTE FUNCTION refuse_change_to_ended_contract()`);
    await queryRunner.query(`
      CREATE FUNCTION refuse_change_under_ended_contract() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        ids uuid[] := CASE TG_OP WHEN 'INSERT' THEN ARRAY[NEW.contract_id] WHEN 'DELETE' THEN ARRAY[OLD.contract_id] ELSE ARRAY[OLD.contract_id, NEW.contract_id] END;
      BEGIN
        IF EXISTS (SELECT 1 FROM contracts c WHERE c.id = ANY (ids) AND c.status IN ('COMPLETED', 'CANCELLED')) THEN
          RAISE EXCEPTION 'the contract has ended: its % can no longer change', TG_TABLE_NAME
            USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
        RETURN NEW;
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER change_orders_contract_ended BEFORE INSERT OR UPDATE OR DELETE ON change_orders
      FOR EACH ROW EXECUTE FUNCTION refuse_change_under_ended_contract()`);
    await queryRunner.query(`
      CREATE TRIGGER contract_details_contract_ended BEFORE INSERT OR UPDATE OR DELETE ON contract_details
      FOR EACH ROW EXECUTE FUNCTION refuse_change_under_ended_contract()`);
    await queryRunner.query(`
      CREATE FUNCTION check_new_review() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        c contracts%ROWTYPE;
      BEGIN
        SELECT * INTO c FROM contracts WHERE id = NEW.contract_id;
        IF NOT (c.status = 'COMPLETED' OR (c.status = 'CANCELLED' AND c.employer_signed_version IS NOT NULL
                AND c.employer_signed_version = c.worker_signed_version)) THEN
          RAISE EXCEPTION 'contract % has not ended after both parties signed: it takes no reviews', NEW.contract_id
            USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        IF NOT ((NEW.author_id = c.worker_user_id AND NEW.subject_id = c.employer_user_id AND NEW.subject_role = 'EMPLOYER')
             OR (NEW.author_id = c.employer_user_id AND NEW.subject_id = c.worker_user_id AND NEW.subject_role = 'WORKER'))
           OR NEW.employer_id <> c.employer_id THEN
          RAISE EXCEPTION 'a review is by one party of contract % about the other', NEW.contract_id
            USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        RETURN NEW;
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER reviews_check_new BEFORE INSERT ON reviews
      FOR EACH ROW EXECUTE FUNCTION check_new_review()`);
    await queryRunner.query(`
      CREATE FUNCTION refuse_change_to_review() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP <> 'UPDATE'
           OR (NEW.id, NEW.contract_id, NEW.author_id, NEW.subject_id, NEW.subject_role, NEW.employer_id, NEW.rating, NEW.body, NEW.created_at)
              IS DISTINCT FROM (OLD.id, OLD.contract_id, OLD.author_id, OLD.subject_id, OLD.subject_role, OLD.employer_id, OLD.rating, OLD.body, OLD.created_at)
           OR NEW.visible_at > OLD.visible_at
           OR (OLD.reply IS NOT NULL AND (NEW.reply, NEW.replied_at) IS DISTINCT FROM (OLD.reply, OLD.replied_at)) THEN
          RAISE EXCEPTION 'a review is final: only its first reply may be added' USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        RETURN NEW;
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER reviews_final BEFORE UPDATE OR DELETE ON reviews
      FOR EACH ROW EXECUTE FUNCTION refuse_change_to_review()`);
    await queryRunner.query(`
      CREATE TRIGGER reviews_no_truncate BEFORE TRUNCATE ON reviews
      FOR EACH STATEMENT EXECUTE FUNCTION refuse_change_to_review()`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER "reviews_no_truncate" ON "reviews"`);
    await queryRunner.query(`DROP TRIGGER "reviews_final" ON "reviews"`);
    await queryRunner.query(`DROP FUNCTION refuse_change_to_review()`);
    await queryRunner.query(`DROP TRIGGER "reviews_check_new" ON "reviews"`);
    await queryRunner.query(`DROP FUNCTION check_new_review()`);
    await queryRunner.query(`DROP TRIGGER "contract_details_contract_ended" ON "contract_details"`);
    await queryRunner.query(`DROP TRIGGER "change_orders_contract_ended" ON "change_orders"`);
    await queryRunner.query(`DROP FUNCTION refuse_change_under_ended_contract()`);
    await queryRunner.query(`DROP TRIGGER "contracts_ended_final" ON "contracts"`);
    await queryRunner.query(`DROP FUNCTION refuse_change_to_ended_contract()`);
    await queryRunner.query(`ALTER TABLE "reviews" DROP CONSTRAINT "FK_d69cc94b44fe3dd8bd06b9a73cc"`);
    await queryRunner.query(`ALTER TABLE "reviews" DROP CONSTRAINT "FK_7e768f7dc06203d0c73300a0b64"`);
    await queryRunner.query(`ALTER TABLE "reviews" DROP CONSTRAINT "FK_7efc8ac1a6389e4e9317435ad2b"`);
    await queryRunner.query(`ALTER TABLE "reviews" DROP CONSTRAINT "FK_d524fbe85d4619f66b10a664487"`);
    await queryRunner.query(`ALTER TABLE "contracts" DROP CONSTRAINT "FK_cd333fd8f650099ca110eb074af"`);
    await queryRunner.query(`ALTER TABLE "profile_skills" DROP CONSTRAINT "FK_8890cd76024d2df138d850a7664"`);
    await queryRunner.query(`ALTER TABLE "profile_skills" DROP CONSTRAINT "FK_39e8886238bce57030c1c4ab7d4"`);
    await queryRunner.query(`ALTER TABLE "contracts" DROP CONSTRAINT "CHK_contracts_completed"`);
    await queryRunner.query(`ALTER TABLE "contracts" DROP CONSTRAINT "CHK_contracts_cancelled"`);
    await queryRunner.query(`ALTER TABLE "contracts" DROP CONSTRAINT "CHK_contracts_completion_request"`);
    await queryRunner.query(`ALTER TABLE "profiles" DROP CONSTRAINT "CHK_profiles_hourly_rate"`);
    await queryRunner.query(`ALTER TABLE "profiles" DROP CONSTRAINT "CHK_profiles_links"`);
    await queryRunner.query(`ALTER TABLE "contracts" DROP COLUMN "cancellation_reason"`);
    await queryRunner.query(`ALTER TABLE "contracts" DROP COLUMN "cancelled_by_id"`);
    await queryRunner.query(`ALTER TABLE "contracts" DROP COLUMN "cancelled_at"`);
    await queryRunner.query(`ALTER TABLE "contracts" DROP COLUMN "completed_at"`);
    await queryRunner.query(`ALTER TABLE "contracts" DROP COLUMN "completion_note"`);
    await queryRunner.query(`ALTER TABLE "contracts" DROP COLUMN "completion_requested_at"`);
    await queryRunner.query(`ALTER TABLE "profiles" DROP COLUMN "links"`);
    await queryRunner.query(`ALTER TABLE "profiles" DROP COLUMN "hourly_rate_currency"`);
    await queryRunner.query(`ALTER TABLE "profiles" DROP COLUMN "hourly_rate_cents"`);
    await queryRunner.query(`ALTER TABLE "profiles" DROP COLUMN "headline"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_reviews_contract_author"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_08e5f64f6541552cb8f6630a0e"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_fdbe102ff26ba670c0d9938d2a"`);
    await queryRunner.query(`DROP TABLE "reviews"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_eaa7288e66bc57bdd84d44b15b"`);
    await queryRunner.query(`DROP TABLE "profile_skills"`);
  }
}
