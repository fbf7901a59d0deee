import { AdmissionStatus } from './admission-status.js';
import { labelsOf } from './i18n/messages.js';

/** What a visitor watching a program wants to be told about. */
export const WatchTrigger = {
  /** Only when the program starts seeking partners. */
  STARTS_SEEKING: 'STARTS_SEEKING',
  /** Any change of admission status. */
  ANY_STATUS_CHANGE: 'ANY_STATUS_CHANGE',
} as const;
export type WatchTrigger = (typeof WatchTrigger)[keyof typeof WatchTrigger];

export const WATCH_TRIGGERS: readonly WatchTrigger[] = Object.values(WatchTrigger);

export const WATCH_TRIGGER_LABELS = /* @__PURE__ */ labelsOf('en', 'watchTrigger', WATCH_TRIGGERS);

/** Whether a status change is news for someone watching with `trigger`. */
export function watchWants(trigger: WatchTrigger, from: AdmissionStatus | null, to: AdmissionStatus): boolean {
  if (from === to) return false;
  return trigger === WatchTrigger.ANY_STATUS_CHANGE || to === AdmissionStatus.SEEKING_PARTNERS;
}
