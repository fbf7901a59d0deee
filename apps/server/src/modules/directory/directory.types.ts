import { AttributeKind, type AttributeValue, attributeText, ListingStatus } from '@certhub/domain/directory';
import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { VersionedEditInput } from '../change/change.inputs.js';
import { ProgramEntity } from '../program/program.entity.js';
import './directory.enums.js';

@ObjectType('ProductAttribute', { description: "One of a listing's attributes, in its program's column order." })
export class ProductAttribute {
  @Field(() => String, { description: 'The column\'s name ("Software Version", "ExUM Support").' })
  name!: string;

  @Field(() => AttributeKind, { description: 'How the column reads.' })
  kind!: AttributeKind;

  @Field(() => String, {
    description: 'The value as one line for tables and exports: lines joined by " / ", yes-no as Yes/No; empty when blank.',
  })
  value!: string;

  @Field(() => [String], { description: 'One entry per line of the cell; YES_NO values are "yes" or "no".' })
  values!: string[];

  static of(attribute: AttributeValue): ProductAttribute {
    return { ...attribute, value: attributeText(attribute) };
  }
}

@ObjectType('ProductAttributeColumn', { description: 'An attribute column a program declares for its listings.' })
export class ProductAttributeColumn {
  @Field(() => String, { description: "The column's name." })
  name!: string;

  @Field(() => AttributeKind, { description: 'How the column reads.' })
  kind!: AttributeKind;
}

@ObjectType('ListingNote', { description: 'A footnote of a listing: the marker next to it and the note under its table.' })
export class ListingNoteType {
  @Field(() => String, { description: 'The marker as the page writes it ("‡").' })
  marker!: string;

  @Field(() => String, { description: 'The note.' })
  text!: string;
}

@InputType('CertifiedProductFilter', { description: 'All given conditions must hold.' })
export class CertifiedProductFilterInput {
  @Field(() => String, { nullable: true, description: 'Only listings of this program.' })
  programSlug?: string | null;

  @Field(() => String, { nullable: true, description: 'Only listings of this vendor.' })
  vendorSlug?: string | null;

  @Field(() => ListingStatus, { nullable: true, description: 'Only listings with this status; both when omitted.' })
  status?: ListingStatus | null;

  @Field(() => String, {
    nullable: true,
    description: 'Part of the vendor or product name, any case, accents ignored ("telefonica" finds "Telefónica").',
  })
  search?: string | null;
}

@InputType('ProductAttributeInput', { description: 'An attribute of a listing: the column and its lines.' })
export class ProductAttributeInput {
  @Field(() => String, { description: "The column's name, one the program declares (or a new TEXT column)." })
  name!: string;

  @Field(() => [String], { description: 'One entry per line; YES_NO columns take "yes" or "no".' })
  values!: string[];
}

@InputType('CreateCertifiedProductInput', { description: 'A listing added by staff.' })
export class CreateCertifiedProductInput {
  @Field(() => ID, { description: 'The program listing the product.' })
  programId!: string;

  @Field(() => String, { description: "The vendor's name; an existing vendor with the same slug is reused." })
  vendorName!: string;

  @Field(() => String, { nullable: true, description: "The vendor's website (http or https); kept when omitted." })
  vendorUrl?: string | null;

  @Field(() => String, { description: "The product's name." })
  name!: string;

  @Field(() => [ProductAttributeInput], { nullable: true, description: "Values for the program's columns." })
  attributes?: ProductAttributeInput[] | null;
}

@InputType('UpdateCertifiedProductInput', { description: 'Changes to a listing; omitted fields stay.' })
export class UpdateCertifiedProductInput extends VersionedEditInput('productId', 'The listing to change.') {
  @Field(() => String, { nullable: true, description: "The product's name (its slug stays, so its address does)." })
  name?: string | null;

  @Field(() => ID, {
    nullable: true,
    description:
      'Moves the listing to another program (its address stays). CONFLICT when that program lists the product already.',
  })
  programId?: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      'Moves the listing to another vendor, by name: an existing vendor with the same slug, else a new one (its address stays).',
  })
  vendorName?: string | null;

  @Field(() => String, { nullable: true, description: "A new vendor's website (http or https), with vendorName." })
  vendorUrl?: string | null;

  @Field(() => [ProductAttributeInput], { nullable: true, description: 'Replaces every attribute.' })
  attributes?: ProductAttributeInput[] | null;

  @Field(() => String, { nullable: true, description: 'Why, for the audit trail.' })
  reason?: string | null;
}

@InputType('SetCertifiedProductStatusInput', { description: 'Withdraws a listing or lists it again.' })
export class SetCertifiedProductStatusInput extends VersionedEditInput('productId', 'The listing.') {
  @Field(() => String, { nullable: true, description: 'Why, for the audit trail.' })
  reason?: string | null;
}

@InputType('CreateCertifiedProductFromApplicationInput', { description: "A listing for an ONBOARDED application's product." })
export class CreateCertifiedProductFromApplicationInput {
  @Field(() => ID, { description: 'The application; it must be ONBOARDED.' })
  applicationId!: string;

  @Field(() => String, { description: "The product's name." })
  name!: string;

  @Field(() => String, { nullable: true, description: "The vendor's name; the application's company when omitted." })
  vendorName?: string | null;

  @Field(() => String, { nullable: true, description: "The vendor's website; the application's when omitted." })
  vendorUrl?: string | null;

  @Field(() => [ProductAttributeInput], { nullable: true, description: "Values for the program's columns." })
  attributes?: ProductAttributeInput[] | null;
}

@ObjectType('ProductImportListing', { description: 'A listing an import adds, changes, withdraws or lists again.' })
export class ProductImportListing {
  @Field(() => String, { description: "The vendor's name." })
  vendorName!: string;

  @Field(() => String, { description: "The product's name." })
  name!: string;

  @Field(() => String, { description: "The listing's slug." })
  slug!: string;

  @Field(() => [String], { description: 'What changes, one line each ("Software Version: 4.2.4 → 5.0"); empty for others.' })
  changes!: string[];
}

@ObjectType('ProductImportResult', { description: 'What an import of a product page changes (or would, in a dry run).' })
export class ProductImportResult {
  @Field(() => Boolean, { description: 'True when nothing was written.' })
  dryRun!: boolean;

  @Field(() => String, {
    nullable: true,
    description: 'The audit batch of the changes written; null for a dry run or no change.',
  })
  batchId!: string | null;

  @Field(() => ProgramEntity, { description: 'The program the page belongs to.' })
  program!: ProgramEntity;

  @Field(() => String, { description: 'The page, as the docs site publishes it ("certification/infra-sbc").' })
  pagePath!: string;

  @Field(() => [ProductImportListing], { description: 'Products new to the program.' })
  added!: ProductImportListing[];

  @Field(() => [ProductImportListing], { description: 'Listed products whose name, attributes or notes change.' })
  changed!: ProductImportListing[];

  @Field(() => [ProductImportListing], { description: 'Products no longer on the page: WITHDRAWN, never deleted.' })
  withdrawn!: ProductImportListing[];

  @Field(() => [ProductImportListing], { description: 'Withdrawn products back on the page: LISTED again.' })
  relisted!: ProductImportListing[];

  @Field(() => Int, { description: 'Products on the page that change in no way.' })
  unchangedCount!: number;
}
