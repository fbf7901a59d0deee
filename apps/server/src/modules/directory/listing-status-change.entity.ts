import { ListingStatus } from '@certhub/domain/directory';
import { DateTimeISOResolver } from 'graphql-scalars';
import { Field, ObjectType } from 'type-graphql';
import { Column, Entity, Index, type Relation } from 'typeorm';
import { timestampColumn } from '../../db/column-types.js';
import { BelongsTo } from '../../shared/field-columns.js';
import { StatusChangeRow } from '../../shared/status-change-row.js';
import { CertifiedProductEntity } from './certified-product.entity.js';
import './directory.enums.js';

/** A listing's statuses, from and to; resolved through type-graphql, as the type's other fields. */
const ListingStatusChangeRow = StatusChangeRow(ListingStatus, {
  length: 16,
  first: 'Null when the product was first listed.',
  simple: false,
});

/** One move of a listing between LISTED and WITHDRAWN: its public history. */
@Entity('listing_status_change')
@Index('IDX_listing_status_change_product', ['productId', 'changedAt'])
@ObjectType('ListingStatusChange', { description: 'A listing being listed, withdrawn or listed again.' })
export class ListingStatusChangeEntity extends ListingStatusChangeRow {
  @Column({ name: 'product_id', type: 'integer' })
  productId!: number;

  @BelongsTo(() => CertifiedProductEntity, 'product_id', 'CASCADE')
  product?: Relation<CertifiedProductEntity>;

  @Field(() => DateTimeISOResolver, { description: 'When the status changed.' })
  @Column(timestampColumn({ name: 'changed_at' }))
  changedAt!: Date;
}
