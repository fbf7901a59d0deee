import { HEAD_TAG_MARK, headTags, type PageMeta } from './head-tags.js';

/** Replaces the head elements of the page shown before with this page's. */
export function showPageMeta(meta: PageMeta, origin: string): void {
  for (const element of document.head.querySelectorAll(`[${HEAD_TAG_MARK}]`)) element.remove();
  for (const { tag, attributes, text } of headTags(meta, origin)) {
    const element = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
    element.setAttribute(HEAD_TAG_MARK, '');
    if (text !== undefined) element.textContent = text;
    document.head.append(element);
  }
}
