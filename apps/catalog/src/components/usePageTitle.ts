import { useEffect } from 'react';

/** Each route names itself in the tab and for screen readers announcing the page. */
export function usePageTitle(title: string | null): void {
  useEffect(() => {
    document.title = title ? `${title} · CertHub` : 'CertHub — certification programs';
  }, [title]);
}
