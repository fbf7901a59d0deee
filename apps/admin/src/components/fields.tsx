import type { ReactNode } from 'react';

/** Why something did not work, announced at once. */
export function Problem({ children }: { children: ReactNode }) {
  if (!children) return null;
  return (
    <p className="callout callout-error" role="alert">
      {children}
    </p>
  );
}

/** The next page of a list, appended below it. */
export function ShowMore({
  pageInfo,
  label,
  onMore,
}: {
  pageInfo: { hasNextPage: boolean; endCursor?: string | null };
  label: string;
  onMore: (after: string | null | undefined) => unknown;
}) {
  if (!pageInfo.hasNextPage) return null;
  return (
    <button type="button" className="secondary" onClick={() => void onMore(pageInfo.endCursor)}>
      {label}
    </button>
  );
}
