import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import { timestampColumn } from '../../db/column-types.js';
import { UserEntity } from '../../modules/user/user.entity.js';

/**
 * A signed-in browser. The cookie holds a random token; only its SHA-256 is stored, so a copy of
 * the database does not let anyone sign in. Deleting the row signs the browser out at once.
 */
@Entity('session')
export class SessionEntity {
  /** SHA-256 of the cookie's token, hex. */
  @PrimaryColumn({ type: 'varchar', length: 64 })
  id!: string;

  @Index('IDX_session_user')
  @Column({ name: 'user_id', type: 'integer' })
  userId!: number;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: Relation<UserEntity>;

  @CreateDateColumn(timestampColumn({ name: 'created_at' }))
  createdAt!: Date;

  /** Moves with use; the session ends after a configured idle time. */
  @Column(timestampColumn({ name: 'last_seen_at' }))
  lastSeenAt!: Date;

  /** The absolute end, however active the session is. */
  @Column(timestampColumn({ name: 'expires_at' }))
  expiresAt!: Date;

  @Column({ type: 'varchar', length: 64, nullable: true })
  ip!: string | null;

  @Column({ name: 'user_agent', type: 'varchar', length: 500, nullable: true })
  userAgent!: string | null;
}
