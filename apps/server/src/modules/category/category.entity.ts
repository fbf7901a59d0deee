import { CreateDateColumn, Entity, UpdateDateColumn } from 'typeorm';
import { timestampColumn } from '../../db/column-types.js';
import { EditVersionField, NameField, PositionField, SlugField } from '../../shared/field-columns.js';
import { GlobalIdEntity } from '../../shared/global-id-entity.js';
import { CatalogNodeType, NodeInterface } from '../node/node.interface.js';

@Entity('category')
@CatalogNodeType('Category', 'A group of programs, such as Devices.')
export class CategoryEntity extends GlobalIdEntity('Category') implements NodeInterface {
  @SlugField('Short, URL-safe name, unique among categories.')
  slug!: string;

  @NameField('The name shown in the catalogue.')
  name!: string;

  @PositionField('Order on the page, from 0.')
  position!: number;

  @EditVersionField()
  version!: number;

  @CreateDateColumn(timestampColumn({ name: 'created_at' }))
  createdAt!: Date;

  @UpdateDateColumn(timestampColumn({ name: 'updated_at' }))
  updatedAt!: Date;
}
