import { ListingStatus } from '@certhub/domain/directory';
import { DateTimeISOResolver } from 'graphql-scalars';
import { Field, ObjectType } from 'type-graphql';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { timestampColumn } from '../../db/column-types.js';
import { CertifiedProductEntity } from './certified-product.entity.js';
import './directory.enums.js';

/** One move of a listing between LISTED and WITHDRAWN: its public history. */
@Entity('listing_status_change')
@Index('IDX_listing_status_change_product', ['productId', 'changedAt'])
@ObjectType('ListingStatusChange', { description: 'A listing being listed, withdrawn or listed again.' })
export class ListingStatusChangeEntity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  @Column({ name: 'product_id', type: 'integer' })
  productId!: number;

  @ManyToOne(() => CertifiedProductEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'product_id' })
  product?: Relation<CertifiedProductEntity>;

  @Field(() => ListingStatus, { nullable: true, description: 'Null when the product was first listed.' })
  @Column({ name: 'from_status', type: 'varchar', length: 16, nullable: true })
  from!: ListingStatus | null;

  @Field(() => ListingStatus, { description: 'The new status.' })
  @Column({ name: 'to_status', type: 'varchar', length: 16 })
  to!: ListingStatus;

  @Field(() => DateTimeISOResolver, { description: 'When the status changed.' })
  @Column(timestampColumn({ name: 'changed_at' }))
  changedAt!: Date;
}
