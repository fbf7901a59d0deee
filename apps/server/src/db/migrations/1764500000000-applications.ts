import { type MigrationInterface, type QueryRunner, Table } from 'typeorm';
import { migrationColumns } from '../column-types.js';

/**
 * Vendor applications with their timelines (status changes, messages, internal notes), and the
 * notification outbox that tells applicants and staff what happened.
 */
export class Applications1764500000000 implements MigrationInterface {
  name = 'Applications1764500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const { timestamp, id, stamp, foreignKey } = migrationColumns(queryRunner);

    await queryRunner.createTable(
      new Table({
        name: 'application',
        columns: [
          id,
          { name: 'reference', type: 'varchar', length: '16', isUnique: true },
          { name: 'program_id', type: 'integer' },
          { name: 'status', type: 'varchar', length: '32' },
          { name: 'company_name', type: 'varchar', length: '200' },
          { name: 'company_key', type: 'varchar', length: '200' },
          { name: 'company_website', type: 'varchar', length: '500' },
          { name: 'website_host', type: 'varchar', length: '255', isNullable: true },
          { name: 'headquarters_country', type: 'varchar', length: '2' },
          { name: 'contact_name', type: 'varchar', length: '200' },
          { name: 'contact_email', type: 'varchar', length: '320' },
          { name: 'contact_phone', type: 'varchar', length: '40', isNullable: true },
          { name: 'product_summary', type: 'text' },
          { name: 'message', type: 'text' },
          { name: 'attested_requirement_ids', type: 'text' },
          { name: 'access_token_hash', type: 'varchar', length: '64' },
          { name: 'version', type: 'integer', default: 1 },
          stamp('submitted_at'),
          { name: 'status_changed_at', type: timestamp },
          { name: 'decided_at', type: timestamp, isNullable: true },
          { name: 'accepted_at', type: timestamp, isNullable: true },
          { name: 'onboarded_at', type: timestamp, isNullable: true },
          stamp('updated_at'),
        ],
        foreignKeys: [foreignKey('program_id', 'program', 'RESTRICT')],
        indices: [
          { name: 'IDX_application_program_status', columnNames: ['program_id', 'status'] },
          { name: 'IDX_application_program_company', columnNames: ['program_id', 'company_key'] },
          { name: 'IDX_application_submitted_at', columnNames: ['submitted_at'] },
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'application_event',
        columns: [
          id,
          { name: 'application_id', type: 'integer' },
          { name: 'kind', type: 'varchar', length: '16' },
          { name: 'author', type: 'varchar', length: '16' },
          { name: 'author_user_id', type: 'integer', isNullable: true },
          { name: 'author_name', type: 'varchar', length: '320', isNullable: true },
          { name: 'from_status', type: 'varchar', length: '32', isNullable: true },
          { name: 'to_status', type: 'varchar', length: '32', isNullable: true },
          { name: 'body', type: 'text', isNullable: true },
          { name: 'vendor_visible', type: 'boolean' },
          stamp('occurred_at'),
        ],
        foreignKeys: [foreignKey('application_id', 'application', 'CASCADE')],
        indices: [{ name: 'IDX_application_event_application', columnNames: ['application_id', 'occurred_at'] }],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'notification',
        columns: [
          id,
          { name: 'kind', type: 'varchar', length: '50' },
          { name: 'audience', type: 'varchar', length: '16' },
          { name: 'recipient', type: 'varchar', length: '320', isNullable: true },
          { name: 'subject', type: 'varchar', length: '300' },
          { name: 'body', type: 'text' },
          { name: 'application_id', type: 'integer', isNullable: true },
          { name: 'status', type: 'varchar', length: '16' },
          { name: 'attempts', type: 'integer', default: 0 },
          { name: 'next_attempt_at', type: timestamp },
          { name: 'last_error', type: 'text', isNullable: true },
          { name: 'sent_at', type: timestamp, isNullable: true },
          stamp('created_at'),
        ],
        indices: [
          { name: 'IDX_notification_due', columnNames: ['status', 'next_attempt_at'] },
          { name: 'IDX_notification_application', columnNames: ['application_id'] },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['notification', 'application_event', 'application']) await queryRunner.dropTable(table);
  }
}
