import { Field } from 'type-graphql';
import { Column, CreateDateColumn, Entity, Index, UpdateDateColumn } from 'typeorm';
import { timestampColumn } from '../../db/column-types.js';
import { EditVersionField, UrlField } from '../../shared/field-columns.js';
import { GlobalIdEntity } from '../../shared/global-id-entity.js';
import { CatalogNodeType, NodeInterface } from '../node/node.interface.js';

/** A spec document; several programs may list the same one (the infrastructure download). */
@Entity('spec')
@Index('UQ_spec_title_url', ['title', 'url'], { unique: true })
@CatalogNodeType('Spec', 'A specification document of a program.')
export class SpecEntity extends GlobalIdEntity('Spec') implements NodeInterface {
  @Field(() => String, { description: "The document's title." })
  @Column({ type: 'varchar', length: 500 })
  title!: string;

  @UrlField('Absolute address of the document, if published.')
  url!: string | null;

  @EditVersionField()
  version!: number;

  @CreateDateColumn(timestampColumn({ name: 'created_at' }))
  createdAt!: Date;

  @UpdateDateColumn(timestampColumn({ name: 'updated_at' }))
  updatedAt!: Date;
}
