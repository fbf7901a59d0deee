import { AttributeKind, type AttributeValue, attributeText, ListingStatus } from '@certhub/domain/directory';
import { ArgsType, Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { PageArgs } from '../../shared/pagination.js';
import { NonNull, Nullable } from '../../shared/schema-fields.js';
import { VersionedEditInput } from '../change/change.inputs.js';
import { ProgramEntity } from '../program/program.entity.js';
import './directory.enums.js';

@ObjectType('ProductAttribute', { description: "One of a listing's attributes, in its program's column order." })
export class ProductAttribute {
  @NonNull(() => String, 'The column\'s name ("Software Version", "ExUM Support").') name!: string;
  @NonNull(() => AttributeKind, 'How the column reads.') kind!: AttributeKind;

  @Field(() => String, {
    description: 'The value as one line for tables and exports: lines joined by " / ", yes-no as Yes/No; empty when blank.',
  })
  value!: string;

  @NonNull(() => [String], 'One entry per line of the cell; YES_NO values are "yes" or "no".') values!: string[];

  static of(attribute: AttributeValue): ProductAttribute {
    return { ...attribute, value: attributeText(attribute) };
  }
}

@ObjectType('ProductAttributeColumn', { description: 'An attribute column a program declares for its listings.' })
export class ProductAttributeColumn {
  @NonNull(() => String, "The column's name.") name!: string;
  @NonNull(() => AttributeKind, 'How the column reads.') kind!: AttributeKind;
}

@ObjectType('ListingNote', { description: 'A footnote of a listing: the marker next to it and the note under its table.' })
export class ListingNoteType {
  @NonNull(() => String, 'The marker as the page writes it ("‡").') marker!: string;
  @NonNull(() => String, 'The note.') text!: string;
}

@InputType('CertifiedProductFilter', { description: 'All given conditions must hold.' })
export class CertifiedProductFilterInput {
  @Nullable(() => String, 'Only listings of this program.') programSlug?: string | null;
  @Nullable(() => String, 'Only listings of this vendor.') vendorSlug?: string | null;
  @Nullable(() => ListingStatus, 'Only listings with this status; both when omitted.') status?: ListingStatus | null;

  @Nullable(() => String, 'Part of the vendor or product name, any case, accents ignored ("telefonica" finds "Telefónica").')
  search?: string | null;
}

/** Which page of a vendor's or a program's listings: of one status or both. */
@ArgsType()
export class ListingPageArgs extends PageArgs {
  @Nullable(() => ListingStatus, 'Only listings with this status.') status?: ListingStatus | null;
}

@InputType('ProductAttributeInput', { description: 'An attribute of a listing: the column and its lines.' })
export class ProductAttributeInput {
  @NonNull(() => String, "The column's name, one the program declares (or a new TEXT column).") name!: string;
  @NonNull(() => [String], 'One entry per line; YES_NO columns take "yes" or "no".') values!: string[];
}

@InputType('CreateCertifiedProductInput', { description: 'A listing added by staff.' })
export class CreateCertifiedProductInput {
  @NonNull(() => ID, 'The program listing the product.') programId!: string;
  @NonNull(() => String, "The vendor's name; an existing vendor with the same slug is reused.") vendorName!: string;
  @Nullable(() => String, "The vendor's website (http or https); kept when omitted.") vendorUrl?: string | null;
  @NonNull(() => String, "The product's name.") name!: string;
  @Nullable(() => [ProductAttributeInput], "Values for the program's columns.") attributes?: ProductAttributeInput[] | null;
}

@InputType('UpdateCertifiedProductInput', { description: 'Changes to a listing; omitted fields stay.' })
export class UpdateCertifiedProductInput extends VersionedEditInput('productId', 'The listing to change.') {
  @Nullable(() => String, "The product's name (its slug stays, so its address does).") name?: string | null;

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

  @Nullable(() => String, "A new vendor's website (http or https), with vendorName.") vendorUrl?: string | null;
  @Nullable(() => [ProductAttributeInput], 'Replaces every attribute.') attributes?: ProductAttributeInput[] | null;
  @Nullable(() => String, 'Why, for the audit trail.') reason?: string | null;
}

@InputType('SetCertifiedProductStatusInput', { description: 'Withdraws a listing or lists it again.' })
export class SetCertifiedProductStatusInput extends VersionedEditInput('productId', 'The listing.') {
  @Nullable(() => String, 'Why, for the audit trail.') reason?: string | null;
}

@InputType('CreateCertifiedProductFromApplicationInput', { description: "A listing for an ONBOARDED application's product." })
export class CreateCertifiedProductFromApplicationInput {
  @NonNull(() => ID, 'The application; it must be ONBOARDED.') applicationId!: string;
  @NonNull(() => String, "The product's name.") name!: string;
  @Nullable(() => String, "The vendor's name; the application's company when omitted.") vendorName?: string | null;
  @Nullable(() => String, "The vendor's website; the application's when omitted.") vendorUrl?: string | null;
  @Nullable(() => [ProductAttributeInput], "Values for the program's columns.") attributes?: ProductAttributeInput[] | null;
}

@ObjectType('ProductImportListing', { description: 'A listing an import adds, changes, withdraws or lists again.' })
export class ProductImportListing {
  @NonNull(() => String, "The vendor's name.") vendorName!: string;
  @NonNull(() => String, "The product's name.") name!: string;
  @NonNull(() => String, "The listing's slug.") slug!: string;
  @NonNull(() => [String], 'What changes, one line each ("Software Version: 4.2.4 → 5.0"); empty for others.') changes!: string[];
}

@ObjectType('ProductImportResult', { description: 'What an import of a product page changes (or would, in a dry run).' })
export class ProductImportResult {
  @NonNull(() => Boolean, 'True when nothing was written.') dryRun!: boolean;
  @Nullable(() => String, 'The audit batch of the changes written; null for a dry run or no change.') batchId!: string | null;
  @NonNull(() => ProgramEntity, 'The program the page belongs to.') program!: ProgramEntity;
  @NonNull(() => String, 'The page, as the docs site publishes it ("certification/infra-sbc").') pagePath!: string;
  @NonNull(() => [ProductImportListing], 'Products new to the program.') added!: ProductImportListing[];

  @NonNull(() => [ProductImportListing], 'Listed products whose name, attributes or notes change.')
  changed!: ProductImportListing[];

  @NonNull(() => [ProductImportListing], 'Products no longer on the page: WITHDRAWN, never deleted.')
  withdrawn!: ProductImportListing[];

  @NonNull(() => [ProductImportListing], 'Withdrawn products back on the page: LISTED again.') relisted!: ProductImportListing[];
  @NonNull(() => Int, 'Products on the page that change in no way.') unchangedCount!: number;
}
