import { LOCALES } from '@certhub/domain/i18n/locales';
import { catalogueProblems, DOMAIN_MESSAGES } from '@certhub/domain/i18n/messages';
import { describe, expect, it } from 'vitest';
import { alternateLinks, switchLocale } from './alternates.js';
import { SITE_MESSAGES } from './locale.js';
import { de } from './messages/de.js';
import { en } from './messages/en.js';

describe("the public site's message catalogues", () => {
  it('has every key in every language, as valid ICU with the same arguments', () => {
    expect(catalogueProblems({ en, de })).toEqual([]);
    expect(Object.keys(SITE_MESSAGES).sort()).toEqual([...LOCALES].sort());
  });

  it('never shadows a word of the domain with one of its own', () => {
    const shadowed = Object.keys(en).filter((key) => key in DOMAIN_MESSAGES.en);
    expect(shadowed).toEqual([]);
  });
});

describe('pages in other languages', () => {
  it('links each page to itself in every language, absolute, with x-default on English', () => {
    expect(alternateLinks('/de/programs/sip-trunks?x=1', 'https://certhub.example')).toEqual([
      { hreflang: 'en', href: 'https://certhub.example/programs/sip-trunks?x=1' },
      { hreflang: 'de', href: 'https://certhub.example/de/programs/sip-trunks?x=1' },
      { hreflang: 'x-default', href: 'https://certhub.example/programs/sip-trunks?x=1' },
    ]);
    expect(alternateLinks('/', 'https://certhub.example').map((link) => link.href)).toEqual([
      'https://certhub.example/',
      'https://certhub.example/de/',
      'https://certhub.example/',
    ]);
  });

  it('switches the language of the page shown, keeping its query and fragment', () => {
    const location = { pathname: '/programs/sba', search: '?status=SEEKING_PARTNERS', hash: '#labs' };
    expect(switchLocale(location, 'de')).toBe('/de/programs/sba?status=SEEKING_PARTNERS#labs');
    expect(switchLocale({ ...location, pathname: '/de/programs/sba' }, 'en')).toBe('/programs/sba?status=SEEKING_PARTNERS#labs');
    expect(switchLocale({ pathname: '/de', search: '', hash: '' }, 'en')).toBe('/');
  });
});
