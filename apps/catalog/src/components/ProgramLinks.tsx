import type { LabAvailability, SpecAvailability } from '@certhub/domain/availability';
import { useT } from '../i18n/locale.js';

interface Link {
  label: string;
  url: string | null;
}

function LinkList({ items, otherwise }: { items: Link[]; otherwise: string }) {
  if (items.length === 0) return <span className="muted">{otherwise}</span>;
  return (
    <ul className="link-list">
      {items.map(({ label, url }) => (
        <li key={`${label} ${url}`}>{url ? <a href={url}>{label}</a> : label}</li>
      ))}
    </ul>
  );
}

/** A program's spec documents, or how they can be had when none is published. */
export function SpecList({
  specs,
  availability,
}: {
  specs: Array<{ title: string; url?: string | null }>;
  availability: SpecAvailability | null;
}) {
  const t = useT();
  return (
    <LinkList
      items={specs.map((spec) => ({ label: spec.title, url: spec.url ?? null }))}
      otherwise={t(availability ? `specAvailability.${availability}` : 'catalog.noneListed')}
    />
  );
}

/** A program's certification labs, or why there is none. */
export function LabList({
  labs,
  availability,
}: {
  labs: Array<{ name: string; url?: string | null }>;
  availability: LabAvailability | null;
}) {
  const t = useT();
  return (
    <LinkList
      items={labs.map((lab) => ({ label: lab.name, url: lab.url ?? null }))}
      otherwise={t(availability ? `labAvailability.${availability}` : 'catalog.noneListed')}
    />
  );
}
