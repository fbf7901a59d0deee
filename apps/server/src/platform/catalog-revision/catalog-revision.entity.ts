import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * One row whose number goes up with every change to what the public can read. Caches of public
 * responses are keyed by it, so any write, from any process (the server or a CLI import), makes
 * them stale at once.
 */
@Entity('catalog_revision')
export class CatalogRevisionEntity {
  @PrimaryColumn({ type: 'integer' })
  id!: number;

  @Column({ type: 'integer', default: 0 })
  revision!: number;
}
