import type { AdmissionStep, Note, Requirement } from '@certhub/domain/catalog';
import { Field, Int, ObjectType } from 'type-graphql';
import { Entity, PrimaryColumn } from 'typeorm';
import { PositionField, TextField } from '../../shared/field-columns.js';

/**
 * The how-to-join page's keyed, ordered texts (the requirements, the notes): one shape, described
 * for each type. Its tables come from one helper of the initial migration in the same way.
 */
function KeyedText(describe: { id: string; text: string; position: string }): abstract new () => Requirement & Note {
  @ObjectType()
  abstract class KeyedTextRow implements Requirement, Note {
    @Field(() => String, { description: describe.id })
    @PrimaryColumn({ type: 'varchar', length: 100 })
    id!: string;

    @TextField(describe.text)
    text!: string;

    @PositionField(describe.position)
    position!: number;
  }
  return KeyedTextRow;
}

@Entity('requirement')
@ObjectType('Requirement', { description: 'A general requirement every vendor must meet.' })
export class RequirementEntity
  extends KeyedText({
    id: 'Stable key; applicants attest to requirements by id.',
    text: 'What the vendor must meet.',
    position: 'Order in the list.',
  })
  implements Requirement {}

@Entity('admission_step')
@ObjectType('AdmissionStep', { description: 'A step of the process to request admission.' })
export class AdmissionStepEntity implements AdmissionStep {
  @Field(() => Int, { description: 'From 1.' })
  @PrimaryColumn({ type: 'integer' })
  position!: number;

  @TextField('What to do at this step.')
  text!: string;
}

@Entity('note')
@ObjectType('Note', { description: 'A note of the how-to-join page (testing fees, independent labs).' })
export class NoteEntity
  extends KeyedText({ id: 'Stable key of the note.', text: "The note's text.", position: 'Order on the page.' })
  implements Note {}
