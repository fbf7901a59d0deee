import { productExportUrl, type toProductFilter } from './product-view.js';

/** These listings as files, as the server serves them for the same filter. */
export function ExportLinks({ filter }: { filter: ReturnType<typeof toProductFilter> }) {
  return (
    <p className="share-view">
      These listings as <a href={productExportUrl(filter, 'csv')}>CSV</a> or <a href={productExportUrl(filter, 'json')}>JSON</a>.
    </p>
  );
}
