import type { DataSource } from 'typeorm';
import { AdmissionStepEntity, NoteEntity, RequirementEntity } from './how-to-join.entities.js';

/** The prose of the how-to-join page, kept as data: requirements, admission steps and notes. */
export class HowToJoinService {
  constructor(private readonly dataSource: DataSource) {}

  requirements(): Promise<RequirementEntity[]> {
    return this.dataSource.getRepository(RequirementEntity).find({ order: { position: 'ASC' } });
  }

  admissionSteps(): Promise<AdmissionStepEntity[]> {
    return this.dataSource.getRepository(AdmissionStepEntity).find({ order: { position: 'ASC' } });
  }

  notes(): Promise<NoteEntity[]> {
    return this.dataSource.getRepository(NoteEntity).find({ order: { position: 'ASC' } });
  }
}
