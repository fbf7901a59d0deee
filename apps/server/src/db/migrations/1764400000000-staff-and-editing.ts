import { type MigrationInterface, type QueryRunner, Table, TableColumn, TableIndex } from 'typeorm';
import { migrationColumns } from '../column-types.js';

/**
 * Staff accounts and their sessions; versions on every editable entity; the public history of
 * status changes; the catalogue revision that public response caches are keyed by; who, why and which request in the audit trail; a program's capacity and notes.
 */
export class StaffAndEditing1764400000000 implements MigrationInterface {
  name = 'StaffAndEditing1764400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const { timestamp, id, stamp, boolean, foreignKey } = migrationColumns(queryRunner);

    await queryRunner.createTable(
      new Table({
        name: 'user',
        columns: [
          id,
          { name: 'email', type: 'varchar', length: '320', isUnique: true },
          { name: 'display_name', type: 'varchar', length: '200' },
          { name: 'role', type: 'varchar', length: '16' },
          { name: 'password_hash', type: 'varchar', length: '255' },
          boolean('disabled', false),
          boolean('must_change_password', false),
          { name: 'version', type: 'integer', default: 1 },
          { name: 'last_login_at', type: timestamp, isNullable: true },
          stamp('created_at'),
          stamp('updated_at'),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'session',
        columns: [
          { name: 'id', type: 'varchar', length: '64', isPrimary: true },
          { name: 'user_id', type: 'integer' },
          stamp('created_at'),
          { name: 'last_seen_at', type: timestamp },
          { name: 'expires_at', type: timestamp },
          { name: 'ip', type: 'varchar', length: '64', isNullable: true },
          { name: 'user_agent', type: 'varchar', length: '500', isNullable: true },
        ],
        foreignKeys: [foreignKey('user_id', 'user', 'CASCADE')],
        indices: [{ name: 'IDX_session_user', columnNames: ['user_id'] }],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'program_status_change',
        columns: [
          id,
          { name: 'program_id', type: 'integer' },
          { name: 'from_status', type: 'varchar', length: '32', isNullable: true },
          { name: 'to_status', type: 'varchar', length: '32' },
          stamp('changed_at'),
        ],
        foreignKeys: [foreignKey('program_id', 'program', 'CASCADE')],
        indices: [{ name: 'IDX_program_status_change_program', columnNames: ['program_id', 'changed_at'] }],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'catalog_revision',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true },
          { name: 'revision', type: 'integer', default: 0 },
        ],
      }),
    );
    await queryRunner.query('INSERT INTO catalog_revision (id, revision) VALUES (1, 0)');
    for (const table of ['category', 'lab', 'spec']) {
      await queryRunner.addColumn(table, new TableColumn({ name: 'version', type: 'integer', default: 1 }));
    }
    await queryRunner.addColumns('program', [
      new TableColumn({ name: 'partner_capacity', type: 'integer', isNullable: true }),
      new TableColumn({ name: 'internal_notes', type: 'text', isNullable: true }),
    ]);
    await queryRunner.addColumns('audit_event', [
      new TableColumn({ name: 'actor_id', type: 'integer', isNullable: true }),
      new TableColumn({ name: 'request_id', type: 'varchar', length: '64', isNullable: true }),
      new TableColumn({ name: 'reason', type: 'text', isNullable: true }),
    ]);
    await queryRunner.createIndex('audit_event', new TableIndex({ name: 'IDX_audit_event_actor', columnNames: ['actor_id'] }));
    // Programs that exist already start their public history with their current status.
    await queryRunner.query(
      'INSERT INTO program_status_change (program_id, from_status, to_status, changed_at) SELECT id, NULL, admission_status, status_changed_at FROM program',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('audit_event', 'IDX_audit_event_actor');
    await queryRunner.dropColumns('audit_event', ['actor_id', 'request_id', 'reason']);
    await queryRunner.dropColumns('program', ['partner_capacity', 'internal_notes']);
    for (const table of ['category', 'lab', 'spec']) await queryRunner.dropColumn(table, 'version');
    for (const table of ['catalog_revision', 'program_status_change', 'session', 'user']) await queryRunner.dropTable(table);
  }
}
