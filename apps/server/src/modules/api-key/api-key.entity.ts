import { DateTimeISOResolver } from 'graphql-scalars';
import { Field, Int, ObjectType } from 'type-graphql';
import { Column, CreateDateColumn, Entity, Index } from 'typeorm';
import { timestampColumn } from '../../db/column-types.js';
import { NameField } from '../../shared/field-columns.js';
import { GlobalIdEntity } from '../../shared/global-id-entity.js';

/**
 * A key a third party sends as `Authorization: Bearer <key>`: read access with a quota of its own,
 * never staff rights. Only the key's SHA-256 is stored; its first characters (the prefix) stay
 * visible so that a key in someone's configuration can be recognised.
 */
@Entity('api_key')
@ObjectType('ApiKey', { description: 'An API key of a named third party. Admins only.' })
export class ApiKeyEntity extends GlobalIdEntity('ApiKey', 'Global id of the key.') {
  @NameField('Who the key is for: a partner directory, a procurement tool, a lab.')
  name!: string;

  @Field(() => String, { description: 'The first characters of the key, to recognise it; the rest is never shown again.' })
  @Column({ type: 'varchar', length: 16 })
  prefix!: string;

  /** SHA-256 of the whole key, hex. */
  @Index('IDX_api_key_hash', { unique: true })
  @Column({ name: 'key_hash', type: 'varchar', length: 64 })
  keyHash!: string;

  @Field(() => Int, {
    nullable: true,
    description: "Cost points the key may spend per rate-limit window; null: the server's default for keys.",
  })
  @Column({ type: 'integer', nullable: true })
  quota!: number | null;

  @Field(() => DateTimeISOResolver, { description: 'When the key was created.' })
  @CreateDateColumn(timestampColumn({ name: 'created_at' }))
  createdAt!: Date;

  @Column({ name: 'created_by_user_id', type: 'integer', nullable: true })
  createdByUserId!: number | null;

  @Field(() => DateTimeISOResolver, { nullable: true, description: 'When the key was revoked; null while it works.' })
  @Column(timestampColumn({ name: 'revoked_at', nullable: true }))
  revokedAt!: Date | null;

  @Field(() => DateTimeISOResolver, { nullable: true, description: 'When the key was last used; null if never.' })
  @Column(timestampColumn({ name: 'last_used_at', nullable: true }))
  lastUsedAt!: Date | null;

  @Field(() => Int, { description: 'Requests made with the key (kept up to date within seconds).' })
  @Column({ name: 'request_count', type: 'integer', default: 0 })
  requestCount!: number;
}
