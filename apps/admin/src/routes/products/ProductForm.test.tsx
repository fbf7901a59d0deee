import { cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ProductForm } from './ProductForm.js';
import { EMPTY_PRODUCT } from './product-form.js';

const PROGRAMS = [
  {
    id: 'p-sbc',
    name: 'SBC',
    certifiedProductColumns: [
      { name: 'ExUM Support', kind: 'YES_NO' as const },
      { name: 'Software Version', kind: 'VERSIONS' as const },
    ],
  },
  { id: 'p-cc', name: 'Contact Center', certifiedProductColumns: [] },
];

describe('the listing form', () => {
  afterEach(cleanup);

  it("shows the chosen program's columns, checks the fields, and hands over what the API takes", async () => {
    const onSubmit = vi.fn();
    render(
      <ProductForm
        label="New listing"
        initial={EMPTY_PRODUCT}
        programs={PROGRAMS}
        editing={false}
        errors={{}}
        busy={false}
        submitLabel="Add listing"
        onSubmit={onSubmit}
      />,
    );
    const user = userEvent.setup();
    expect(screen.queryByRole('group', { name: 'SBC columns' })).toBeNull();
    await user.selectOptions(screen.getByLabelText('Program'), 'SBC');
    screen.getByRole('group', { name: 'SBC columns' });
    expect(screen.getByLabelText('ExUM Support').getAttribute('type')).toBe('checkbox');

    await user.click(screen.getByRole('button', { name: 'Add listing' }));
    expect(screen.getByText('Enter the vendor name.')).toBeTruthy();
    expect(document.activeElement).toBe(screen.getByLabelText('Vendor'));
    expect(onSubmit).not.toHaveBeenCalled();

    await user.type(screen.getByLabelText('Vendor'), 'Example Networks');
    await user.type(screen.getByLabelText('Product name'), 'EX-100 SBC');
    await user.click(screen.getByLabelText('ExUM Support'));
    await user.type(screen.getByLabelText('Software Version'), '1.0{Enter}2.0');
    await user.click(screen.getByRole('button', { name: 'Add listing' }));
    expect(onSubmit.mock.calls[0]?.[0]).toEqual({
      programId: 'p-sbc',
      vendorName: 'Example Networks',
      vendorUrl: null,
      name: 'EX-100 SBC',
      reason: null,
      attributes: [
        { name: 'ExUM Support', values: ['yes'] },
        { name: 'Software Version', values: ['1.0', '2.0'] },
      ],
    });
  });
});
