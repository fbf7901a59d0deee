import { type MigrationInterface, type QueryRunner, TableIndex } from 'typeorm';

/**
 * A submission looks for an open application of the same company to the program, by name key or
 * by website host. The host had no index, so each submission read every open application of the
 * program, a cost that grew with them (the soak slowed as its applications piled up).
 */
export class ApplicationWebsiteIndex1767300000000 implements MigrationInterface {
  name = 'ApplicationWebsiteIndex1767300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createIndex(
      'application',
      new TableIndex({ name: 'IDX_application_program_website', columnNames: ['program_id', 'website_host'] }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('application', 'IDX_application_program_website');
  }
}
