import { type ApplicationStatus, OPEN_APPLICATION_STATUSES, PARTNER_PLACE_STATUSES } from '@certhub/domain/application';
import { type DataSource, In } from 'typeorm';
import { ProgramEntity } from '../program/program.entity.js';
import { ApplicationEntity } from './application.entity.js';
import type { ApplicationPipeline, ApplicationPipelineFigures, ProgramApplicationPipeline } from './application.types.js';

const DAY_MS = 86_400_000;
export const PIPELINE_PERIOD_DAYS = 365;

interface Durations {
  programId: number;
  submittedAt: Date;
  decidedAt: Date | null;
  acceptedAt: Date | null;
  onboardedAt: Date | null;
}

/**
 * Figures of the application pipeline, per program and overall: open applications by status (one
 * GROUP BY), and the medians of the last year from the dates of that year's decisions and
 * onboardings (a query bounded by a year of decisions). Counts and durations only, nothing
 * about who applied.
 */
export class ApplicationPipelineService {
  constructor(private readonly dataSource: DataSource) {}

  /** Partner places taken (applications accepted or onboarded) of each program that has any: one GROUP BY. */
  async partnerPlacesTaken(programIds: readonly number[]): Promise<Array<{ programId: number; taken: number }>> {
    const rows: Array<{ programId: number | string; taken: number | string }> = await this.dataSource
      .getRepository(ApplicationEntity)
      .createQueryBuilder('application')
      .select('application.programId', 'programId')
      .addSelect('COUNT(*)', 'taken')
      .where('application.programId IN (:...programIds)', { programIds: [...programIds] })
      .andWhere('application.status IN (:...statuses)', { statuses: [...PARTNER_PLACE_STATUSES] })
      .groupBy('application.programId')
      .getRawMany();
    return rows.map((row) => ({ programId: Number(row.programId), taken: Number(row.taken) }));
  }

  async figures(programId: number | null, now: Date = new Date()): Promise<ApplicationPipeline> {
    const since = new Date(now.getTime() - PIPELINE_PERIOD_DAYS * DAY_MS);
    const counts = this.dataSource
      .getRepository(ApplicationEntity)
      .createQueryBuilder('application')
      .select('application.programId', 'programId')
      .addSelect('application.status', 'status')
      .addSelect('COUNT(*)', 'count')
      .groupBy('application.programId')
      .addGroupBy('application.status');
    const durations = this.dataSource
      .getRepository(ApplicationEntity)
      .createQueryBuilder('application')
      .select([
        'application.id',
        'application.programId',
        'application.submittedAt',
        'application.decidedAt',
        'application.acceptedAt',
        'application.onboardedAt',
      ])
      .where('(application.decidedAt >= :since OR application.onboardedAt >= :since)', { since });
    if (programId !== null) {
      counts.where('application.programId = :programId', { programId });
      durations.andWhere('application.programId = :programId', { programId });
    }
    const countRows: Array<{ programId: number | string; status: ApplicationStatus; count: number | string }> =
      await counts.getRawMany();
    const durationRows: Durations[] = await durations.getMany();

    const programIds = new Set(countRows.map((row) => Number(row.programId)));
    if (programId !== null) programIds.add(programId);
    const programs = await this.dataSource
      .getRepository(ProgramEntity)
      .find({ where: { id: In([...programIds]) }, order: { name: 'ASC', id: 'ASC' } });

    const countsOf = (id: number | null) => {
      const byStatus = new Map<ApplicationStatus, number>();
      for (const row of countRows) {
        if (id !== null && Number(row.programId) !== id) continue;
        byStatus.set(row.status, (byStatus.get(row.status) ?? 0) + Number(row.count));
      }
      return byStatus;
    };
    const figuresOf = (id: number | null): ApplicationPipelineFigures => {
      const byStatus = countsOf(id);
      const rows = durationRows.filter((row) => id === null || row.programId === id);
      const toDecision = rows
        .filter((row) => row.decidedAt && row.decidedAt >= since)
        .map((row) => days(row.submittedAt, row.decidedAt as Date));
      const toOnboarding = rows
        .filter((row) => row.onboardedAt && row.acceptedAt && row.onboardedAt >= since)
        .map((row) => days(row.acceptedAt as Date, row.onboardedAt as Date));
      const open = OPEN_APPLICATION_STATUSES.map((status) => ({ status, count: byStatus.get(status) ?? 0 }));
      return {
        open,
        openTotal: open.reduce((total, { count }) => total + count, 0),
        decisions: toDecision.length,
        medianDaysToDecision: median(toDecision),
        onboardings: toOnboarding.length,
        medianDaysToOnboarding: median(toOnboarding),
      };
    };

    return {
      since,
      overall: figuresOf(programId),
      programs: programs.map((program): ProgramApplicationPipeline => {
        const byStatus = countsOf(program.id);
        return {
          program,
          partnerCapacity: program.partnerCapacity,
          partnerPlacesTaken: PARTNER_PLACE_STATUSES.reduce((total, status) => total + (byStatus.get(status) ?? 0), 0),
          onboardedPartners: byStatus.get('ONBOARDED') ?? 0,
          figures: figuresOf(program.id),
        };
      }),
    };
  }
}

function days(from: Date, to: Date): number {
  return Math.max(0, to.getTime() - from.getTime()) / DAY_MS;
}

/** The median, in days to one decimal; null for no values. */
export function median(values: readonly number[]): number | null {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const value =
    sorted.length % 2 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
  return Math.round(value * 10) / 10;
}
