import { ListingStatus, listingVersions } from '@certhub/domain/directory';
import { PageParseError } from '@certhub/domain/importer/page-parse-error';
import { ProductPageParseError } from '@certhub/domain/importer/parse-product-page';
import { Arg, Args, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context.js';
import { EditorMutation } from '../../shared/auth.js';
import { badUserInput } from '../../shared/errors.js';
import { expectGlobalId, expectInputId, withInputId } from '../../shared/global-id.js';
import { type Connection, connectionType, PageArgs, paginate } from '../../shared/pagination.js';
import { auditActorOf } from '../../shared/request-context.js';
import { InputArg } from '../../shared/schema-fields.js';
import { checkedPage, MarkdownPageArgs } from '../catalog-import/catalog-import.resolver.js';
import { ProgramEntity } from '../program/program.entity.js';
import { CertifiedProductEntity } from './certified-product.entity.js';
import {
  CertifiedProductFilterInput,
  CreateCertifiedProductFromApplicationInput,
  CreateCertifiedProductInput,
  ListingNoteType,
  ListingPageArgs,
  ProductAttribute,
  ProductAttributeColumn,
  ProductImportResult,
  SetCertifiedProductStatusInput,
  UpdateCertifiedProductInput,
} from './directory.types.js';
import { ListingStatusChangeEntity } from './listing-status-change.entity.js';
import { VendorEntity } from './vendor.entity.js';

export const CertifiedProductConnection = connectionType(CertifiedProductEntity, 'CertifiedProduct');
const VendorConnection = connectionType(VendorEntity, 'Vendor');

@Resolver(() => CertifiedProductEntity)
export class CertifiedProductResolver {
  @Query(() => CertifiedProductConnection, {
    description:
      'The directory: certified products across programs, by vendor then product name, filtered and paginated. Withdrawn listings are included unless filtered out.',
  })
  certifiedProducts(
    @Ctx() { services }: Context,
    @Arg('filter', () => CertifiedProductFilterInput, { nullable: true, description: 'Which listings; all when omitted.' })
    filter: CertifiedProductFilterInput | null | undefined,
    @Args(() => PageArgs) page: PageArgs,
  ) {
    return services.directory.findPage(filter, page);
  }

  @Query(() => CertifiedProductEntity, {
    nullable: true,
    description: 'A listing by its stable address (its slug), withdrawn ones included.',
  })
  certifiedProduct(
    @Ctx() { services }: Context,
    @Arg('slug', () => String, { description: "The listing's slug." }) slug: string,
  ): Promise<CertifiedProductEntity | null> {
    return services.directory.findBySlug(slug);
  }

  @FieldResolver(() => VendorEntity, { description: 'The company.' })
  async vendor(@Root() product: CertifiedProductEntity, @Ctx() { loaders }: Context): Promise<VendorEntity> {
    const vendor = await loaders.vendorById.load(product.vendorId);
    if (!vendor) throw new Error(`Listing ${product.id} has no vendor ${product.vendorId}.`);
    return vendor;
  }

  @FieldResolver(() => ProgramEntity, { description: 'The program that certified the product (closed programs too).' })
  async program(@Root() product: CertifiedProductEntity, @Ctx() { loaders }: Context): Promise<ProgramEntity> {
    const program = await loaders.programById.load(product.programId);
    if (!program) throw new Error(`Listing ${product.id} has no program ${product.programId}.`);
    return program;
  }

  @FieldResolver(() => [ProductAttribute], { description: "The program's attributes of the product, in its column order." })
  attributes(@Root() product: CertifiedProductEntity): ProductAttribute[] {
    return product.attributes.map(ProductAttribute.of);
  }

  @FieldResolver(() => [String], {
    description: 'The software or firmware versions certified: every line of the VERSIONS attributes.',
  })
  versions(@Root() product: CertifiedProductEntity): string[] {
    return listingVersions(product.attributes);
  }

  @FieldResolver(() => [ListingNoteType], { description: 'Footnotes of the listing ("pre-release tested…").' })
  notes(@Root() product: CertifiedProductEntity): ListingNoteType[] {
    return product.notes;
  }

  @FieldResolver(() => [ListingStatusChangeEntity], { description: 'Every listing and withdrawal, oldest first.' })
  statusHistory(@Root() product: CertifiedProductEntity, @Ctx() { loaders }: Context): Promise<ListingStatusChangeEntity[]> {
    return loaders.listingHistoryByProductId.load(product.id);
  }

  @EditorMutation(() => CertifiedProductEntity, 'Lists a product by hand. CONFLICT when the program lists it already.')
  createCertifiedProduct(
    @Ctx() context: Context,
    @InputArg(() => CreateCertifiedProductInput, 'The new listing.') input: CreateCertifiedProductInput,
  ): Promise<CertifiedProductEntity> {
    return context.services.listingEdits.create(withInputId(input, 'programId', 'Program'), auditActorOf(context));
  }

  @EditorMutation(
    () => CertifiedProductEntity,
    "Lists the product of an application that reached ONBOARDED, in the application's program, under its company.",
  )
  createCertifiedProductFromApplication(
    @Ctx() context: Context,
    @InputArg(() => CreateCertifiedProductFromApplicationInput, 'The application and the product.')
    input: CreateCertifiedProductFromApplicationInput,
  ): Promise<CertifiedProductEntity> {
    const applicationId = expectInputId(input, 'applicationId', 'Application');
    return context.services.listingEdits.createFromApplication(applicationId, input, auditActorOf(context));
  }

  @EditorMutation(() => CertifiedProductEntity, "Changes a listing's name or attributes. Its version must match.")
  updateCertifiedProduct(
    @Ctx() context: Context,
    @InputArg(() => UpdateCertifiedProductInput, 'The listing and what to change.') input: UpdateCertifiedProductInput,
  ): Promise<CertifiedProductEntity> {
    return context.services.listingEdits.update(
      expectInputId(input, 'productId', 'CertifiedProduct'),
      input.expectedVersion,
      { ...input, programId: input.programId ? expectGlobalId(input.programId, 'Program', 'input.programId') : null },
      auditActorOf(context),
    );
  }

  @EditorMutation(() => CertifiedProductEntity, 'Withdraws a listing: kept, shown as withdrawn. Its version must match.')
  withdrawCertifiedProduct(
    @Ctx() context: Context,
    @InputArg(() => SetCertifiedProductStatusInput, 'The listing, and why.') input: SetCertifiedProductStatusInput,
  ): Promise<CertifiedProductEntity> {
    return this.setStatus(context, input, ListingStatus.WITHDRAWN);
  }

  @EditorMutation(() => CertifiedProductEntity, 'Lists a withdrawn listing again. Its version must match.')
  relistCertifiedProduct(
    @Ctx() context: Context,
    @InputArg(() => SetCertifiedProductStatusInput, 'The listing, and why.') input: SetCertifiedProductStatusInput,
  ): Promise<CertifiedProductEntity> {
    return this.setStatus(context, input, ListingStatus.LISTED);
  }

  private setStatus(context: Context, input: SetCertifiedProductStatusInput, to: ListingStatus): Promise<CertifiedProductEntity> {
    return context.services.listingEdits.setStatus(
      expectInputId(input, 'productId', 'CertifiedProduct'),
      input.expectedVersion,
      to,
      input.reason,
      auditActorOf(context),
    );
  }

  @EditorMutation(
    () => ProductImportResult,
    "Imports a program's page of certified products (Markdown): with dryRun, answers what would be added, changed, withdrawn and listed again, and writes nothing. One transaction, one audit batch. A page that cannot be read is BAD_USER_INPUT naming its table, row and cell.",
  )
  async importCertifiedProductsPage(
    @Ctx() context: Context,
    @Args(() => MarkdownPageArgs) page: MarkdownPageArgs,
    @Arg('programSlug', () => String, {
      nullable: true,
      description: 'The program the page belongs to; needed only when CertHub does not know the page.',
    })
    programSlug?: string | null,
  ): Promise<ProductImportResult> {
    const markdown = checkedPage(page, 'any product page');
    const { dryRun } = page;
    try {
      const outcome = await context.services.productImport.importPage(markdown, {
        programSlug,
        pageName: 'The page',
        dryRun,
        ...auditActorOf(context),
      });
      const program = await context.services.programs.findBySlug(outcome.programSlug);
      const listing = (item: { vendor: { name: string }; name: string; slug: string }, changes: string[] = []) => ({
        vendorName: item.vendor.name,
        name: item.name,
        slug: item.slug,
        changes,
      });
      return {
        dryRun,
        batchId: outcome.batchId,
        program: program as ProgramEntity,
        pagePath: outcome.pagePath,
        added: outcome.diff.added.map((item) => listing(item)),
        changed: outcome.diff.changed.map(({ next, changes }) => listing(next, changes)),
        relisted: outcome.diff.relisted.map(({ next, changes }) => listing(next, changes)),
        withdrawn: outcome.diff.withdrawn.map((item) => listing({ ...item, vendor: { name: item.vendorName } })),
        unchangedCount: outcome.diff.unchanged,
      };
    } catch (error) {
      if (error instanceof ProductPageParseError) {
        throw badUserInput(error.message, 'markdown', {
          table: error.table,
          row: error.row,
          cell: error.cell,
          problem: error.problem,
        });
      }
      if (error instanceof PageParseError) throw badUserInput(error.message, 'markdown', { problem: error.problem });
      throw error;
    }
  }
}

@Resolver(() => VendorEntity)
export class VendorResolver {
  @Query(() => VendorConnection, {
    description: 'Vendors with certified products, by name; search matches part of the name, accents and case ignored.',
  })
  vendors(
    @Ctx() { services }: Context,
    @Arg('search', () => String, { nullable: true, description: 'Part of the vendor name.' }) search: string | null | undefined,
    @Args(() => PageArgs) page: PageArgs,
  ) {
    return services.directory.findVendorPage(search, page);
  }

  @Query(() => VendorEntity, { nullable: true, description: 'A vendor by slug.' })
  vendor(
    @Ctx() { services }: Context,
    @Arg('slug', () => String, { description: "The vendor's slug." }) slug: string,
  ): Promise<VendorEntity | null> {
    return services.directory.findVendorBySlug(slug);
  }

  @FieldResolver(() => CertifiedProductConnection, { description: "The vendor's listings across programs, by name." })
  async certifiedProducts(
    @Root() vendor: VendorEntity,
    @Ctx() { loaders }: Context,
    @Args(() => ListingPageArgs) page: ListingPageArgs,
  ): Promise<Connection<CertifiedProductEntity>> {
    return pageOf(await loaders.certifiedProductsByVendorId.load(vendor.id), page);
  }
}

@Resolver(() => ProgramEntity)
export class ProgramDirectoryResolver {
  @FieldResolver(() => CertifiedProductConnection, {
    description: 'The products the program has certified, by vendor then name.',
  })
  async certifiedProducts(
    @Root() program: ProgramEntity,
    @Ctx() { loaders }: Context,
    @Args(() => ListingPageArgs) page: ListingPageArgs,
  ): Promise<Connection<CertifiedProductEntity>> {
    return pageOf(await loaders.certifiedProductsByProgramId.load(program.id), page);
  }

  @FieldResolver(() => [ProductAttributeColumn], { description: 'The attribute columns of its listings, in page order.' })
  certifiedProductColumns(@Root() program: ProgramEntity, @Ctx() { loaders }: Context): Promise<ProductAttributeColumn[]> {
    return loaders.productColumnsByProgramId.load(program.id);
  }
}

/**
 * A page of listings already loaded for many parents in one statement (the loaders), so a list of
 * programs or vendors costs no statement per item.
 */
function pageOf(listings: readonly CertifiedProductEntity[], page: ListingPageArgs): Promise<Connection<CertifiedProductEntity>> {
  const { status } = page;
  const matching = status ? listings.filter((listing) => listing.status === status) : listings;
  return paginate(page, async ({ offset, limit }) => ({
    rows: matching.slice(offset, offset + limit),
    totalCount: matching.length,
  }));
}
