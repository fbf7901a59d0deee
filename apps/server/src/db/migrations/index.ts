import { InitialSchema1764300000000 } from './1764300000000-initial-schema.js';
import { StaffAndEditing1764400000000 } from './1764400000000-staff-and-editing.js';
import { Applications1764500000000 } from './1764500000000-applications.js';
import { ApiKeys1764700000000 } from './1764700000000-api-keys.js';
import { ProgramWatches1764800000000 } from './1764800000000-program-watches.js';
import { Webhooks1764900000000 } from './1764900000000-webhooks.js';
import { CatalogRevisionNotify1765000000000 } from './1765000000000-catalog-revision-notify.js';
import { RecentStatusChangesIndex1765000000001 } from './1765000000001-recent-status-changes-index.js';
import { TimeInTheCatalog1766000000000 } from './1766000000000-time-in-the-catalog.js';
import { CatalogRevisionListeners1766100000000 } from './1766100000000-catalog-revision-listeners.js';
import { WatchLocale1766200000000 } from './1766200000000-watch-locale.js';
import { ScheduledChanges1766300000000 } from './1766300000000-scheduled-changes.js';
import { Directory1767000000000 } from './1767000000000-directory.js';
import { ApplicationHostIndex1767200000000 } from './1767200000000-application-host-index.js';
import { HotProgramUpdates1767300000000 } from './1767300000000-hot-program-updates.js';
import { OutboxLeases1767400000000 } from './1767400000000-outbox-leases.js';
import { ApplicationLookupOrder1767500000000 } from './1767500000000-application-lookup-order.js';

/** Every migration, oldest first. Both databases run the same list. */
export const MIGRATIONS = [
  InitialSchema1764300000000,
  StaffAndEditing1764400000000,
  Applications1764500000000,
  ApiKeys1764700000000,
  ProgramWatches1764800000000,
  Webhooks1764900000000,
  CatalogRevisionNotify1765000000000,
  RecentStatusChangesIndex1765000000001,
  TimeInTheCatalog1766000000000,
  CatalogRevisionListeners1766100000000,
  WatchLocale1766200000000,
  ScheduledChanges1766300000000,
  Directory1767000000000,
  ApplicationHostIndex1767200000000,
  HotProgramUpdates1767300000000,
  OutboxLeases1767400000000,
  ApplicationLookupOrder1767500000000,
];
