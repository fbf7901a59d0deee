import { describe, expect, it } from 'vitest';
import {
  APPLICATION_STATUSES,
  APPLICATION_TRANSITIONS,
  type ApplicationStatus,
  allowedTransitions,
  canTransition,
  checkApplicationSubmission,
  checkApplicationText,
  companyKey,
  isOpenApplicationStatus,
  normalizeReference,
  OPEN_APPLICATION_STATUSES,
  PRODUCT_SUMMARY_MAX_LENGTH,
  REFERENCE_PATTERN,
  referenceFromBytes,
  transitionProblem,
  websiteHost,
} from './application.js';
import { COUNTRY_CODES, isCountryCode } from './countries.js';
import { KNOWN_REQUIREMENT_IDS } from './how-to-join.js';

const VALID = {
  companyName: '  Acme Networks, Inc. ',
  companyWebsite: 'https://www.acme.example',
  headquartersCountry: 'de',
  contactName: 'Jane Doe',
  contactEmail: 'jane@acme.example',
  contactPhone: '',
  productSummary: 'A session border controller for enterprises.',
  message: 'We would like to join.',
  attestedRequirementIds: [...KNOWN_REQUIREMENT_IDS],
};

describe('application state machine', () => {
  it('goes SUBMITTED → IN_REVIEW → INFO_REQUESTED ⇄ IN_REVIEW → ACCEPTED → ONBOARDED', () => {
    const path: ApplicationStatus[] = ['SUBMITTED', 'IN_REVIEW', 'INFO_REQUESTED', 'IN_REVIEW', 'ACCEPTED', 'ONBOARDED'];
    for (const [index, from] of path.slice(0, -1).entries()) {
      expect(canTransition(from, path[index + 1] as ApplicationStatus, 'STAFF')).toBe(true);
    }
  });

  it('lets staff decline and the applicant withdraw from every open state, and nothing leave a closed one', () => {
    for (const status of APPLICATION_STATUSES) {
      const open = OPEN_APPLICATION_STATUSES.includes(status);
      expect(isOpenApplicationStatus(status)).toBe(open);
      expect(canTransition(status, 'DECLINED', 'STAFF')).toBe(open);
      expect(canTransition(status, 'WITHDRAWN', 'APPLICANT')).toBe(open);
      expect(canTransition(status, 'WITHDRAWN', 'STAFF')).toBe(false);
      if (!open) expect(allowedTransitions(status)).toEqual([]);
    }
  });

  it('lets the applicant only withdraw, or answer a question', () => {
    expect(allowedTransitions('INFO_REQUESTED', 'APPLICANT')).toEqual(['IN_REVIEW', 'WITHDRAWN']);
    expect(allowedTransitions('IN_REVIEW', 'APPLICANT')).toEqual(['WITHDRAWN']);
    expect(allowedTransitions('IN_REVIEW', 'STAFF')).toEqual(['INFO_REQUESTED', 'ACCEPTED', 'DECLINED']);
  });

  it('explains every illegal move, naming the allowed ones', () => {
    for (const from of APPLICATION_STATUSES) {
      for (const to of APPLICATION_STATUSES) {
        for (const by of ['STAFF', 'APPLICANT'] as const) {
          const allowed = APPLICATION_TRANSITIONS[from].some((move) => move.to === to && move.by.includes(by));
          expect(transitionProblem(from, to, by) === null).toBe(allowed);
        }
      }
    }
    expect(transitionProblem('IN_REVIEW', 'ONBOARDED', 'STAFF')).toBe(
      'An application that is in review can go to INFO_REQUESTED, ACCEPTED or DECLINED, not to ONBOARDED.',
    );
    expect(transitionProblem('DECLINED', 'IN_REVIEW', 'STAFF')).toMatch(/declined: it is closed/);
    expect(transitionProblem('SUBMITTED', 'WITHDRAWN', 'STAFF')).toMatch(/Only the applicant/);
    expect(transitionProblem('SUBMITTED', 'IN_REVIEW', 'APPLICANT')).toMatch(/Only staff/);
  });
});

describe('application submission rules', () => {
  it('accepts a complete form, trimmed, with the country in capitals and a blank phone as none', () => {
    const result = checkApplicationSubmission(VALID, KNOWN_REQUIREMENT_IDS);
    expect(result).toEqual({
      ok: true,
      value: {
        ...VALID,
        companyName: 'Acme Networks, Inc.',
        headquartersCountry: 'DE',
        contactPhone: null,
      },
    });
  });

  it('names every field at fault at once, with its own message', () => {
    const result = checkApplicationSubmission(
      {
        ...VALID,
        companyName: ' ',
        companyWebsite: 'acme',
        headquartersCountry: 'Germany',
        contactEmail: 'jane',
        contactPhone: 'call me',
        productSummary: 'x'.repeat(PRODUCT_SUMMARY_MAX_LENGTH + 1),
        message: '',
        attestedRequirementIds: ['proven-record'],
      },
      KNOWN_REQUIREMENT_IDS,
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((problem) => problem.field)).toEqual([
      'companyName',
      'companyWebsite',
      'headquartersCountry',
      'contactEmail',
      'contactPhone',
      'productSummary',
      'message',
      'attestedRequirementIds',
    ]);
    expect(result.problems.find((problem) => problem.field === 'productSummary')?.message).toMatch(
      String(PRODUCT_SUMMARY_MAX_LENGTH),
    );
    // What kind of problem, for forms that say it in another language.
    expect(
      Object.fromEntries(result.problems.map(({ field, problem, max }) => [field, max ? `${problem} ${max}` : problem])),
    ).toEqual({
      companyName: 'required',
      companyWebsite: 'invalid',
      headquartersCountry: 'invalid',
      contactEmail: 'invalid',
      contactPhone: 'invalid',
      productSummary: `tooLong ${PRODUCT_SUMMARY_MAX_LENGTH}`,
      message: 'required',
      attestedRequirementIds: 'invalid',
    });
  });

  it('wants every requirement attested, and only requirements', () => {
    const missing = checkApplicationSubmission(
      { ...VALID, attestedRequirementIds: KNOWN_REQUIREMENT_IDS.slice(1) },
      KNOWN_REQUIREMENT_IDS,
    );
    expect(missing).toEqual({
      ok: false,
      problems: [{ field: 'attestedRequirementIds', message: expect.stringContaining('proven-record'), problem: 'invalid' }],
    });
    const unknown = checkApplicationSubmission(
      { ...VALID, attestedRequirementIds: [...KNOWN_REQUIREMENT_IDS, 'free-lunch'] },
      KNOWN_REQUIREMENT_IDS,
    );
    expect(unknown.ok || unknown.problems[0]?.message).toMatch(/free-lunch/);
    const twice = checkApplicationSubmission(
      { ...VALID, attestedRequirementIds: [...KNOWN_REQUIREMENT_IDS, ...KNOWN_REQUIREMENT_IDS] },
      KNOWN_REQUIREMENT_IDS,
    );
    expect(twice.ok && twice.value.attestedRequirementIds).toEqual(KNOWN_REQUIREMENT_IDS);
  });

  it('accepts phone numbers as people write them', () => {
    for (const phone of ['+49 30 1234567', '(555) 123-4567', '+1.555.123.4567 ext. 12']) {
      expect(checkApplicationSubmission({ ...VALID, contactPhone: phone }, KNOWN_REQUIREMENT_IDS).ok).toBe(true);
    }
  });

  it('bounds replies and notes', () => {
    expect(checkApplicationText('  hello ', 10)).toEqual({ ok: true, value: 'hello' });
    expect(checkApplicationText('   ', 10)).toEqual({ ok: true, value: null });
    expect(checkApplicationText('x'.repeat(11), 10).ok).toBe(false);
  });
});

describe('countries', () => {
  it('are the 249 assigned ISO 3166-1 alpha-2 codes, each a region with a name', () => {
    expect(COUNTRY_CODES).toHaveLength(249);
    expect(new Set(COUNTRY_CODES).size).toBe(249);
    const names = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' });
    for (const code of COUNTRY_CODES) expect(names.of(code), code).toBeTruthy();
    expect(isCountryCode('DE')).toBe(true);
    expect(isCountryCode('de')).toBe(false);
    expect(isCountryCode('XK')).toBe(false);
    expect(isCountryCode('UK')).toBe(false);
  });
});

describe('duplicates and references', () => {
  it('compares companies without case, punctuation, accents or legal form', () => {
    const key = companyKey('Acme Networks');
    for (const name of ['ACME networks, Inc.', '  acme-networks ltd', 'Acmé Networks GmbH', 'A.c.m.e. Networks']) {
      expect(companyKey(name), name).toBe(key);
    }
    expect(companyKey('Acme Telecom')).not.toBe(key);
    expect(companyKey('Inc')).toBe('inc');
    expect(websiteHost('https://WWW.Acme.example/about')).toBe('acme.example');
  });

  it('makes references such as APP-7K2Q9 and reads them back however they were typed', () => {
    const reference = referenceFromBytes([7, 19, 2, 23, 9]);
    expect(reference).toBe('APP-7K2Q9');
    expect(REFERENCE_PATTERN.test(referenceFromBytes([255, 254, 253, 252, 251]))).toBe(true);
    for (const typed of ['APP-7K2Q9', 'app-7k2q9', ' app 7k2q9 ', '7K2Q9', 'APP7K2Q9']) {
      expect(normalizeReference(typed), typed).toBe('APP-7K2Q9');
    }
    expect(normalizeReference('APP-0I0L0')).toBe(normalizeReference('app-o1o1o'));
    expect(normalizeReference('APP-7K2Q')).toBeNull();
    expect(normalizeReference('APP-7K2QU')).toBeNull();
  });
});
