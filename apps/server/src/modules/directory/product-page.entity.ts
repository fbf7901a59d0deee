import type { AttributeColumn } from '@certhub/domain/directory';
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { timestampColumn } from '../../db/column-types.js';

/**
 * A docs page of certified products as last imported: the program it belongs to and the attribute
 * columns its tables declare (the program's columns are those of its pages, in page order).
 */
@Entity('product_page')
@Index('IDX_product_page_program', ['programId'])
export class ProductPageEntity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  /** Where the docs site publishes the page ("certification/infra-sbc"). */
  @Column({ type: 'varchar', length: 200, unique: true })
  path!: string;

  @Column({ name: 'program_id', type: 'integer' })
  programId!: number;

  @Column({ type: 'varchar', length: 300 })
  title!: string;

  @Column({ name: 'attribute_columns', type: 'simple-json' })
  columns!: AttributeColumn[];

  @Column(timestampColumn({ name: 'imported_at' }))
  importedAt!: Date;
}
