import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { timestampColumn } from '../../db/column-types.js';
import { toGlobalId } from '../../shared/global-id.js';
import { NodeInterface } from '../node/node.interface.js';

@Entity('lab')
// Plain columns resolve as plain reads (no type-graphql wrapper per field and row): see docs/benchmark.md.
@ObjectType('Lab', {
  simpleResolvers: true,
  implements: NodeInterface,
  description: 'An independent lab that certifies products.',
})
export class LabEntity implements NodeInterface {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  // Not simple: the field is named `id`, but its value is this getter's.
  @Field(() => ID, { name: 'id', simple: false, description: 'Global, opaque id.' })
  get globalId(): string {
    return toGlobalId('Lab', this.id);
  }

  @Field(() => String, { description: 'Short, URL-safe name, unique among labs.' })
  @Column({ type: 'varchar', length: 100, unique: true })
  slug!: string;

  @Field(() => String, { description: "The lab's name." })
  @Column({ type: 'varchar', length: 200 })
  name!: string;

  @Field(() => String, { nullable: true, description: "The lab's page for this certification program." })
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
