import type { ReactNode } from 'react';

/** A `mailto:` link (the server accepts only email addresses as a program's contact: no other scheme gets here). */
export function MailLink({ address, children }: { address: string; children?: ReactNode }) {
  return <a href={`mailto:${address}`}>{children ?? address}</a>;
}
