import { type AttributeValue, type ListingNote, ListingStatus } from '@certhub/domain/directory';
import { DateTimeISOResolver } from 'graphql-scalars';
import { Field, ObjectType } from 'type-graphql';
import { Column, CreateDateColumn, Entity, Index, type Relation, UpdateDateColumn } from 'typeorm';
import { timestampColumn } from '../../db/column-types.js';
import { BelongsTo, EditVersionField } from '../../shared/field-columns.js';
import { GlobalIdEntity } from '../../shared/global-id-entity.js';
import { NodeInterface } from '../node/node.interface.js';
import { ProgramEntity } from '../program/program.entity.js';
import './directory.enums.js';
import { VendorEntity } from './vendor.entity.js';

/**
 * A product a program has certified: one row per program, vendor and product, never deleted. An
 * import matches rows by (program, vendor slug, slug) and only withdraws rows from its own page.
 */
@Entity('certified_product')
@Index('UQ_certified_product_listing', ['programId', 'vendorId', 'slug'], { unique: true })
@Index('IDX_certified_product_program_status', ['programId', 'status'])
@Index('IDX_certified_product_vendor', ['vendorId'])
@ObjectType('CertifiedProduct', { implements: NodeInterface, description: 'A product listed by a certification program.' })
export class CertifiedProductEntity extends GlobalIdEntity('CertifiedProduct') implements NodeInterface {
  @Column({ name: 'program_id', type: 'integer' })
  programId!: number;

  @BelongsTo(() => ProgramEntity, 'program_id', 'RESTRICT')
  program?: Relation<ProgramEntity>;

  @Column({ name: 'vendor_id', type: 'integer' })
  vendorId!: number;

  @BelongsTo(() => VendorEntity, 'vendor_id', 'RESTRICT')
  vendor?: Relation<VendorEntity>;

  /** Unique among the vendor's listings in the program: what an import matches listings by. */
  @Column({ type: 'varchar', length: 100 })
  slug!: string;

  @Field(() => String, {
    name: 'slug',
    description:
      'The listing\'s stable address, unique in the directory ("audiocodes-mediant-500-e-sbc-sbc"): what certifiedProduct(slug:) takes. Set once; renames keep it.',
  })
  @Column({ name: 'listing_slug', type: 'varchar', length: 320, unique: true })
  listingSlug!: string;

  @Field(() => String, { description: "The product's name as the program lists it." })
  @Column({ type: 'varchar', length: 300 })
  name!: string;

  @Field(() => String, {
    nullable: true,
    description: 'The heading the product is listed under on its page ("Monitors"), if any.',
  })
  @Column({ name: 'listing_group', type: 'varchar', length: 200, nullable: true })
  group!: string | null;

  /** In the program's column order. */
  @Column({ type: 'simple-json' })
  attributes!: AttributeValue[];

  /** Footnotes the listing's markers refer to. */
  @Column({ name: 'listing_notes', type: 'simple-json' })
  notes!: ListingNote[];

  @Field(() => ListingStatus, { description: 'Whether the program lists the product today.' })
  @Column({ type: 'varchar', length: 16 })
  status!: ListingStatus;

  @Field(() => DateTimeISOResolver, { description: 'When the product was first listed.' })
  @Column(timestampColumn({ name: 'listed_since' }))
  listedSince!: Date;

  @Field(() => DateTimeISOResolver, { nullable: true, description: 'When the product was withdrawn; null while listed.' })
  @Column(timestampColumn({ name: 'withdrawn_at', nullable: true }))
  withdrawnAt!: Date | null;

  /** The docs page the listing was imported from ("certification/infra-sbc"); null for one staff added. */
  @Column({ name: 'source_page', type: 'varchar', length: 200, nullable: true })
  sourcePage!: string | null;

  /** The application the listing was created from, if any. Staff only. */
  @Column({ name: 'application_id', type: 'integer', nullable: true })
  applicationId!: number | null;

  /** Vendor and product name folded for search (`searchKey` in @certhub/domain/directory). */
  @Index('IDX_certified_product_search_key')
  @Column({ name: 'search_key', type: 'varchar', length: 600 })
  searchKey!: string;

  @EditVersionField()
  version!: number;

  @CreateDateColumn(timestampColumn({ name: 'created_at' }))
  createdAt!: Date;

  @Field(() => DateTimeISOResolver, { description: 'When anything about the listing last changed.' })
  @UpdateDateColumn(timestampColumn({ name: 'updated_at' }))
  updatedAt!: Date;
}
