import { checkApplicationSubmission } from '@certhub/domain/application';
import { COUNTRY_CODES } from '@certhub/domain/countries';
import { errorsOf } from '@certhub/web-ui/errors';

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

/** The same rules the server applies, so the form says what is wrong before sending. */
export function validateApplication(values: ApplicationFormValues, requirementIds: readonly string[]): FieldErrors {
  const check = checkApplicationSubmission({ ...values, contactPhone: values.contactPhone || null }, requirementIds);
  if (check.ok) return {};
  return Object.fromEntries(check.problems.map(({ field, message }) => [field.split('.')[0], message]));
}

/**
 * The server's answer to a submission: problems with fields go next to them (`input.companyName`),
 * anything else (the program stopped seeking, the hourly limit) above the form. A duplicate of an
 * open application is answered like a new one (its contact is told by email), so it never shows here.
 */
export function serverErrorsOf(error: unknown): { fields: FieldErrors; general: string | null } {
  const fields: FieldErrors = {};
  let general: string | null = null;
  for (const problem of errorsOf(error)) {
    const listed = (problem.extensions.fieldErrors as Array<{ field: string; message: string }> | undefined) ?? [];
    const all = listed.length ? listed : problem.field ? [{ field: problem.field, message: problem.message }] : [];
    const formFields = all.filter(({ field }) => field.startsWith('input.') && field !== 'input.programId');
    for (const { field, message } of formFields)
      fields[field.slice('input.'.length).split('.')[0] as keyof ApplicationFormValues] ??= message;
    if (formFields.length === 0) general ??= problem.message;
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
