import './products.css';
import { useId, useState } from 'react';
import { useNavigate } from 'react-router';
import { useLocale, useT } from '../../i18n/locale.js';

/**
 * The question, as a form of its own: on the search page before anything is asked, and on the home
 * page, where it leads to the search page with the answer.
 */
export function CertifiedSearchForm({ onSearch, heading }: { onSearch: (search: string) => void; heading?: string }) {
  const t = useT();
  const id = useId();
  const [search, setSearch] = useState('');
  return (
    <search className="certified-search" aria-labelledby={heading ? `${id}-heading` : undefined}>
      {heading && <h2 id={`${id}-heading`}>{heading}</h2>}
      <form
        className="filters"
        aria-label={heading ? undefined : t('certified.title')}
        onSubmit={(event) => {
          event.preventDefault();
          if (search.trim()) onSearch(search.trim());
        }}
      >
        <div className="field">
          <label htmlFor={`${id}-search`}>{t('certified.searchLabel')}</label>
          <input
            id={`${id}-search`}
            type="search"
            value={search}
            onChange={(event) => setSearch(event.target.value)}
            maxLength={200}
            required
          />
        </div>
        <button type="submit">{t('certified.submit')}</button>
      </form>
    </search>
  );
}

/** The question on the home page: it leads to the search page with the answer. */
export function CertifiedSearchBox() {
  const t = useT();
  const { localePath } = useLocale();
  const navigate = useNavigate();
  return (
    <CertifiedSearchForm
      heading={t('certified.title')}
      onSearch={(search) => navigate(localePath(`/certified?${new URLSearchParams({ q: search })}`))}
    />
  );
}
