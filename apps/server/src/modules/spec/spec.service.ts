import { type DataSource, In } from 'typeorm';
import { ProgramSpecEntity } from '../program/program-spec.entity.js';
import { SpecEntity } from './spec.entity.js';

export class SpecService {
  constructor(private readonly dataSource: DataSource) {}

  /** Every spec document, by title (then address). */
  findAll(): Promise<SpecEntity[]> {
    return this.dataSource.getRepository(SpecEntity).find({ order: { title: 'ASC', url: 'ASC', id: 'ASC' } });
  }

  findByIds(ids: readonly number[]): Promise<SpecEntity[]> {
    return this.dataSource.getRepository(SpecEntity).findBy({ id: In([...ids]) });
  }

  /** Each program's specs in the program's order, as `[programId, spec]` entries. */
  async findByProgramIds(programIds: readonly number[]): Promise<Array<[number, SpecEntity]>> {
    const links = await this.dataSource.getRepository(ProgramSpecEntity).find({
      where: { programId: In([...programIds]) },
      relations: { spec: true },
      order: { programId: 'ASC', position: 'ASC' },
    });
    return links.map((link) => [link.programId, link.spec as SpecEntity]);
  }
}
