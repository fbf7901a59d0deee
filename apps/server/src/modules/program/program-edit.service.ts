import { randomUUID } from 'node:crypto';
import { ADMISSION_STATUS_LABELS, AdmissionStatus } from '@certhub/domain/admission-status';
import type { DataSource, EntityManager } from 'typeorm';
import type { AuditActor } from '../../context.js';
import { inTransaction } from '../../db/transaction.js';
import { badUserInput, notFound } from '../../shared/errors.js';
import { updateAtVersion } from '../../shared/optimistic-update.js';
import { recordAuditEvents } from '../audit/audit.service.js';
import { ProgramEntity } from './program.entity.js';
import { ProgramStatusChangeEntity } from './program-status-change.entity.js';

export const MAX_REASON_LENGTH = 1000;

/** A program as the CONFLICT error shows it: what the other editor left. */
export const programState = (program: ProgramEntity) => ({
  slug: program.slug,
  name: program.name,
  admissionStatus: program.admissionStatus,
  specAvailability: program.specAvailability,
  labAvailability: program.labAvailability,
  partnerCapacity: program.partnerCapacity,
  position: program.position,
  version: program.version,
});

/** Staff edits of programs: each one validated, in one transaction, version-checked and audited. */
export class ProgramEditService {
  constructor(private readonly dataSource: DataSource) {}

  /** The admins' main job: whether a program is seeking partners. */
  async setAdmissionStatus(
    input: { programId: number; status: AdmissionStatus; expectedVersion: number; reason?: string | null },
    by: AuditActor,
  ): Promise<ProgramEntity> {
    if (input.status === AdmissionStatus.CLOSED) {
      throw badUserInput('Close a program with closeProgram: it also takes it out of the catalogue.', 'input.status');
    }
    const reason = normalizeReason(input.reason);
    return inTransaction(this.dataSource, async (manager) => {
      const before = await this.get(manager, input.programId);
      if (before.admissionStatus === AdmissionStatus.CLOSED) {
        throw badUserInput('This program is closed: reopen it with reopenProgram.', 'input.programId');
      }
      return this.changeStatus(manager, before, input.status, input.expectedVersion, reason, by);
    });
  }

  /**
   * Moves a program to `status` at `expectedVersion`, with its public history and audit event.
   * The same status again changes nothing (but a stale version is still a CONFLICT).
   */
  async changeStatus(
    manager: EntityManager,
    before: ProgramEntity,
    status: AdmissionStatus,
    expectedVersion: number,
    reason: string | null,
    by: AuditActor,
    batchId: string = randomUUID(),
  ): Promise<ProgramEntity> {
    const changedAt = new Date();
    const after = await updateAtVersion(
      manager,
      ProgramEntity,
      before.id,
      expectedVersion,
      before.admissionStatus === status ? {} : { admissionStatus: status, statusChangedAt: changedAt },
      { typeName: 'program', toPublic: programState },
    );
    if (before.admissionStatus === status) return after;
    await manager.insert(ProgramStatusChangeEntity, {
      programId: before.id,
      from: before.admissionStatus,
      to: status,
      changedAt,
    });
    await recordAuditEvents(manager, [
      {
        ...by,
        batchId,
        reason,
        entityType: 'Program',
        entityId: String(before.id),
        action: 'admission-status-changed',
        summary: `${before.name}: ${ADMISSION_STATUS_LABELS[before.admissionStatus]} → ${ADMISSION_STATUS_LABELS[status]}`,
        changes: { admissionStatus: { from: before.admissionStatus, to: status } },
      },
    ]);
    return after;
  }

  async get(manager: EntityManager, programId: number): Promise<ProgramEntity> {
    const program = await manager.findOneBy(ProgramEntity, { id: programId });
    if (!program) throw notFound('No program has this id.', 'input.programId');
    return program;
  }
}

export function normalizeReason(reason: string | null | undefined): string | null {
  const trimmed = reason?.trim();
  if (!trimmed) return null;
  if (trimmed.length > MAX_REASON_LENGTH)
    throw badUserInput(`Keep the reason under ${MAX_REASON_LENGTH} characters.`, 'input.reason');
  return trimmed;
}
