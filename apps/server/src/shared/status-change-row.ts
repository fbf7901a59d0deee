import { Field, ObjectType } from 'type-graphql';
import { Column, PrimaryGeneratedColumn } from 'typeorm';

/** What every status history row has: its key, and the status moved from (null for the first) and to. */
export interface StatusChange<Status extends string> {
  id: number;
  from: Status | null;
  to: Status;
}

/**
 * The base class of a public status history (a program's admission status, a listing's status):
 * the key, then `from` and `to` as the enumeration's values in `from_status` and `to_status`. The
 * entity adds the row it belongs to and when the status changed. `simple`: whether these fields
 * resolve as plain reads, as the entity's object type says of its own (`simpleResolvers`).
 */
export function StatusChangeRow<Status extends string>(
  status: Readonly<Record<string, Status>>,
  { length, first, simple }: { length: number; first: string; simple: boolean },
): abstract new () => StatusChange<Status> {
  @ObjectType({ simpleResolvers: simple })
  abstract class StatusChangeBase implements StatusChange<Status> {
    @PrimaryGeneratedColumn({ type: 'integer' })
    id!: number;

    @Field(() => status, { nullable: true, description: first })
    @Column({ name: 'from_status', type: 'varchar', length, nullable: true })
    from!: Status | null;

    @Field(() => status, { description: 'The new status.' })
    @Column({ name: 'to_status', type: 'varchar', length })
    to!: Status;
  }
  return StatusChangeBase;
}
