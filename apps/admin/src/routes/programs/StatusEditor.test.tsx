import { InMemoryCache } from '@apollo/client';
import { useFragment } from '@apollo/client/react';
import { MockedProvider, type MockedProviderProps } from '@apollo/client/testing/react';
import { ADMISSION_STATUS_SHORT_LABELS } from '@certhub/domain/admission-status';
import { act, cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { GraphQLError } from 'graphql';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { StatusEditor_ProgramFragment } from '../../gql/graphql.js';
import { StatusEditor, StatusEditor_program } from './StatusEditor.js';
import { SetProgramStatus } from './status-change.js';

const sbc: StatusEditor_ProgramFragment & { __typename: 'Program' } = {
  __typename: 'Program',
  id: 'UHJvZ3JhbTo1',
  slug: 'sbc',
  name: 'SBC',
  admissionStatus: 'NOT_SEEKING_PARTNERS',
  version: 3,
  statusChangedAt: '2026-01-01T00:00:00.000Z',
  position: 0,
  specAvailability: null,
  labAvailability: null,
  partnerCapacity: null,
  internalNotes: null,
  category: { __typename: 'Category', id: 'Q2F0ZWdvcnk6Mg', name: 'Infrastructure', slug: 'infrastructure' },
} as StatusEditor_ProgramFragment & { __typename: 'Program' };

const categoryNames = new Map([
  ['Q2F0ZWdvcnk6Mg', 'Infrastructure'],
  ['Q2F0ZWdvcnk6MQ', 'Devices'],
]);

const setStatus = (status: string, expectedVersion: number) => ({
  query: SetProgramStatus,
  variables: { input: { programId: sbc.id, expectedVersion, reason: null, status } },
});

const answer = (status: string, version: number) => ({
  data: {
    setProgramAdmissionStatus: {
      __typename: 'Program',
      id: sbc.id,
      admissionStatus: status,
      version,
      statusChangedAt: '2026-02-01T00:00:00.000Z',
    },
  },
});

/** The row as the list shows it, read live from the cache, beside the editor. */
function Row({ onClose }: { onClose: (announcement?: string) => void }) {
  const { data } = useFragment({
    fragment: StatusEditor_program,
    fragmentName: 'StatusEditor_program',
    from: { __typename: 'Program', id: sbc.id },
  });
  const program = data as StatusEditor_ProgramFragment;
  return (
    <>
      <p data-testid="badge">{ADMISSION_STATUS_SHORT_LABELS[program.admissionStatus]}</p>
      <StatusEditor program={program} categoryNames={categoryNames} onClose={onClose} />
    </>
  );
}

function renderEditor(mocks: MockedProviderProps['mocks']) {
  const cache = new InMemoryCache();
  cache.writeFragment({ fragment: StatusEditor_program, fragmentName: 'StatusEditor_program', data: sbc });
  const onClose = vi.fn();
  render(
    <MockedProvider mocks={mocks} cache={cache}>
      <Row onClose={onClose} />
    </MockedProvider>,
  );
  return { onClose, cache };
}

describe('StatusEditor', () => {
  afterEach(cleanup);

  it('offers the other statuses, focused on the first, and asks for a choice before sending', async () => {
    renderEditor([]);
    const form = screen.getByRole('form', { name: 'Change the status of SBC' });
    const radios = within(form).getAllByRole('radio');
    expect(radios.map((radio) => radio.getAttribute('value'))).toEqual(['SEEKING_PARTNERS', 'NO_ADMISSION_REVIEW', 'CLOSED']);
    expect(document.activeElement).toBe(radios[0]);
    await userEvent.click(within(form).getByRole('button', { name: 'Confirm change' }));
    expect(within(form).getByText('Choose the new status.')).toBeTruthy();
  });

  it('shows the new status at once, and closes with what changed when the server agrees', async () => {
    const { onClose } = renderEditor([
      { request: setStatus('SEEKING_PARTNERS', 3), result: answer('SEEKING_PARTNERS', 4), delay: 300 },
    ]);
    await userEvent.click(screen.getByRole('radio', { name: /^Seeking partners/ }));
    await userEvent.click(screen.getByRole('button', { name: 'Confirm change' }));
    expect(screen.getByTestId('badge').textContent).toBe('Seeking partners');
    await waitFor(() => expect(onClose).toHaveBeenCalledWith('SBC: Not seeking partners → Seeking partners.'));
  });

  it('puts the status back and says why when the server refuses', async () => {
    const { onClose } = renderEditor([
      {
        request: setStatus('NO_ADMISSION_REVIEW', 3),
        result: { errors: [new GraphQLError('The database is busy.', { extensions: { code: 'INTERNAL_SERVER_ERROR' } })] },
        delay: 300,
      },
    ]);
    await userEvent.click(screen.getByRole('radio', { name: /^No admission review/ }));
    await userEvent.click(screen.getByRole('button', { name: 'Confirm change' }));
    expect(screen.getByTestId('badge').textContent).toBe('Contact labs');
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toBe('The status was not changed: The database is busy. SBC is still Not seeking partners.');
    expect(screen.getByTestId('badge').textContent).toBe('Not seeking partners');
    expect(onClose).not.toHaveBeenCalled();
  });

  it('shows what someone else changed on CONFLICT, and applies the change again at their version', async () => {
    const current = {
      slug: 'sbc',
      name: 'SBC',
      categoryId: 'Q2F0ZWdvcnk6MQ',
      admissionStatus: 'SEEKING_PARTNERS',
      specAvailability: null,
      labAvailability: null,
      partnerCapacity: 2,
      internalNotes: null,
      position: 0,
      version: 5,
    };
    const { onClose } = renderEditor([
      {
        request: setStatus('NO_ADMISSION_REVIEW', 3),
        result: { errors: [new GraphQLError('changed', { extensions: { code: 'CONFLICT', currentVersion: 5, current } })] },
      },
      { request: setStatus('NO_ADMISSION_REVIEW', 5), result: answer('NO_ADMISSION_REVIEW', 6) },
    ]);
    await userEvent.click(screen.getByRole('radio', { name: /^No admission review/ }));
    await userEvent.click(screen.getByRole('button', { name: 'Confirm change' }));
    const conflict = await screen.findByRole('alert');
    expect(within(conflict).getByRole('heading').textContent).toBe('Someone else changed SBC meanwhile');
    const rows = within(within(conflict).getByRole('table', { name: 'What they changed' })).getAllByRole('row');
    expect(rows.slice(1).map((row) => row.textContent)).toEqual([
      'StatusNot seeking partnersSeeking partners',
      'CategoryInfrastructureDevices',
      'Partner capacityNo limit2',
    ]);
    expect(document.activeElement).toBe(within(conflict).getByRole('heading'));
    await userEvent.click(within(conflict).getByRole('button', { name: 'Apply my change again' }));
    await waitFor(() =>
      expect(onClose).toHaveBeenCalledWith('SBC: Seeking partners → No admission review required: contact labs for testing.'),
    );
  });

  it('keeps the other change on request, showing it in the row', async () => {
    const current = { ...sbc, categoryId: sbc.category.id, admissionStatus: 'CLOSED', version: 4 };
    const { onClose } = renderEditor([
      {
        request: setStatus('SEEKING_PARTNERS', 3),
        result: { errors: [new GraphQLError('changed', { extensions: { code: 'CONFLICT', currentVersion: 4, current } })] },
      },
    ]);
    await userEvent.click(screen.getByRole('radio', { name: /^Seeking partners/ }));
    await userEvent.click(screen.getByRole('button', { name: 'Confirm change' }));
    await userEvent.click(await screen.findByRole('button', { name: 'Keep theirs' }));
    expect(onClose).toHaveBeenCalledWith('Kept the other change: SBC is Closed.');
    expect(screen.getByTestId('badge').textContent).toBe('Closed');
  });

  it('keeps what the user saw when a change arrives live, so that confirming meets the conflict', async () => {
    const current = { ...sbc, categoryId: sbc.category.id, admissionStatus: 'SEEKING_PARTNERS', version: 4 };
    const { cache, onClose } = renderEditor([
      {
        request: setStatus('NO_ADMISSION_REVIEW', 3),
        result: { errors: [new GraphQLError('changed', { extensions: { code: 'CONFLICT', currentVersion: 4, current } })] },
      },
    ]);
    await userEvent.click(screen.getByRole('radio', { name: /^No admission review/ }));
    // Another admin's change, written into the cache by the live subscription.
    cache.writeFragment({
      fragment: StatusEditor_program,
      fragmentName: 'StatusEditor_program',
      data: { ...sbc, admissionStatus: 'SEEKING_PARTNERS', version: 4 },
    });
    await waitFor(() => expect(screen.getByTestId('badge').textContent).toBe('Seeking partners'));
    const form = screen.getByRole('form', { name: 'Change the status of SBC' });
    expect(
      within(form)
        .getAllByRole('radio')
        .map((radio) => radio.getAttribute('value')),
    ).toEqual(['SEEKING_PARTNERS', 'NO_ADMISSION_REVIEW', 'CLOSED']);
    expect((within(form).getByRole('radio', { name: /^No admission review/ }) as HTMLInputElement).checked).toBe(true);
    expect(within(form).getByRole('status').textContent).toMatch(
      /^Meanwhile someone else changed SBC: it is now Seeking partners\./,
    );
    await userEvent.click(screen.getByRole('button', { name: 'Confirm change' }));
    const conflict = await screen.findByRole('alert');
    expect(within(conflict).getByRole('heading').textContent).toBe('Someone else changed SBC meanwhile');
    expect(onClose).not.toHaveBeenCalled();
  });

  it('closes on Escape, from the keyboard', async () => {
    const { onClose } = renderEditor([]);
    await act(async () => {
      await userEvent.keyboard('{Escape}');
    });
    expect(onClose).toHaveBeenCalledWith();
  });
});
