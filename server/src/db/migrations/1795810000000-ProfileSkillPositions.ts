import type { MigrationInterface, QueryRunner } from 'typeorm';

/** A profile lists at most 20 skills, each at its own position (0-19): the database holds it too. */
export class ProfileSkillPositions1795810000000 implements MigrationInterface {
  name = 'ProfileSkillPositions1795810000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "profile_skills" ADD CONSTRAINT "UQ_profile_skills_user_position" UNIQUE ("user_id", "position")`);
    await queryRunner.query(`ALTER TABLE "profile_skills" ADD CONSTRAINT "CHK_profile_skills_position" CHECK ("position" BETWEEN 0 AND 19)`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "profile_skills" DROP CONSTRAINT "CHK_profile_skills_position"`);
    await queryRunner.query(`ALTER TABLE "profile_skills" DROP CONSTRAINT "UQ_profile_skills_user_position"`);
  }
}
