import { FormattedMessage } from 'react-intl';
import { productExportUrl, type toProductFilter } from './product-view.js';

/** These listings as files, as the server serves them for the same filter. */
export function ExportLinks({ filter }: { filter: ReturnType<typeof toProductFilter> }) {
  return (
    <p className="share-view">
      <FormattedMessage
        id="products.export"
        values={{
          csv: (chunks) => <a href={productExportUrl(filter, 'csv')}>{chunks}</a>,
          json: (chunks) => <a href={productExportUrl(filter, 'json')}>{chunks}</a>,
        }}
      />
    </p>
  );
}
