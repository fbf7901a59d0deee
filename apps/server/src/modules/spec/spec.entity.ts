import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { timestampColumn } from '../../db/column-types.js';
import { toGlobalId } from '../../shared/global-id.js';
import { NodeInterface } from '../node/node.interface.js';

/** A spec document; several programs may list the same one (the infrastructure download). */
@Entity('spec')
@Index('UQ_spec_title_url', ['title', 'url'], { unique: true })
// Plain columns resolve as plain reads (no type-graphql wrapper per field and row): see docs/benchmark.md.
@ObjectType('Spec', { simpleResolvers: true, implements: NodeInterface, description: 'A specification document of a program.' })
export class SpecEntity implements NodeInterface {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  // Not simple: the field is named `id`, but its value is this getter's.
  @Field(() => ID, { name: 'id', simple: false, description: 'Global, opaque id.' })
  get globalId(): string {
    return toGlobalId('Spec', this.id);
  }

  @Field(() => String, { description: "The document's title." })
  @Column({ type: 'varchar', length: 500 })
  title!: string;

  @Field(() => String, { nullable: true, description: 'Absolute address of the document, if published.' })
  @Column({ type: 'varchar', length: 2000, nullable: true })
  url!: string | null;

  @Field(() => Int, { description: 'Incremented on every change; send it back with an edit to detect conflicts.' })
  @Column({ type: 'integer', default: 1 })
  version!: number;

  @CreateDateColumn(timestampColumn({ name: 'created_at' }))
  createdAt!: Date;

  @UpdateDateColumn(timestampColumn({ name: 'updated_at' }))
  updatedAt!: Date;
}
