import { type DataSource, In } from 'typeorm';
import { ProgramLabEntity } from '../program/program-lab.entity.js';
import { LabEntity } from './lab.entity.js';

export class LabService {
  constructor(private readonly dataSource: DataSource) {}

  private get labs() {
    return this.dataSource.getRepository(LabEntity);
  }

  findAll(): Promise<LabEntity[]> {
    return this.labs.find({ order: { name: 'ASC', id: 'ASC' } });
  }

  findByIds(ids: readonly number[]): Promise<LabEntity[]> {
    return this.labs.findBy({ id: In([...ids]) });
  }

  /** Each program's labs in the program's order, as `[programId, lab]` entries. */
  async findByProgramIds(programIds: readonly number[]): Promise<Array<[number, LabEntity]>> {
    const links = await this.dataSource.getRepository(ProgramLabEntity).find({
      where: { programId: In([...programIds]) },
      relations: { lab: true },
      order: { programId: 'ASC', position: 'ASC' },
    });
    return links.map((link) => [link.programId, link.lab as LabEntity]);
  }
}
