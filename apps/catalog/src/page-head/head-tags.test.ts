import { describe, expect, it } from 'vitest';
import { headHtml, headTags, scriptSafeJson } from './head-tags.js';

describe('the head of a page', () => {
  it('makes canonical and Open Graph URLs absolute on the site, and structured data with them', () => {
    const html = headHtml(
      headTags(
        {
          title: 'SIP Trunks',
          description: 'Contact labs.',
          canonicalPath: '/programs/sip-trunks',
          structuredData: (url) => ({ '@type': 'WebPage', url: url('/programs/sip-trunks') }),
        },
        'https://certhub.example.com',
      ),
    );
    expect(html).toContain('<title data-page-head>SIP Trunks · CertHub</title>');
    expect(html).toContain('<meta name="description" content="Contact labs." data-page-head>');
    expect(html).toContain('<link rel="canonical" href="https://certhub.example.com/programs/sip-trunks" data-page-head>');
    expect(html).toContain('<meta property="og:url" content="https://certhub.example.com/programs/sip-trunks" data-page-head>');
    expect(html).toContain(
      '<script type="application/ld+json" data-page-head>{"@context":"https://schema.org","@type":"WebPage","url":"https://certhub.example.com/programs/sip-trunks"}</script>',
    );
    expect(html).not.toContain('robots');
  });

  it('keeps pages without an address of their own out of search engines', () => {
    const html = headHtml(headTags({ title: 'Page not found', status: 404 }, 'https://certhub.example.com'));
    expect(html).toContain('<meta name="robots" content="noindex" data-page-head>');
    expect(html).not.toContain('canonical');
  });

  it('cannot be broken out of by what a page shows: titles are escaped, script text cannot close its element', () => {
    const hostile = '</script><script>alert(1)</script>"<!--';
    const html = headHtml(
      headTags(
        { title: hostile, canonicalPath: `/?q=${hostile}`, structuredData: () => ({ name: hostile }) },
        'https://certhub.example.com',
      ),
    );
    expect(html.match(/<script/g)).toHaveLength(1);
    expect(html.match(/<\/script>/g)).toHaveLength(1);
    expect(html).not.toContain('<!--');
    expect(html).toContain(
      '<title data-page-head>&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;&quot;&lt;!-- · CertHub</title>',
    );
    const json = scriptSafeJson({ text: `${hostile}\u2028\u2029` });
    expect(json).not.toMatch(/[<\u2028\u2029]/);
    expect(JSON.parse(json)).toEqual({ text: `${hostile}\u2028\u2029` });
  });
});
