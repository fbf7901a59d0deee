import { render, screen, within } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import { describe, expect, it } from 'vitest';
import { makeFragmentData } from '../../gql/index.js';
import { LocaleProvider } from '../../i18n/locale.js';
import { CatalogTable, CatalogTableProgram } from './CatalogTable.js';

const program = (id: string, name: string, category: string, extra: Record<string, unknown> = {}) =>
  makeFragmentData(
    {
      id,
      slug: name.toLowerCase().replaceAll(' ', '-'),
      name,
      admissionStatus: 'NOT_SEEKING_PARTNERS',
      specAvailability: null,
      labAvailability: null,
      category: { slug: category.toLowerCase(), name: category },
      specs: [],
      labs: [],
      ...extra,
    },
    CatalogTableProgram,
  );

describe('CatalogTable', () => {
  it('groups consecutive programs under their category, as row groups with header cells', () => {
    render(
      <MemoryRouter>
        <LocaleProvider locale="en">
          <CatalogTable
            programs={[
              program('1', 'IP Phones', 'Devices', { specAvailability: 'ON_ADMISSION' }),
              program('2', 'PCs', 'Devices', { specs: [{ title: 'Spec', url: 'https://example.com/spec' }] }),
              program('3', 'SIP Trunks', 'Services', { admissionStatus: 'NO_ADMISSION_REVIEW', labAvailability: 'COMING_SOON' }),
            ]}
          />
        </LocaleProvider>
      </MemoryRouter>,
    );
    const groups = screen.getAllByRole('rowgroup').slice(1);
    // Each row group starts with its category's header cell, then one header cell per program.
    const headers = groups.map((group) =>
      within(group)
        .getAllByRole('rowheader')
        .map((cell) => cell.textContent),
    );
    expect(headers).toEqual([
      ['Devices', 'IP Phones', 'PCs'],
      ['Services', 'SIP Trunks'],
    ]);
    expect(screen.getByText('Available on admission to program')).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Spec' }).getAttribute('href')).toBe('https://example.com/spec');
    expect(screen.getByText('Contact labs')).toBeTruthy();
    expect(screen.getByText('Coming soon')).toBeTruthy();
    expect(screen.getByRole('link', { name: 'SIP Trunks' }).getAttribute('href')).toBe('/programs/sip-trunks');
  });
});
