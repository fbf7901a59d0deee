import { type MigrationInterface, type QueryRunner, Table } from 'typeorm';
import { migrationColumns } from '../column-types.js';

/**
 * The catalogue: categories, programs, labs, spec documents, the how-to-join content, and the
 * audit trail. Written with TypeORM's Table API so that one migration serves SQLite and PostgreSQL.
 */
export class InitialSchema1764300000000 implements MigrationInterface {
  name = 'InitialSchema1764300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const { timestamp, id, stamp, foreignKey } = migrationColumns(queryRunner);
    // The how-to-join page's numbered texts (requirements, notes): the same table twice, by name.
    const textList = (name: string) =>
      new Table({
        name,
        columns: [
          { name: 'id', type: 'varchar', length: '100', isPrimary: true },
          { name: 'text', type: 'text' },
          { name: 'position', type: 'integer' },
        ],
      });

    await queryRunner.createTable(
      new Table({
        name: 'category',
        columns: [
          id,
          { name: 'slug', type: 'varchar', length: '100', isUnique: true },
          { name: 'name', type: 'varchar', length: '200' },
          { name: 'position', type: 'integer' },
          stamp('created_at'),
          stamp('updated_at'),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'program',
        columns: [
          id,
          { name: 'slug', type: 'varchar', length: '100', isUnique: true },
          { name: 'name', type: 'varchar', length: '200' },
          { name: 'category_id', type: 'integer' },
          { name: 'position', type: 'integer' },
          { name: 'admission_status', type: 'varchar', length: '32' },
          { name: 'spec_availability', type: 'varchar', length: '32', isNullable: true },
          { name: 'lab_availability', type: 'varchar', length: '32', isNullable: true },
          { name: 'version', type: 'integer', default: 1 },
          { name: 'status_changed_at', type: timestamp },
          stamp('created_at'),
          stamp('updated_at'),
        ],
        foreignKeys: [foreignKey('category_id', 'category', 'RESTRICT')],
        indices: [
          { name: 'IDX_program_category_position', columnNames: ['category_id', 'position'] },
          { name: 'IDX_program_admission_status', columnNames: ['admission_status'] },
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'lab',
        columns: [
          id,
          { name: 'slug', type: 'varchar', length: '100', isUnique: true },
          { name: 'name', type: 'varchar', length: '200' },
          { name: 'url', type: 'varchar', length: '2000', isNullable: true },
          stamp('created_at'),
          stamp('updated_at'),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'spec',
        columns: [
          id,
          { name: 'title', type: 'varchar', length: '500' },
          { name: 'url', type: 'varchar', length: '2000', isNullable: true },
          stamp('created_at'),
          stamp('updated_at'),
        ],
        indices: [{ name: 'UQ_spec_title_url', columnNames: ['title', 'url'], isUnique: true }],
      }),
    );
    for (const [table, column, target, index] of [
      ['program_lab', 'lab_id', 'lab', 'IDX_program_lab_lab'],
      ['program_spec', 'spec_id', 'spec', 'IDX_program_spec_spec'],
    ] as const) {
      await queryRunner.createTable(
        new Table({
          name: table,
          columns: [
            { name: 'program_id', type: 'integer', isPrimary: true },
            { name: column, type: 'integer', isPrimary: true },
            { name: 'position', type: 'integer' },
          ],
          foreignKeys: [foreignKey('program_id', 'program', 'CASCADE'), foreignKey(column, target, 'RESTRICT')],
          indices: [{ name: index, columnNames: [column] }],
        }),
      );
    }
    await queryRunner.createTable(textList('requirement'));
    await queryRunner.createTable(
      new Table({
        name: 'admission_step',
        columns: [
          { name: 'position', type: 'integer', isPrimary: true },
          { name: 'text', type: 'text' },
        ],
      }),
    );
    await queryRunner.createTable(textList('note'));
    await queryRunner.createTable(
      new Table({
        name: 'audit_event',
        columns: [
          id,
          { name: 'batch_id', type: 'varchar', length: '36' },
          stamp('occurred_at'),
          { name: 'actor', type: 'varchar', length: '200' },
          { name: 'entity_type', type: 'varchar', length: '50' },
          { name: 'entity_id', type: 'varchar', length: '100' },
          { name: 'action', type: 'varchar', length: '50' },
          { name: 'summary', type: 'text' },
          { name: 'changes', type: 'text', isNullable: true },
        ],
        indices: [
          { name: 'IDX_audit_event_entity', columnNames: ['entity_type', 'entity_id'] },
          { name: 'IDX_audit_event_batch', columnNames: ['batch_id'] },
          { name: 'IDX_audit_event_occurred_at', columnNames: ['occurred_at'] },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of [
      'audit_event',
      'note',
      'admission_step',
      'requirement',
      'program_spec',
      'program_lab',
      'spec',
      'lab',
      'program',
      'category',
    ]) {
      await queryRunner.dropTable(table);
    }
  }
}
