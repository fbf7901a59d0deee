import { InitialSchema1764300000000 } from './1764300000000-initial-schema.js';
import { StaffAndEditing1764400000000 } from './1764400000000-staff-and-editing.js';
import { Applications1764500000000 } from './1764500000000-applications.js';

/** Every migration, oldest first. Both databases run the same list. */
export const MIGRATIONS = [InitialSchema1764300000000, StaffAndEditing1764400000000, Applications1764500000000];
