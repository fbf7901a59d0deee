import { Ctx, Query, Resolver } from 'type-graphql';
import type { Context } from '../../context.js';
import { AdmissionStepEntity, NoteEntity, RequirementEntity } from './how-to-join.entities.js';

@Resolver()
export class HowToJoinResolver {
  @Query(() => [RequirementEntity], { description: 'What every vendor must have, in page order.' })
  requirements(@Ctx() { services }: Context): Promise<RequirementEntity[]> {
    return services.howToJoin.requirements();
  }

  @Query(() => [AdmissionStepEntity], { description: 'How to request admission, step by step.' })
  admissionSteps(@Ctx() { services }: Context): Promise<AdmissionStepEntity[]> {
    return services.howToJoin.admissionSteps();
  }

  @Query(() => [NoteEntity], { description: 'Notes on testing fees and the independent labs.' })
  notes(@Ctx() { services }: Context): Promise<NoteEntity[]> {
    return services.howToJoin.notes();
  }
}
