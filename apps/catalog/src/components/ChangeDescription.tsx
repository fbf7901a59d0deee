import { isAdmissionStatus } from '@certhub/domain/admission-status';
import { FormattedMessage } from 'react-intl';
import type { CatalogueChangeKind } from '../gql/graphql.js';
import { type MessageKey, useT } from '../i18n/locale.js';

/** A change as the API lists it: `from` and `to` are JSON, their shape depends on `kind`. */
export interface ChangeValues {
  kind: CatalogueChangeKind;
  from?: unknown;
  to?: unknown;
  /** The category or lab a catalogue-wide change is about. */
  name?: string;
}

/** Where a kind's values are enumeration values, the domain's words for them. */
const VALUE_WORDS: Partial<Record<CatalogueChangeKind, string>> = {
  ADMISSION_STATUS_CHANGED: 'admissionStatus',
  PROGRAM_ADDED: 'admissionStatus',
  PROGRAM_CLOSED: 'admissionStatus',
  PROGRAM_REOPENED: 'admissionStatus',
  SPEC_AVAILABILITY_CHANGED: 'specAvailability',
  LAB_AVAILABILITY_CHANGED: 'labAvailability',
};

/** One change in words of the page's language: "Not seeking partners → **Seeking partners**". */
export function ChangeDescription({ change }: { change: ChangeValues }) {
  const t = useT();
  const words = VALUE_WORDS[change.kind];
  const say = (value: unknown): string => {
    if (value === null || value === undefined || (Array.isArray(value) && value.length === 0)) return t('change.none');
    if (Array.isArray(value)) return value.map((item) => labelOf(item)).join(', ');
    if (words && typeof value === 'string' && (words !== 'admissionStatus' || isAdmissionStatus(value))) {
      return t(`${words}.${value}` as MessageKey);
    }
    return String(value);
  };
  return (
    <FormattedMessage
      id={`change.${change.kind}`}
      values={{
        from: say(change.from),
        to: say(change.to),
        name: change.name ?? '',
        strong: (chunks) => <strong>{chunks}</strong>,
      }}
    />
  );
}

/** A spec by its title, a lab by its name. */
function labelOf(item: unknown): string {
  if (item && typeof item === 'object') {
    const { title, name } = item as { title?: unknown; name?: unknown };
    return String(title ?? name ?? '');
  }
  return String(item);
}
