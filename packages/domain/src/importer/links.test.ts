import { describe, expect, it } from 'vitest';
import type { CatalogProgram } from '../catalog.js';
import { DEFAULT_PAGE_BASE_URL, resolveCatalogLinks, resolveLink } from './links.js';

const program: CatalogProgram = {
  category: 'Devices',
  name: 'PCs',
  admissionStatus: 'NOT_SEEKING_PARTNERS',
  specs: [
    { title: 'Test specs', url: 'test-spec.md' },
    { title: 'Download', url: 'https://download.microsoft.com/specs.zip' },
    { title: 'Printed copy', url: null },
  ],
  specAvailability: null,
  labs: [
    { name: 'AST', url: 'http://www.asttechlabs.com/' },
    { name: 'Local lab', url: '../labs/local.md#contact' },
  ],
  labAvailability: null,
};

describe('resolveCatalogLinks', () => {
  it('resolves relative links against the published page and keeps absolute ones', () => {
    const [resolved] = resolveCatalogLinks([program]);
    expect(resolved?.specs).toStrictEqual([
      { title: 'Test specs', url: 'https://learn.microsoft.com/en-us/skypeforbusiness/certification/test-spec' },
      { title: 'Download', url: 'https://download.microsoft.com/specs.zip' },
      { title: 'Printed copy', url: null },
    ]);
    expect(resolved?.labs).toStrictEqual([
      { name: 'AST', url: 'http://www.asttechlabs.com/' },
      { name: 'Local lab', url: 'https://learn.microsoft.com/en-us/skypeforbusiness/labs/local#contact' },
    ]);
  });

  it('uses the given base and leaves its input untouched', () => {
    const [resolved] = resolveCatalogLinks([program], 'https://docs.example.com/join/');
    expect(resolved?.specs[0]?.url).toBe('https://docs.example.com/join/test-spec');
    expect(program.specs[0]?.url).toBe('test-spec.md');
  });

  it('drops the .md the docs site leaves out of its addresses, only from links to its own pages', () => {
    const base = 'https://learn.microsoft.com/en-us/skypeforbusiness/certification/infra-sbc';
    expect(resolveLink('../lync-cert/sbcs-lync-server.md', base)).toBe(
      'https://learn.microsoft.com/en-us/skypeforbusiness/lync-cert/sbcs-lync-server',
    );
    expect(resolveLink('how-to-join.md?view=x#top', base)).toBe(
      'https://learn.microsoft.com/en-us/skypeforbusiness/certification/how-to-join?view=x#top',
    );
    expect(resolveLink('https://github.com/org/repo/README.md', base)).toBe('https://github.com/org/repo/README.md');
  });

  it('rejects a base that is no absolute web address', () => {
    for (const base of ['how-to-join', 'file:///srv/docs/how-to-join', 'javascript:alert(1)//', 'mailto:docs@example.com']) {
      expect(() => resolveCatalogLinks([program], base), base).toThrow(TypeError);
    }
  });

  it('defaults to the page on learn.microsoft.com', () => {
    expect(DEFAULT_PAGE_BASE_URL).toBe('https://learn.microsoft.com/en-us/skypeforbusiness/certification/how-to-join');
  });
});
