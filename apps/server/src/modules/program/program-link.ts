import { Column, PrimaryColumn, type Relation } from 'typeorm';
import { BelongsTo } from '../../shared/field-columns.js';
import { ProgramEntity } from './program.entity.js';

/**
 * What a program's link to a row it lists (a spec document, a lab) holds besides that row: the
 * program, first part of the key, and the row's place in the program's list. Not an entity: each
 * link table's entity extends it with its row (TypeORM copies inherited columns and relations).
 */
export abstract class ProgramLink {
  @PrimaryColumn({ name: 'program_id', type: 'integer' })
  programId!: number;

  @Column({ type: 'integer' })
  position!: number;

  @BelongsTo(() => ProgramEntity, 'program_id', 'CASCADE')
  program?: Relation<ProgramEntity>;
}
