import { ADMISSION_STATUSES, type AdmissionStatus } from '@certhub/domain/admission-status';
import { type Locale, localePath } from '@certhub/domain/i18n/locales';
import { domainText, labelsOf } from '@certhub/domain/i18n/messages';
import { type WatchTrigger, watchWants } from '@certhub/domain/watch';
import { type EntityManager, IsNull, Not } from 'typeorm';
import { type NewNotification, PUBLIC_URL_PLACEHOLDER } from '../../platform/notification/outbox.js';
import { hashAccessToken, newAccessToken } from '../application/access-token.js';
import { ProgramWatchEntity } from './program-watch.entity.js';

/**
 * Every email a watcher gets, in the language of the page they signed up on (`ProgramWatchEntity.locale`),
 * with the domain's words (`@certhub/domain/i18n`) and links to the site's pages in that language.
 */

/** A link into the public site in `locale`; the notification worker puts PUBLIC_URL in front when it sends. */
const link = (locale: Locale, path: string) => `${PUBLIC_URL_PLACEHOLDER}${localePath(locale, path)}`;

function unsubscribeLine(locale: Locale, token: string): string {
  return domainText(locale, 'watcherEmail.unsubscribe', { link: link(locale, `/watch/unsubscribe?token=${token}`) });
}

type WatcherEmail = Pick<NewNotification, 'subject' | 'body'>;

/** The double opt-in: nothing else is sent until its link is followed. */
export function confirmationEmail(
  locale: Locale,
  programName: string,
  trigger: WatchTrigger,
  confirmToken: string,
): WatcherEmail {
  return {
    subject: domainText(locale, 'watcherEmail.confirmSubject', { program: programName }),
    body: [
      domainText(locale, 'watcherEmail.confirmAsked', { program: programName, trigger: triggerPhrase(locale, trigger) }),
      domainText(locale, 'watcherEmail.confirmLink', { link: link(locale, `/watch/confirm?token=${confirmToken}`) }),
      domainText(locale, 'watcherEmail.confirmIgnore'),
    ].join('\n\n'),
  };
}

/** To the owner of a confirmed watch signed up for again: nothing changed, and a way out. */
export function alreadyWatchingEmail(
  locale: Locale,
  programName: string,
  trigger: WatchTrigger,
  unsubscribeToken: string,
): WatcherEmail {
  return {
    subject: domainText(locale, 'watcherEmail.alreadySubject', { program: programName }),
    body: [
      domainText(locale, 'watcherEmail.alreadyAsked', { program: programName, trigger: triggerPhrase(locale, trigger) }),
      domainText(locale, 'watcherEmail.alreadyChange'),
      unsubscribeLine(locale, unsubscribeToken),
    ].join('\n\n'),
  };
}

function triggerPhrase(locale: Locale, trigger: WatchTrigger): string {
  return domainText(locale, `watchTriggerPhrase.${trigger}`);
}

/**
 * In the transaction of a status change (`recordChange` writes them): news for every confirmed
 * watcher who wants it, each in the watcher's language and with its own unsubscribe link (a fresh
 * token per message, the latest one valid).
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
    const { locale } = watcher;
    const statuses = labelsOf(locale, 'admissionStatus', ADMISSION_STATUSES);
    const unsubscribeToken = newAccessToken();
    await manager.update(ProgramWatchEntity, watcher.id, { unsubscribeTokenHash: hashAccessToken(unsubscribeToken) });
    messages.push({
      kind: 'watch-status-changed',
      audience: 'WATCHER' as const,
      recipient: watcher.email,
      subject: domainText(locale, 'watcherEmail.subject', { program: program.name, status: statuses[to] }),
      body: [
        domainText(locale, from ? 'watcherEmail.statusNowWas' : 'watcherEmail.statusNow', {
          program: program.name,
          to: statuses[to],
          from: from ? statuses[from] : '',
        }),
        domainText(locale, 'watcherEmail.seeProgram', { link: link(locale, `/programs/${program.slug}`) }),
        unsubscribeLine(locale, unsubscribeToken),
      ].join('\n\n'),
    });
  }
  return messages;
}
