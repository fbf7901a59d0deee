import { DateTimeISOResolver } from 'graphql-scalars';
import { Field, ID, ObjectType } from 'type-graphql';
import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { timestampColumn } from '../../db/column-types.js';
import { toGlobalId } from '../../shared/global-id.js';
import { NodeInterface } from '../node/node.interface.js';

/** A company whose products a program has certified; one row across programs, matched by slug. */
@Entity('vendor')
@ObjectType('Vendor', { implements: NodeInterface, description: 'A company with certified products.' })
export class VendorEntity implements NodeInterface {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  @Field(() => ID, { name: 'id', description: 'Global, opaque id.' })
  get globalId(): string {
    return toGlobalId('Vendor', this.id);
  }

  @Field(() => String, { description: 'Short, URL-safe name, unique among vendors; what vendor(slug:) takes.' })
  @Column({ type: 'varchar', length: 100, unique: true })
  slug!: string;

  @Field(() => String, { description: "The company's name as the program's pages write it." })
  @Column({ type: 'varchar', length: 200 })
  name!: string;

  @Field(() => String, { nullable: true, description: "The company's website, when a page links it." })
  @Column({ type: 'varchar', length: 2000, nullable: true })
  url!: string | null;

  /** The name folded for search (accents, case); see `searchKey` in @certhub/domain/directory. */
  @Index('IDX_vendor_search_key')
  @Column({ name: 'search_key', type: 'varchar', length: 200 })
  searchKey!: string;

  @CreateDateColumn(timestampColumn({ name: 'created_at' }))
  createdAt!: Date;

  @Field(() => DateTimeISOResolver, { description: 'When anything about the vendor last changed.' })
  @UpdateDateColumn(timestampColumn({ name: 'updated_at' }))
  updatedAt!: Date;
}
