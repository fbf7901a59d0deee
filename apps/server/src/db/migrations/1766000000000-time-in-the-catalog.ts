import { type MigrationInterface, type QueryRunner, TableIndex } from 'typeorm';
import { migrationColumns } from '../column-types.js';

/**
 * Time in the catalogue: changes take effect at a moment of their own (an import of a page
 * version dated in the past), and a program may name the address vendors write to about joining.
 */
export class TimeInTheCatalog1766000000000 implements MigrationInterface {
  name = 'TimeInTheCatalog1766000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const { timestamp } = migrationColumns(queryRunner);
    // A plain ALTER: TypeORM's addColumn rebuilds the table on SQLite, and the rebuilt table would
    // lose the AUTOINCREMENT that keeps audit ids from ever being handed out twice.
    await queryRunner.query(`ALTER TABLE "audit_event" ADD COLUMN "effective_at" ${timestamp} NULL`);
    await queryRunner.query('UPDATE audit_event SET effective_at = occurred_at');
    await queryRunner.createIndex(
      'audit_event',
      new TableIndex({ name: 'IDX_audit_event_effective_at', columnNames: ['effective_at'] }),
    );
    await queryRunner.query('ALTER TABLE "program" ADD COLUMN "admission_contact" varchar(320) NULL');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "program" DROP COLUMN "admission_contact"');
    await queryRunner.dropIndex('audit_event', 'IDX_audit_event_effective_at');
    await queryRunner.query('ALTER TABLE "audit_event" DROP COLUMN "effective_at"');
  }
}
