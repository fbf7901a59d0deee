import { cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MarkdownSource } from './MarkdownSource.js';

afterEach(cleanup);

describe('MarkdownSource', () => {
  it('hands over the text of a chosen file with its name, and pasted text without one', async () => {
    const user = userEvent.setup();
    const onChange = vi.fn();
    render(<MarkdownSource markdown="" onChange={onChange} />);

    await user.upload(
      screen.getByLabelText('Markdown file of the page'),
      new File(['# How to Join'], 'how-to-join.md', { type: 'text/markdown' }),
    );
    await vi.waitFor(() => expect(onChange).toHaveBeenLastCalledWith('# How to Join', 'how-to-join.md'));

    await user.type(screen.getByLabelText('Or paste its text'), 'x');
    expect(onChange).toHaveBeenLastCalledWith('x', null);
  });
});
