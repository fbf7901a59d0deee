import { type AttributeColumn, ListingStatus, searchKey } from '@certhub/domain/directory';
import { type DataSource, In, type ObjectLiteral, type SelectQueryBuilder } from 'typeorm';
import { badUserInput } from '../../shared/errors.js';
import { containsPattern } from '../../shared/like-pattern.js';
import { type Connection, type PageRequest, paginate } from '../../shared/pagination.js';
import { CertifiedProductEntity } from './certified-product.entity.js';
import type { CertifiedProductFilterInput } from './directory.types.js';
import { ListingStatusChangeEntity } from './listing-status-change.entity.js';
import { ProductPageEntity } from './product-page.entity.js';
import { VendorEntity } from './vendor.entity.js';

const MAX_SEARCH_LENGTH = 200;
/** Words of a search that are compared; more would only make the statement longer. */
const MAX_SEARCH_WORDS = 8;

/** Reads the directory: listings, vendors, status history, each program's columns. */
export class DirectoryService {
  constructor(private readonly dataSource: DataSource) {}

  private get products() {
    return this.dataSource.getRepository(CertifiedProductEntity);
  }

  /** Listings by vendor name, then product name, filtered and paginated. */
  findPage(
    filter: CertifiedProductFilterInput | null | undefined,
    page: PageRequest,
  ): Promise<Connection<CertifiedProductEntity>> {
    const query = this.filtered(filter);
    return paginate(page, async ({ offset, limit }) => {
      const [rows, totalCount] = await query.clone().offset(offset).limit(limit).getManyAndCount();
      return { rows: limit === 0 ? [] : rows, totalCount };
    });
  }

  /** Every listing that passes the filter, in directory order: for exports and the signed directory. */
  findAll(filter: CertifiedProductFilterInput | null | undefined): Promise<CertifiedProductEntity[]> {
    return this.filtered(filter).getMany();
  }

  private filtered(filter: CertifiedProductFilterInput | null | undefined) {
    const query = this.products
      .createQueryBuilder('product')
      .innerJoin('product.vendor', 'vendor')
      .orderBy('vendor.searchKey', 'ASC')
      .addOrderBy('product.searchKey', 'ASC')
      .addOrderBy('product.id', 'ASC');
    if (filter?.programSlug) {
      query.innerJoin('product.program', 'program').andWhere('program.slug = :programSlug', { programSlug: filter.programSlug });
    }
    if (filter?.vendorSlug) query.andWhere('vendor.slug = :vendorSlug', { vendorSlug: filter.vendorSlug });
    if (filter?.status) query.andWhere('product.status = :status', { status: filter.status });
    matchWords(query, 'product.searchKey', searchTerm(filter?.search, 'filter.search'));
    return query;
  }

  findByIds(ids: readonly number[]): Promise<CertifiedProductEntity[]> {
    return this.products.findBy({ id: In([...ids]) });
  }

  /** A listing by its stable address. */
  findBySlug(listingSlug: string): Promise<CertifiedProductEntity | null> {
    return this.products.findOneBy({ listingSlug });
  }

  /** Each program's listings in directory order, as `[programId, listing]` entries (one statement). */
  async findByProgramIds(programIds: readonly number[]): Promise<Array<[number, CertifiedProductEntity]>> {
    const rows = await this.products
      .createQueryBuilder('product')
      .innerJoin('product.vendor', 'vendor')
      .where('product.programId IN (:...programIds)', { programIds: [...programIds] })
      .orderBy('vendor.searchKey', 'ASC')
      .addOrderBy('product.searchKey', 'ASC')
      .addOrderBy('product.id', 'ASC')
      .getMany();
    return rows.map((row) => [row.programId, row]);
  }

  /** Each vendor's listings across programs, as `[vendorId, listing]` entries (one statement). */
  async findByVendorIds(vendorIds: readonly number[]): Promise<Array<[number, CertifiedProductEntity]>> {
    const rows = await this.products.find({
      where: { vendorId: In([...vendorIds]) },
      order: { searchKey: 'ASC', id: 'ASC' },
    });
    return rows.map((row) => [row.vendorId, row]);
  }

  async findStatusHistory(productIds: readonly number[]): Promise<Array<[number, ListingStatusChangeEntity]>> {
    const changes = await this.dataSource.getRepository(ListingStatusChangeEntity).find({
      where: { productId: In([...productIds]) },
      order: { productId: 'ASC', changedAt: 'ASC', id: 'ASC' },
    });
    return changes.map((change) => [change.productId, change]);
  }

  /** Each program's attribute columns: those of its pages, in page order, each name once. */
  async findColumns(programIds: readonly number[]): Promise<Array<[number, AttributeColumn]>> {
    const pages = await this.dataSource.getRepository(ProductPageEntity).find({
      where: { programId: In([...programIds]) },
      order: { programId: 'ASC', id: 'ASC' },
    });
    const seen = new Set<string>();
    return pages.flatMap((page) =>
      page.columns.flatMap((column): Array<[number, AttributeColumn]> => {
        const key = `${page.programId}/${column.name.toLowerCase()}`;
        if (seen.has(key)) return [];
        seen.add(key);
        return [[page.programId, column]];
      }),
    );
  }

  /** Vendors by name, those with a listing matching the search (by vendor or product name) when one is given. */
  findVendorPage(search: string | null | undefined, page: PageRequest): Promise<Connection<VendorEntity>> {
    const query = this.dataSource
      .getRepository(VendorEntity)
      .createQueryBuilder('vendor')
      .orderBy('vendor.searchKey', 'ASC')
      .addOrderBy('vendor.id', 'ASC');
    matchWords(query, 'vendor.searchKey', searchTerm(search, 'search'));
    return paginate(page, async ({ offset, limit }) => {
      const [rows, totalCount] = await query.clone().offset(offset).limit(limit).getManyAndCount();
      return { rows: limit === 0 ? [] : rows, totalCount };
    });
  }

  /** Every vendor, by name: for the sitemap. */
  findAllVendors(): Promise<VendorEntity[]> {
    return this.dataSource.getRepository(VendorEntity).find({ order: { searchKey: 'ASC', id: 'ASC' } });
  }

  findVendorBySlug(slug: string): Promise<VendorEntity | null> {
    return this.dataSource.getRepository(VendorEntity).findOneBy({ slug });
  }

  findVendorsByIds(ids: readonly number[]): Promise<VendorEntity[]> {
    return this.dataSource.getRepository(VendorEntity).findBy({ id: In([...ids]) });
  }

  /** How many listings the directory holds, for the health of a seed and the export's header. */
  countListed(): Promise<number> {
    return this.products.countBy({ status: ListingStatus.LISTED });
  }
}

/**
 * Every word of the search somewhere in the column: "ribbon swe" finds "Ribbon Communications SBC
 * SWe". Each word is a LIKE on the folded column, the same SQL on both databases.
 */
function matchWords(query: SelectQueryBuilder<ObjectLiteral>, column: string, term: string | null): void {
  const words = term ? [...new Set(term.split(' '))].slice(0, MAX_SEARCH_WORDS) : [];
  words.forEach((word, index) => {
    query.andWhere(`${column} LIKE :word${index} ESCAPE '\\'`, { [`word${index}`]: containsPattern(word) });
  });
}

/** The search as stored listings compare it (accents and case folded); null when blank. */
function searchTerm(search: string | null | undefined, field: string): string | null {
  const term = searchKey(search ?? '');
  if (!term) return null;
  if (term.length > MAX_SEARCH_LENGTH) throw badUserInput(`search is limited to ${MAX_SEARCH_LENGTH} characters.`, field);
  return term;
}
