import { usePageMeta } from '../page-head/page-meta.js';

/**
 * A page that says no more about itself than its title (an indexable page at `canonicalPath`).
 * Pages with more to say (a description, structured data, a status) call `usePageMeta`.
 */
export function usePageTitle(title: string | null, canonicalPath: string | null = null): void {
  usePageMeta({ title, canonicalPath });
}
