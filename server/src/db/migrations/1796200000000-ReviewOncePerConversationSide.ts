import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 14 review: each side reviews the other at most once per conversation (gig + freelancer),
 * whichever of its contracts ended, so cancelling and re-contracting cannot farm ratings; and the
 * employer side's review of the freelancer may be written by whoever acts for the employer
 * (`employerSideActor` in contracts.policy.ts: the poster while a member, else the employer's
 * owners). Rows written before this rule are left as they are; the rule holds for every new one.
 * A transaction-scoped advisory lock per (conversation, side) makes two concurrent inserts on
 * two contracts of one conversation run one after the other; the loser is a unique violation.
 */
export class ReviewOncePerConversationSide1796200000000 implements MigrationInterface {
  name = 'ReviewOncePerConversationSide1796200000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE OR REPLACE FUNCTION check_new_review() RETURNS trigger LANGUAGE plpgsql AS $$
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
             OR (NEW.author_id <> c.worker_user_id AND NEW.subject_id = c.worker_user_id AND NEW.subject_role = 'WORKER'
                 AND NEW.author_id IN (
                   SELECT m.user_id FROM employer_members m
                   WHERE m.employer_id = c.employer_id
                     AND (m.user_id = c.employer_user_id
                          OR (m.role = 'OWNER' AND NOT EXISTS (
                                SELECT 1 FROM employer_members p WHERE p.employer_id = c.employer_id AND p.user_id = c.employer_user_id))))))
           OR NEW.employer_id <> c.employer_id THEN
          RAISE EXCEPTION 'a review is by one side of contract % about the other', NEW.contract_id
            USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        PERFORM pg_advisory_xact_lock(hashtext('reviews:' || c.conversation_id::text || ':' || NEW.subject_role));
        IF EXISTS (SELECT 1 FROM reviews r JOIN contracts k ON k.id = r.contract_id
                   WHERE k.conversation_id = c.conversation_id AND r.subject_role = NEW.subject_role) THEN
          RAISE EXCEPTION 'the % side of conversation % has already been reviewed', lower(NEW.subject_role), c.conversation_id
            USING ERRCODE = 'unique_violation', CONSTRAINT = 'reviews_once_per_conversation_side';
        END IF;
        RETURN NEW;
      END $$`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE OR REPLACE FUNCTION check_new_review() RETURNS trigger LANGUAGE plpgsql AS $$
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
  }
}
