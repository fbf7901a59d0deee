import { type MigrationInterface, type QueryRunner, Table } from 'typeorm';
import { migrationColumns } from '../column-types.js';

/** The directory: vendors, the products programs have certified, their status history, the imported pages. */
export class Directory1767000000000 implements MigrationInterface {
  name = 'Directory1767000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const { timestamp, id, stamp, foreignKey } = migrationColumns(queryRunner);
    await queryRunner.createTable(
      new Table({
        name: 'vendor',
        columns: [
          id,
          { name: 'slug', type: 'varchar', length: '100', isUnique: true },
          { name: 'name', type: 'varchar', length: '200' },
          { name: 'url', type: 'varchar', length: '2000', isNullable: true },
          { name: 'search_key', type: 'varchar', length: '200' },
          stamp('created_at'),
          stamp('updated_at'),
        ],
        indices: [{ name: 'IDX_vendor_search_key', columnNames: ['search_key'] }],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'certified_product',
        columns: [
          id,
          { name: 'program_id', type: 'integer' },
          { name: 'vendor_id', type: 'integer' },
          { name: 'slug', type: 'varchar', length: '100' },
          { name: 'listing_slug', type: 'varchar', length: '320', isUnique: true },
          { name: 'name', type: 'varchar', length: '300' },
          { name: 'listing_group', type: 'varchar', length: '200', isNullable: true },
          { name: 'attributes', type: 'text' },
          { name: 'listing_notes', type: 'text' },
          { name: 'status', type: 'varchar', length: '16' },
          { name: 'listed_since', type: timestamp },
          { name: 'withdrawn_at', type: timestamp, isNullable: true },
          { name: 'source_page', type: 'varchar', length: '200', isNullable: true },
          { name: 'application_id', type: 'integer', isNullable: true },
          { name: 'search_key', type: 'varchar', length: '600' },
          { name: 'version', type: 'integer', default: 1 },
          stamp('created_at'),
          stamp('updated_at'),
        ],
        foreignKeys: [foreignKey('program_id', 'program', 'RESTRICT'), foreignKey('vendor_id', 'vendor', 'RESTRICT')],
        indices: [
          { name: 'UQ_certified_product_listing', columnNames: ['program_id', 'vendor_id', 'slug'], isUnique: true },
          { name: 'IDX_certified_product_program_status', columnNames: ['program_id', 'status'] },
          { name: 'IDX_certified_product_vendor', columnNames: ['vendor_id'] },
          { name: 'IDX_certified_product_search_key', columnNames: ['search_key'] },
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'listing_status_change',
        columns: [
          id,
          { name: 'product_id', type: 'integer' },
          { name: 'from_status', type: 'varchar', length: '16', isNullable: true },
          { name: 'to_status', type: 'varchar', length: '16' },
          { name: 'changed_at', type: timestamp },
        ],
        foreignKeys: [foreignKey('product_id', 'certified_product', 'CASCADE')],
        indices: [{ name: 'IDX_listing_status_change_product', columnNames: ['product_id', 'changed_at'] }],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'product_page',
        columns: [
          id,
          { name: 'path', type: 'varchar', length: '200', isUnique: true },
          { name: 'program_id', type: 'integer' },
          { name: 'title', type: 'varchar', length: '300' },
          { name: 'attribute_columns', type: 'text' },
          { name: 'imported_at', type: timestamp },
        ],
        indices: [{ name: 'IDX_product_page_program', columnNames: ['program_id'] }],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('product_page');
    await queryRunner.dropTable('listing_status_change');
    await queryRunner.dropTable('certified_product');
    await queryRunner.dropTable('vendor');
  }
}
