import { HEAD_TAG_MARK, type HeadTag, headTags, type PageMeta } from './head-tags.js';

/**
 * Replaces the head elements of the page shown before with this page's. Right after hydration the
 * head is already the server's for this page: it is left as it is, sparing the browser the work of
 * replacing every element during the page's first busy moments.
 */
export function showPageMeta(meta: PageMeta, origin: string): void {
  const shown = [...document.head.querySelectorAll(`[${HEAD_TAG_MARK}]`)];
  const elements = headTags(meta, origin).map(headElement);
  if (shown.length === elements.length && elements.every((element, index) => element.isEqualNode(shown[index] ?? null))) return;
  for (const element of shown) element.remove();
  document.head.append(...elements);
}

function headElement({ tag, attributes, text }: HeadTag): HTMLElement {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  element.setAttribute(HEAD_TAG_MARK, '');
  if (text !== undefined) element.textContent = text;
  return element;
}
