import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One contract per conversation that is not cancelled (was: one per conversation, ever): a
 * cancelled contract, even a DRAFT, leaves its conversation free for a new one.
 */
export class ContractAfterCancellation1795810000001 implements MigrationInterface {
  name = 'ContractAfterCancellation1795810000001';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."IDX_a91a2d88cb74e358f61ec55f08"`);
    await queryRunner.query(`CREATE INDEX "IDX_a91a2d88cb74e358f61ec55f08" ON "contracts" ("conversation_id") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_contracts_conversation_not_cancelled" ON "contracts" ("conversation_id") WHERE "status" <> 'CANCELLED'`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."UQ_contracts_conversation_not_cancelled"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_a91a2d88cb74e358f61ec55f08"`);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_a91a2d88cb74e358f61ec55f08" ON "contracts" ("conversation_id") `);
  }
}
