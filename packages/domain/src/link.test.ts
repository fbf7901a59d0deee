import { describe, expect, it } from 'vitest';
import { hasAllowedScheme, isCatalogLink } from './link.js';

describe('isCatalogLink', () => {
  it('accepts absolute http, https and mailto links', () => {
    for (const link of ['https://example.com/certification?x=1', 'http://lab.example', 'mailto:lab@example.com']) {
      expect(isCatalogLink(link)).toBe(true);
    }
  });

  it('refuses other schemes, however they are spelt, and links that are not absolute', () => {
    for (const link of [
      'javascript:alert(1)',
      'JavaScript:alert(1)',
      'java\tscript:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      'vbscript:msgbox(1)',
      'file:///etc/passwd',
      'ftp://example.com',
      'mailto:',
      'https://',
      'example.com',
      '/test-spec.md',
    ]) {
      expect(isCatalogLink(link), link).toBe(false);
    }
  });
});

describe('hasAllowedScheme', () => {
  it('keeps relative links (resolved against the page) and http(s) or mailto ones', () => {
    for (const href of [
      'test-spec.md',
      '../labs/local.md#contact',
      '//cdn.example.com/x',
      'https://a.example',
      'mailto:a@b.example',
    ]) {
      expect(hasAllowedScheme(href), href).toBe(true);
    }
  });

  it('refuses javascript:, data:, file: and vbscript: links', () => {
    for (const href of [
      'javascript:alert(1)',
      ' JAVASCRIPT:alert(1)',
      'java\nscript:alert(1)',
      'data:,x',
      'file:///x',
      'vbscript:x',
    ]) {
      expect(hasAllowedScheme(href), href).toBe(false);
    }
  });
});
