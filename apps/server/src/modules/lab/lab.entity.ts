import { CreateDateColumn, Entity, UpdateDateColumn } from 'typeorm';
import { timestampColumn } from '../../db/column-types.js';
import { EditVersionField, NameField, SlugField, UrlField } from '../../shared/field-columns.js';
import { GlobalIdEntity } from '../../shared/global-id-entity.js';
import { CatalogNodeType, NodeInterface } from '../node/node.interface.js';

@Entity('lab')
@CatalogNodeType('Lab', 'An independent lab that certifies products.')
export class LabEntity extends GlobalIdEntity('Lab') implements NodeInterface {
  @SlugField('Short, URL-safe name, unique among labs.')
  slug!: string;

  @NameField("The lab's name.")
  name!: string;

  @UrlField("The lab's page for this certification program.")
  url!: string | null;

  @EditVersionField()
  version!: number;

  @CreateDateColumn(timestampColumn({ name: 'created_at' }))
  createdAt!: Date;

  @UpdateDateColumn(timestampColumn({ name: 'updated_at' }))
  updatedAt!: Date;
}
