import { PUBLIC_ADMISSION_STATUSES } from '@certhub/domain/admission-status';
import { type DataSource, In } from 'typeorm';
import { badUserInput } from '../../shared/errors.js';
import { containsPattern } from '../../shared/like-pattern.js';
import { type Connection, type PageRequest, paginate } from '../../shared/pagination.js';
import { ProgramEntity } from './program.entity.js';
import type { ProgramFilterInput } from './program.inputs.js';
import { ProgramLabEntity } from './program-lab.entity.js';
import { ProgramStatusChangeEntity } from './program-status-change.entity.js';

const MAX_SEARCH_LENGTH = 200;

export class ProgramService {
  constructor(private readonly dataSource: DataSource) {}

  private get programs() {
    return this.dataSource.getRepository(ProgramEntity);
  }

  /** The catalogue's programs in page order (category, then position), filtered and paginated. */
  findPage(filter: ProgramFilterInput | null | undefined, page: PageRequest): Promise<Connection<ProgramEntity>> {
    const query = this.filtered(filter);
    return paginate(page, async ({ offset, limit }) => {
      // offset/limit, not skip/take: the join is one-to-one, so plain LIMIT is right and cheaper.
      const [rows, totalCount] = await query.clone().offset(offset).limit(limit).getManyAndCount();
      return { rows: limit === 0 ? [] : rows, totalCount };
    });
  }

  /** Every program that passes the filter, in page order: for exports, which are not paginated. */
  findAll(filter: ProgramFilterInput | null | undefined): Promise<ProgramEntity[]> {
    return this.filtered(filter).getMany();
  }

  private filtered(filter: ProgramFilterInput | null | undefined) {
    const statuses = filter?.admissionStatus?.length ? filter.admissionStatus : PUBLIC_ADMISSION_STATUSES;
    const query = this.programs
      .createQueryBuilder('program')
      .innerJoin('program.category', 'category')
      .where('program.admissionStatus IN (:...statuses)', { statuses })
      .orderBy('category.position', 'ASC')
      .addOrderBy('program.position', 'ASC')
      .addOrderBy('program.id', 'ASC');
    if (filter?.categorySlug) query.andWhere('category.slug = :categorySlug', { categorySlug: filter.categorySlug });
    if (filter?.labSlug) {
      query.andWhere(
        `EXISTS (SELECT 1 FROM program_lab link INNER JOIN lab ON lab.id = link.lab_id
                 WHERE link.program_id = program.id AND lab.slug = :labSlug)`,
        { labSlug: filter.labSlug },
      );
    }
    const search = filter?.search?.trim();
    if (search) {
      if (search.length > MAX_SEARCH_LENGTH) {
        throw badUserInput(`search is limited to ${MAX_SEARCH_LENGTH} characters.`, 'filter.search');
      }
      query.andWhere("LOWER(program.name) LIKE :pattern ESCAPE '\\'", { pattern: containsPattern(search.toLowerCase()) });
    }
    return query;
  }

  /** Any program by slug, closed ones included: a visitor with an old link learns it closed. */
  findBySlug(slug: string): Promise<ProgramEntity | null> {
    return this.programs.findOneBy({ slug });
  }

  findByIds(ids: readonly number[]): Promise<ProgramEntity[]> {
    return this.programs.findBy({ id: In([...ids]) });
  }

  /** The staff-only columns of programs (which the read model leaves out), each with its id. */
  findStaffFields(ids: readonly number[]): Promise<Array<Pick<ProgramEntity, 'id' | 'partnerCapacity' | 'internalNotes'>>> {
    return this.programs.find({ select: { id: true, partnerCapacity: true, internalNotes: true }, where: { id: In([...ids]) } });
  }

  /** The catalogue's programs of each category, in page order, as `[categoryId, program]` entries. */
  async findListedByCategoryIds(categoryIds: readonly number[]): Promise<Array<[number, ProgramEntity]>> {
    const programs = await this.programs.find({
      where: { categoryId: In([...categoryIds]), admissionStatus: In([...PUBLIC_ADMISSION_STATUSES]) },
      order: { categoryId: 'ASC', position: 'ASC', id: 'ASC' },
    });
    return programs.map((program) => [program.categoryId, program]);
  }

  /** Each program's status changes, oldest first, as `[programId, change]` entries. */
  async findStatusHistory(programIds: readonly number[]): Promise<Array<[number, ProgramStatusChangeEntity]>> {
    const changes = await this.dataSource.getRepository(ProgramStatusChangeEntity).find({
      where: { programId: In([...programIds]) },
      order: { programId: 'ASC', changedAt: 'ASC', id: 'ASC' },
    });
    return changes.map((change) => [change.programId, change]);
  }

  /** The catalogue's programs each lab certifies for, as `[labId, program]` entries. */
  async findListedByLabIds(labIds: readonly number[]): Promise<Array<[number, ProgramEntity]>> {
    const links = await this.dataSource.getRepository(ProgramLabEntity).find({
      where: { labId: In([...labIds]), program: { admissionStatus: In([...PUBLIC_ADMISSION_STATUSES]) } },
      relations: { program: true },
      order: { labId: 'ASC', program: { name: 'ASC', id: 'ASC' } },
    });
    return links.map((link) => [link.labId, link.program as ProgramEntity]);
  }
}
