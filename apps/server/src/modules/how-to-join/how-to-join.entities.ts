import type { AdmissionStep, Note, Requirement } from '@certhub/domain/catalog';
import { Field, Int, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity('requirement')
@ObjectType('Requirement', { description: 'A general requirement every vendor must meet.' })
export class RequirementEntity implements Requirement {
  @Field(() => String, { description: 'Stable key; applicants attest to requirements by id.' })
  @PrimaryColumn({ type: 'varchar', length: 100 })
  id!: string;

  @Field(() => String, { description: 'What the vendor must meet.' })
  @Column({ type: 'text' })
  text!: string;

  @Field(() => Int, { description: 'Order in the list.' })
  @Column({ type: 'integer' })
  position!: number;
}

@Entity('admission_step')
@ObjectType('AdmissionStep', { description: 'A step of the process to request admission.' })
export class AdmissionStepEntity implements AdmissionStep {
  @Field(() => Int, { description: 'From 1.' })
  @PrimaryColumn({ type: 'integer' })
  position!: number;

  @Field(() => String, { description: 'What to do at this step.' })
  @Column({ type: 'text' })
  text!: string;
}

@Entity('note')
@ObjectType('Note', { description: 'A note of the how-to-join page (testing fees, independent labs).' })
export class NoteEntity implements Note {
  @Field(() => String, { description: 'Stable key of the note.' })
  @PrimaryColumn({ type: 'varchar', length: 100 })
  id!: string;

  @Field(() => String, { description: "The note's text." })
  @Column({ type: 'text' })
  text!: string;

  @Field(() => Int, { description: 'Order on the page.' })
  @Column({ type: 'integer' })
  position!: number;
}
