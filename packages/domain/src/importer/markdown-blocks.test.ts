import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { scanMarkdownBlocks } from './markdown-blocks.js';

describe('scanMarkdownBlocks', () => {
  it('keeps a numbered list together across blank lines and whatever its numbering', () => {
    const blocks = scanMarkdownBlocks(
      ['Intro:', '1. One', '', '2. Two', '', '    Two, more', '1. Three</br>', '   Three, lazy', '', '## Next'].join('\n'),
    );
    expect(blocks).toStrictEqual([
      { kind: 'paragraph', lines: ['Intro:'] },
      { kind: 'list', ordered: true, items: [['One'], ['Two', 'Two, more'], ['Three</br>\nThree, lazy']] },
      { kind: 'heading', level: 2, text: 'Next' },
    ]);
  });

  it('ends a list at an unindented paragraph, a quote or a list of the other kind', () => {
    const blocks = scanMarkdownBlocks(['- a', 'lazy', '> [!NOTE]', '> b', '', '- c', '1. d', '', 'e'].join('\n'));
    expect(blocks).toStrictEqual([
      { kind: 'list', ordered: false, items: [['a\nlazy']] },
      { kind: 'quote', lines: ['[!NOTE]', 'b'] },
      { kind: 'list', ordered: false, items: [['c']] },
      { kind: 'list', ordered: true, items: [['d']] },
      { kind: 'paragraph', lines: ['e'] },
    ]);
  });

  it('ends the table at </table> even when text follows without a blank line', () => {
    const blocks = scanMarkdownBlocks(['<table>', '<tr><td>a</td></tr>', '', '</table> </br>', '[NOTE]', 'Text'].join('\n'));
    expect(blocks).toStrictEqual([
      { kind: 'html', html: '<table>\n<tr><td>a</td></tr>\n\n</table> </br>' },
      { kind: 'paragraph', lines: ['[NOTE]', 'Text'] },
    ]);
  });
});

describe('the importer', () => {
  it('imports no Node-only module, so that it runs in a browser too', () => {
    const directory = new URL('./', import.meta.url);
    const sources = readdirSync(directory).filter((name) => name.endsWith('.ts') && !name.endsWith('.test.ts'));
    expect(sources.length).toBeGreaterThan(5);
    for (const name of sources) {
      expect(readFileSync(new URL(name, directory), 'utf8'), name).not.toMatch(/from ['"]node:/);
    }
  });
});
