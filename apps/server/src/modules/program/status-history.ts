import type { AdmissionStatus } from '@certhub/domain/admission-status';
import type { EntityManager } from 'typeorm';
import { notifyWatchers } from '../watch/watch.service.js';
import { enqueueProgramEvents } from '../webhook/webhook.service.js';
import { ProgramStatusChangeEntity } from './program-status-change.entity.js';

/**
 * Every change of a program's status, whoever makes it (an edit, a bulk change, an import), goes
 * through here inside its transaction: the public history, the news for those watching it, and
 * the webhook deliveries.
 */
export async function recordStatusChange(
  manager: EntityManager,
  program: { id: number; name: string; slug: string },
  from: AdmissionStatus | null,
  to: AdmissionStatus,
  changedAt: Date,
): Promise<void> {
  await manager.insert(ProgramStatusChangeEntity, { programId: program.id, from, to, changedAt });
  await notifyWatchers(manager, program, from, to);
  await enqueueProgramEvents(manager, program, from, to, changedAt);
}
