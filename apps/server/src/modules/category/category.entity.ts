import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { timestampColumn } from '../../db/column-types.js';
import { toGlobalId } from '../../shared/global-id.js';
import { NodeInterface } from '../node/node.interface.js';

@Entity('category')
// Plain columns resolve as plain reads (no type-graphql wrapper per field and row): see docs/benchmark.md.
@ObjectType('Category', {
  simpleResolvers: true,
  implements: NodeInterface,
  description: 'A group of programs, such as Devices.',
})
export class CategoryEntity implements NodeInterface {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  // Not simple: the field is named `id`, but its value is this getter's.
  @Field(() => ID, { name: 'id', simple: false, description: 'Global, opaque id.' })
  get globalId(): string {
    return toGlobalId('Category', this.id);
  }

  @Field(() => String, { description: 'Short, URL-safe name, unique among categories.' })
  @Column({ type: 'varchar', length: 100, unique: true })
  slug!: string;

  @Field(() => String, { description: 'The name shown in the catalogue.' })
  @Column({ type: 'varchar', length: 200 })
  name!: string;

  @Field(() => Int, { description: 'Order on the page, from 0.' })
  @Column({ type: 'integer' })
  position!: number;

  @Field(() => Int, { description: 'Incremented on every change; send it back with an edit to detect conflicts.' })
  @Column({ type: 'integer', default: 1 })
  version!: number;

  @CreateDateColumn(timestampColumn({ name: 'created_at' }))
  createdAt!: Date;

  @UpdateDateColumn(timestampColumn({ name: 'updated_at' }))
  updatedAt!: Date;
}
