import type { FieldProblemKind } from '@certhub/domain/application';
import { ErrorCode } from '@certhub/domain/error-codes';
import type { FieldError } from '@certhub/web-ui/errors';
import type { MessageKey } from './site-messages.js';

type Translate = (id: MessageKey, values?: Record<string, string | number>) => string;

/**
 * A field's problem in the page's language, from what kind it is (the domain's check and the
 * API's `fieldErrors` say it): too long says the limit, anything else the field's own sentence.
 * Never the API's English message.
 */
export function fieldProblemText(t: Translate, fieldKey: MessageKey, problem?: FieldProblemKind, max?: number): string {
  return problem === 'tooLong' && max !== undefined ? t('problem.tooLong', { max }) : t(fieldKey);
}

/** The refusals a visitor's form can meet, by `extensions.reason`, then by `extensions.code`. */
const REASONS: Readonly<Record<string, MessageKey>> = {
  NOT_SEEKING_PARTNERS: 'problem.NOT_SEEKING_PARTNERS',
  PROGRAM_CLOSED: 'problem.PROGRAM_CLOSED',
  NO_ADMISSION_REVIEW: 'problem.NO_ADMISSION_REVIEW',
  NO_QUESTION: 'problem.NO_QUESTION',
};
const CODES: Readonly<Partial<Record<string, MessageKey>>> = {
  [ErrorCode.RATE_LIMITED]: 'problem.RATE_LIMITED',
  [ErrorCode.NOT_FOUND]: 'problem.NOT_FOUND',
  [ErrorCode.CONFLICT]: 'problem.CONFLICT',
};

/** An error of the API that is not about one field, in the page's language (`problem.other` for one it has no words for). */
export function generalProblemText(t: Translate, error: FieldError | undefined): string {
  if (!error) return t('problem.other');
  const { reason, retryAfterSeconds } = error.extensions;
  if (typeof reason === 'string' && REASONS[reason]) return t(REASONS[reason]);
  if (error.code === ErrorCode.SUBMISSIONS_THROTTLED && typeof retryAfterSeconds === 'number')
    return t('problem.SUBMISSIONS_THROTTLED', { minutes: Math.max(1, Math.ceil(retryAfterSeconds / 60)) });
  const byCode = error.code ? CODES[error.code] : undefined;
  if (byCode) return t(byCode);
  // `errorsOf` answers network trouble as one error without a code.
  return t(error.code === null ? 'problem.network' : 'problem.other');
}
