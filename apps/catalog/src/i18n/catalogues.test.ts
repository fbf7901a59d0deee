import { LOCALES } from '@certhub/domain/i18n/locales';
import { catalogueProblems, DOMAIN_MESSAGES } from '@certhub/domain/i18n/messages';
import { describe, expect, it } from 'vitest';
import { headHtml, headTags } from '../page-head/head-tags.js';
import { alternateLinks, switchLocale, withoutToken } from './alternates.js';
import { de } from './messages/de.js';
import { en } from './messages/en.js';
import { loadSiteMessages } from './site-messages.js';

describe("the public site's message catalogues", () => {
  it('has every key in every language, as valid ICU with the same arguments', () => {
    expect(catalogueProblems({ en, de })).toEqual([]);
  });

  it("loads each language's catalogue whole: the domain's words and the site's", async () => {
    const keys = [...Object.keys(DOMAIN_MESSAGES.en), ...Object.keys(en)].sort();
    for (const locale of LOCALES) expect(Object.keys(await loadSiteMessages(locale)).sort()).toEqual(keys);
    expect((await loadSiteMessages('de'))['site.nav.join']).toBe(de['site.nav.join']);
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

  it('switches the language of the page shown, keeping its query', () => {
    const location = { pathname: '/programs/sba', search: '?status=SEEKING_PARTNERS' };
    expect(switchLocale(location, 'de')).toBe('/de/programs/sba?status=SEEKING_PARTNERS');
    expect(switchLocale({ ...location, pathname: '/de/programs/sba' }, 'en')).toBe('/programs/sba?status=SEEKING_PARTNERS');
    expect(switchLocale({ pathname: '/de', search: '' }, 'en')).toBe('/');
    // A link's secret stays out of the server's HTML (the switcher adds it back once hydrated).
    expect(withoutToken('?token=abc')).toBe('');
    expect(withoutToken('?token=abc&status=SEEKING_PARTNERS')).toBe('?status=SEEKING_PARTNERS');
    expect(withoutToken('?status=SEEKING_PARTNERS')).toBe('?status=SEEKING_PARTNERS');
  });
});

describe('the head of a German page', () => {
  it('has the site words in German, og:locale, and hreflang alternates beside its canonical address', () => {
    const html = headHtml(
      headTags({ title: null, canonicalPath: '/de/?status=SEEKING_PARTNERS', locale: 'de' }, 'https://c.example'),
    );
    expect(html).toContain('<title data-page-head>CertHub — Zertifizierungsprogramme</title>');
    expect(html).toContain('<meta name="description" content="Welche Zertifizierungsprogramme Partner suchen,');
    expect(html).toContain('<meta property="og:locale" content="de_DE" data-page-head>');
    expect(html).toContain('<link rel="canonical" href="https://c.example/de/?status=SEEKING_PARTNERS" data-page-head>');
    for (const [hreflang, href] of [
      ['en', 'https://c.example/?status=SEEKING_PARTNERS'],
      ['de', 'https://c.example/de/?status=SEEKING_PARTNERS'],
      ['x-default', 'https://c.example/?status=SEEKING_PARTNERS'],
    ])
      expect(html).toContain(`<link rel="alternate" hreflang="${hreflang}" href="${href}" data-page-head>`);
  });

  it('has no alternates where it has no address of its own (not indexed)', () => {
    const html = headHtml(headTags({ title: 'Seite nicht gefunden', status: 404, locale: 'de' }, 'https://c.example'));
    expect(html).not.toContain('hreflang');
    expect(html).toContain('<title data-page-head>Seite nicht gefunden · CertHub</title>');
  });
});
