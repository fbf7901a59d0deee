import { ADMISSION_STATUS_LABELS, type AdmissionStatus } from '@certhub/domain/admission-status';
import { domainText } from '@certhub/domain/i18n/messages';
import { watchWants } from '@certhub/domain/watch';
import { type EntityManager, IsNull, Not } from 'typeorm';
import { type NewNotification, PUBLIC_URL_PLACEHOLDER } from '../../platform/notification/outbox.js';
import { hashAccessToken, newAccessToken } from '../application/access-token.js';
import { ProgramWatchEntity } from './program-watch.entity.js';

/** A link into the public site; the notification worker puts PUBLIC_URL in front when it sends. */
export const link = (path: string) => `${PUBLIC_URL_PLACEHOLDER}${path}`;

export function unsubscribeLine(token: string): string {
  return domainText('en', 'watcherEmail.unsubscribe', { link: link(`/watch/unsubscribe?token=${token}`) });
}

/**
 * The words are the domain's (`@certhub/domain/i18n`), in English: a watch does not record its
 * visitor's language (yet), so every watcher hears in the language the site is published in first.
 *
 * In the transaction of a status change (`recordChange` writes them): news for every confirmed
 * watcher who wants it, each message with its own unsubscribe link (a fresh token per message,
 * the latest one valid).
 */
export async function watcherMessages(
  manager: EntityManager,
  program: { id: number; name: string; slug: string },
  from: AdmissionStatus | null,
  to: AdmissionStatus,
): Promise<NewNotification[]> {
  const watchers = await manager.find(ProgramWatchEntity, { where: { programId: program.id, confirmedAt: Not(IsNull()) } });
  const wanting = watchers.filter((watcher) => watchWants(watcher.trigger, from, to));
  const messages: NewNotification[] = [];
  for (const watcher of wanting) {
    const unsubscribeToken = newAccessToken();
    await manager.update(ProgramWatchEntity, watcher.id, { unsubscribeTokenHash: hashAccessToken(unsubscribeToken) });
    messages.push({
      kind: 'watch-status-changed',
      audience: 'WATCHER' as const,
      recipient: watcher.email,
      subject: domainText('en', 'watcherEmail.subject', { program: program.name, status: ADMISSION_STATUS_LABELS[to] }),
      body: [
        domainText('en', from ? 'watcherEmail.statusNowWas' : 'watcherEmail.statusNow', {
          program: program.name,
          to: ADMISSION_STATUS_LABELS[to],
          from: from ? ADMISSION_STATUS_LABELS[from] : '',
        }),
        domainText('en', 'watcherEmail.seeProgram', { link: link(`/programs/${program.slug}`) }),
        unsubscribeLine(unsubscribeToken),
      ].join('\n\n'),
    });
  }
  return messages;
}
