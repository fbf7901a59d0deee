import type { Locale } from '@certhub/domain/i18n/locales';
import type { WatchTrigger } from '@certhub/domain/watch';
import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { timestampColumn } from '../../db/column-types.js';
import { BelongsTo } from '../../shared/field-columns.js';
import { ProgramEntity } from '../program/program.entity.js';

/**
 * A visitor's request to be told of a program's status changes. Only confirmed ones get news; the
 * address is used for nothing else, never shown or exported, and gone once unsubscribed.
 */
@Entity('program_watch')
@Index('UQ_program_watch_program_email', ['programId', 'email'], { unique: true })
export class ProgramWatchEntity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  @Column({ name: 'program_id', type: 'integer' })
  programId!: number;

  @BelongsTo(() => ProgramEntity, 'program_id', 'CASCADE')
  program?: Relation<ProgramEntity>;

  @Column({ type: 'varchar', length: 320 })
  email!: string;

  @Column({ type: 'varchar', length: 32 })
  trigger!: WatchTrigger;

  /** The language of the page it was asked on: its emails are in it. */
  @Column({ type: 'varchar', length: 8, default: 'en' })
  locale!: Locale;

  /** SHA-256 of the token in the confirmation link. */
  @Index('UQ_program_watch_confirm', { unique: true })
  @Column({ name: 'confirm_token_hash', type: 'varchar', length: 64 })
  confirmTokenHash!: string;

  /** SHA-256 of the token in every message's unsubscribe link. */
  @Index('UQ_program_watch_unsubscribe', { unique: true })
  @Column({ name: 'unsubscribe_token_hash', type: 'varchar', length: 64 })
  unsubscribeTokenHash!: string;

  @Column(timestampColumn({ name: 'confirmed_at', nullable: true }))
  confirmedAt!: Date | null;

  @CreateDateColumn(timestampColumn({ name: 'created_at' }))
  createdAt!: Date;
}
