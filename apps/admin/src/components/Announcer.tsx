import type { ReactNode } from 'react';

/** Where a screen says what just happened: always in the page, so screen readers hear each change. */
export function Announcer({ children }: { children: ReactNode }) {
  return (
    <div className="announcement" role="status" aria-live="polite">
      {children}
    </div>
  );
}
