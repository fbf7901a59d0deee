import { DateTimeISOResolver } from 'graphql-scalars';
import { Field, ObjectType } from 'type-graphql';
import { Column, CreateDateColumn, Entity, Index, UpdateDateColumn } from 'typeorm';
import { timestampColumn } from '../../db/column-types.js';
import { NameField, SlugField, UrlField } from '../../shared/field-columns.js';
import { GlobalIdEntity } from '../../shared/global-id-entity.js';
import { NodeInterface } from '../node/node.interface.js';

/** A company whose products a program has certified; one row across programs, matched by slug. */
@Entity('vendor')
@ObjectType('Vendor', { implements: NodeInterface, description: 'A company with certified products.' })
export class VendorEntity extends GlobalIdEntity('Vendor') implements NodeInterface {
  @SlugField('Short, URL-safe name, unique among vendors; what vendor(slug:) takes.')
  slug!: string;

  @NameField("The company's name as the program's pages write it.")
  name!: string;

  @UrlField("The company's website, when a page links it.")
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
