import type { MigrationInterface, QueryRunner } from 'typeorm';

/** A watch keeps the language of the page it was asked on, for its emails; watches from before were English. */
export class WatchLocale1766200000000 implements MigrationInterface {
  name = 'WatchLocale1766200000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // A plain ALTER on both databases: TypeORM's addColumn would rebuild the table on SQLite.
    await queryRunner.query(`ALTER TABLE "program_watch" ADD COLUMN "locale" varchar(8) NOT NULL DEFAULT 'en'`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "program_watch" DROP COLUMN "locale"');
  }
}
