import { useId } from 'react';

/**
 * The Markdown of a page to import: a file to upload, or its text pasted. Either way the page hears
 * the whole text, with the file's name when it came from a file (none when pasted or unchosen).
 */
export function MarkdownSource({
  markdown,
  onChange,
}: {
  markdown: string;
  onChange: (markdown: string, fileName: string | null) => void;
}) {
  const id = useId();
  const onFile = async (file: File | undefined) => onChange(file ? await file.text() : markdown, file?.name ?? null);
  return (
    <>
      <div className="field">
        <label htmlFor={`${id}-file`}>Markdown file of the page</label>
        <input
          id={`${id}-file`}
          type="file"
          accept=".md,.markdown,text/markdown,text/plain"
          onChange={(event) => void onFile(event.target.files?.[0])}
        />
      </div>
      <div className="field">
        <label htmlFor={`${id}-text`}>Or paste its text</label>
        <textarea id={`${id}-text`} rows={6} value={markdown} onChange={(event) => onChange(event.target.value, null)} />
      </div>
    </>
  );
}
