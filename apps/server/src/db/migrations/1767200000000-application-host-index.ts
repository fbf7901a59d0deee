import { type MigrationInterface, type QueryRunner, TableIndex } from 'typeorm';

/**
 * A new application is checked against the open applications of its program from the same company:
 * same name key, or same website host. The name had an index; the host had none, so the check read
 * every open application of the program, and applying slowed down as applications came in (the
 * soak sends thousands to one program). With this index both halves are index lookups.
 */
export class ApplicationHostIndex1767200000000 implements MigrationInterface {
  name = 'ApplicationHostIndex1767200000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createIndex(
      'application',
      new TableIndex({ name: 'IDX_application_program_host', columnNames: ['program_id', 'website_host'] }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('application', 'IDX_application_program_host');
  }
}
