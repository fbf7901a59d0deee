import { afterEach, describe, expect, it } from 'vitest';
import { showPageMeta } from './head-dom.js';
import { headHtml, headTags, type PageMeta } from './head-tags.js';

const ORIGIN = 'https://certhub.example.com';
const PROGRAM: PageMeta = { title: 'SIP Trunks', canonicalPath: '/programs/sip-trunks', locale: 'en' };

describe('the head of a page shown in the browser', () => {
  afterEach(() => {
    document.head.innerHTML = '';
  });

  it("leaves the server's head of the hydrated page as it is, element for element", () => {
    document.head.innerHTML = `<meta charset="utf-8">${headHtml(headTags(PROGRAM, ORIGIN))}`;
    const before = [...document.head.children];
    showPageMeta(PROGRAM, ORIGIN);
    expect([...document.head.children]).toEqual(before);
    expect(document.head.children.length).toBeGreaterThan(5);
    for (const [index, element] of [...document.head.children].entries()) expect(element).toBe(before[index]);
  });

  it("replaces the last page's head elements with the next page's, and only those", () => {
    document.head.innerHTML = `<meta charset="utf-8">${headHtml(headTags(PROGRAM, ORIGIN))}`;
    const charset = document.head.firstElementChild;
    showPageMeta({ title: 'Join', canonicalPath: '/join', locale: 'en' }, ORIGIN);
    expect(document.head.firstElementChild).toBe(charset);
    expect(document.title).toBe('Join · CertHub');
    expect(document.head.querySelector('link[rel="canonical"]')?.getAttribute('href')).toBe(`${ORIGIN}/join`);
    expect(document.head.querySelectorAll('title')).toHaveLength(1);
    expect(document.head.innerHTML).not.toContain('sip-trunks');
  });
});
