import { checkApplicationSubmission, type FieldProblemKind } from '@certhub/domain/application';
import { COUNTRY_CODES } from '@certhub/domain/countries';
import { errorsOf } from '@certhub/web-ui/errors';
import type { MessageKey } from '../../i18n/locale.js';
import { fieldProblemText, generalProblemText } from '../../i18n/problems.js';

export interface ApplicationFormValues {
  companyName: string;
  companyWebsite: string;
  headquartersCountry: string;
  contactName: string;
  contactEmail: string;
  contactPhone: string;
  productSummary: string;
  message: string;
  attestedRequirementIds: string[];
}

export const EMPTY_APPLICATION: ApplicationFormValues = {
  companyName: '',
  companyWebsite: '',
  headquartersCountry: '',
  contactName: '',
  contactEmail: '',
  contactPhone: '',
  productSummary: '',
  message: '',
  attestedRequirementIds: [],
};

export type FieldErrors = Partial<Record<keyof ApplicationFormValues, string>>;

type Translate = (id: MessageKey, values?: Record<string, string | number>) => string;

/** Each field's sentence when it is wrong, in the page's language. */
const FIELD_PROBLEMS: Readonly<Record<keyof ApplicationFormValues, MessageKey>> = {
  companyName: 'problem.companyName',
  companyWebsite: 'problem.companyWebsite',
  headquartersCountry: 'problem.headquartersCountry',
  contactName: 'problem.contactName',
  contactEmail: 'problem.contactEmail',
  contactPhone: 'problem.contactPhone',
  productSummary: 'problem.productSummary',
  message: 'problem.message',
  attestedRequirementIds: 'problem.attestedRequirementIds',
};

const formField = (path: string) => path.split('.')[0] as keyof ApplicationFormValues;

/** The same rules the server applies, so the form says what is wrong before sending, in the page's language. */
export function validateApplication(values: ApplicationFormValues, requirementIds: readonly string[], t: Translate): FieldErrors {
  const check = checkApplicationSubmission({ ...values, contactPhone: values.contactPhone || null }, requirementIds);
  if (check.ok) return {};
  return Object.fromEntries(
    check.problems.map(({ field, problem, max }) => [
      formField(field),
      fieldProblemText(t, FIELD_PROBLEMS[formField(field)], problem, max),
    ]),
  );
}

/**
 * The server's answer to a submission: problems with fields go next to them (`input.companyName`),
 * anything else (the program stopped seeking, the hourly limit) above the form. A duplicate of an
 * open application is answered like a new one (its contact is told by email), so it never shows here.
 */
export function serverErrorsOf(error: unknown, t: Translate): { fields: FieldErrors; general: string | null } {
  const fields: FieldErrors = {};
  let general: string | null = null;
  for (const problem of errorsOf(error)) {
    type Listed = { field: string; problem?: FieldProblemKind; max?: number };
    const listed = (problem.extensions.fieldErrors as Listed[] | undefined) ?? [];
    const all: Listed[] = listed.length ? listed : problem.field ? [{ field: problem.field }] : [];
    const formFields = all
      .map((listedProblem) => ({ ...listedProblem, name: formField(listedProblem.field.slice('input.'.length)) }))
      .filter(({ field, name }) => field.startsWith('input.') && name in FIELD_PROBLEMS);
    for (const { name, problem: kind, max } of formFields) fields[name] ??= fieldProblemText(t, FIELD_PROBLEMS[name], kind, max);
    if (formFields.length === 0) general ??= generalProblemText(t, problem);
  }
  return { fields, general };
}

/** Every ISO 3166-1 country, by its name in `locale`, in that language's order. */
export function countryChoices(locale: string): Array<{ code: string; name: string }> {
  const regionNames = new Intl.DisplayNames([locale], { type: 'region' });
  return COUNTRY_CODES.map((code) => ({ code, name: regionNames.of(code) ?? code })).sort((a, b) =>
    a.name.localeCompare(b.name, locale),
  );
}
