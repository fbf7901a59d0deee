import { StaffRole } from '@certhub/domain/staff';
import { DateTimeISOResolver } from 'graphql-scalars';
import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { Column, CreateDateColumn, Entity, UpdateDateColumn } from 'typeorm';
import { timestampColumn } from '../../db/column-types.js';
import { EditVersionField, NameField } from '../../shared/field-columns.js';
import { GlobalIdEntity } from '../../shared/global-id-entity.js';

registerEnumType(StaffRole, {
  name: 'StaffRole',
  description: 'What a staff member may do; ADMIN includes everything EDITOR may.',
  valuesConfig: {
    EDITOR: { description: 'Edits the catalogue and reviews applications.' },
    ADMIN: { description: 'Also manages staff accounts and API settings.' },
  },
});

@Entity('user')
@ObjectType('User', { description: 'A staff member.' })
export class UserEntity extends GlobalIdEntity('User') {
  /** Stored normalised (trimmed, lower case): one account per address. */
  @Field(() => String, { description: 'The address the staff member signs in with.' })
  @Column({ type: 'varchar', length: 320, unique: true })
  email!: string;

  @NameField('The name shown for the staff member.', 'display_name')
  displayName!: string;

  @Field(() => StaffRole, { description: 'What the staff member may do.' })
  @Column({ type: 'varchar', length: 16 })
  role!: StaffRole;

  @Column({ name: 'password_hash', type: 'varchar', length: 255 })
  passwordHash!: string;

  @Field(() => Boolean, { description: 'Whether the account is disabled: a disabled user cannot sign in.' })
  @Column({ type: 'boolean', default: false })
  disabled!: boolean;

  @Field(() => Boolean, { description: 'True until the user replaces a one-time or reset password.' })
  @Column({ name: 'must_change_password', type: 'boolean', default: false })
  mustChangePassword!: boolean;

  @EditVersionField()
  version!: number;

  @Field(() => DateTimeISOResolver, { nullable: true, description: 'When the user last signed in; null if never.' })
  @Column(timestampColumn({ name: 'last_login_at', nullable: true }))
  lastLoginAt!: Date | null;

  @Field(() => DateTimeISOResolver, { description: 'When the account was created.' })
  @CreateDateColumn(timestampColumn({ name: 'created_at' }))
  createdAt!: Date;

  @UpdateDateColumn(timestampColumn({ name: 'updated_at' }))
  updatedAt!: Date;
}
