import { describe, expect, it } from 'vitest';
import { ADMISSION_STATUSES } from '../admission-status.js';
import { APPLICATION_STATUSES } from '../application.js';
import { LAB_AVAILABILITIES, SPEC_AVAILABILITIES } from '../availability.js';
import { WATCH_TRIGGERS } from '../watch.js';
import { LOCALES, localePath, preferredLocale, splitLocalePath } from './locales.js';
import { catalogueProblems, DOMAIN_MESSAGES, domainText, labelsOf } from './messages.js';

describe('the domain message catalogues', () => {
  it('has a catalogue per locale, each with every key, valid ICU and the same arguments', () => {
    expect(Object.keys(DOMAIN_MESSAGES).sort()).toEqual([...LOCALES].sort());
    expect(catalogueProblems(DOMAIN_MESSAGES)).toEqual([]);
  });

  it('has words for every value of every enumeration it names, in every locale', () => {
    for (const locale of LOCALES) {
      for (const [group, values] of [
        ['admissionStatus', ADMISSION_STATUSES],
        ['admissionStatusShort', ADMISSION_STATUSES],
        ['admissionStatusNextStep', ADMISSION_STATUSES],
        ['applicationStatus', APPLICATION_STATUSES],
        ['specAvailability', SPEC_AVAILABILITIES],
        ['labAvailability', LAB_AVAILABILITIES],
        ['watchTrigger', WATCH_TRIGGERS],
      ] as const) {
        const labels = labelsOf(locale, group, values);
        for (const value of values) expect(labels[value], `${locale} ${group}.${value}`).toMatch(/\S/);
      }
    }
  });

  it('finds missing keys, extra keys, broken ICU and arguments that differ', () => {
    expect(
      catalogueProblems({
        en: { a: 'Hello {name}', b: '{count, plural, one {# program} other {# programs}}', c: 'C' },
        de: { a: 'Hallo {nom}', b: '{count, plural, one {# Programm} other {# Programme}', x: 'X' },
      }),
    ).toEqual([
      'de: "c" is missing.',
      'de: "a" has the arguments [nom], the "en" one [name].',
      expect.stringMatching(/^de: "b" is not valid ICU MessageFormat/),
      'de: "x" is not in the "en" catalogue.',
    ]);
  });

  it('fills in arguments, in the language asked for', () => {
    const values = { program: 'SIP Trunks', category: 'Services', from: 'Closed', to: 'Seeking partners' };
    expect(domainText('en', 'feed.statusChanged', values)).toBe(
      'SIP Trunks (Services) went from "Closed" to "Seeking partners".',
    );
    expect(domainText('de', 'feed.statusChanged', values)).toBe(
      'SIP Trunks (Services) wechselte von „Closed“ zu „Seeking partners“.',
    );
    expect(domainText('en', 'feed.title')).toBe("CertHub: certification programs' status changes");
    expect(labelsOf('de', 'admissionStatus', ADMISSION_STATUSES).SEEKING_PARTNERS).toBe('Partner gesucht');
  });
});

describe('locales in paths', () => {
  it('reads the locale from the first segment and writes it back', () => {
    expect(splitLocalePath('/de/programs/sip-trunks')).toEqual({ locale: 'de', path: '/programs/sip-trunks' });
    expect(splitLocalePath('/de')).toEqual({ locale: 'de', path: '/' });
    expect(splitLocalePath('/de/')).toEqual({ locale: 'de', path: '/' });
    expect(splitLocalePath('/programs/de')).toEqual({ locale: 'en', path: '/programs/de' });
    expect(splitLocalePath('/en/join')).toEqual({ locale: 'en', path: '/en/join' });
    expect(splitLocalePath('/deutsch')).toEqual({ locale: 'en', path: '/deutsch' });
    expect(localePath('de', '/')).toBe('/de/');
    expect(localePath('de', '/join')).toBe('/de/join');
    expect(localePath('en', '/join')).toBe('/join');
  });

  it('suggests the first preferred language CertHub speaks', () => {
    expect(preferredLocale(['fr-FR', 'de-AT', 'en'])).toBe('de');
    expect(preferredLocale(['en-GB', 'de'])).toBe('en');
    expect(preferredLocale(['fr', 'es'])).toBeNull();
    expect(preferredLocale([])).toBeNull();
  });
});
