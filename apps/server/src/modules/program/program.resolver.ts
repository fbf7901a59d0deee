import { StaffRole } from '@certhub/domain/staff';
import { Arg, Ctx, FieldResolver, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { auditActorOf, type Context } from '../../context.js';
import { RequireRole } from '../../shared/auth.js';
import { expectGlobalId } from '../../shared/global-id.js';
import { connectionType } from '../../shared/pagination.js';
import { CategoryEntity } from '../category/category.entity.js';
import { LabEntity } from '../lab/lab.entity.js';
import { SpecEntity } from '../spec/spec.entity.js';
import { ProgramEntity } from './program.entity.js';
import { ProgramFilterInput, SetProgramAdmissionStatusInput } from './program.inputs.js';
import { ProgramStatusChangeEntity } from './program-status-change.entity.js';

const ProgramConnection = connectionType(ProgramEntity, 'Program');

@Resolver(() => ProgramEntity)
export class ProgramResolver {
  @Query(() => ProgramConnection, { description: 'The catalogue: programs in page order, filtered and paginated.' })
  programs(
    @Ctx() { services }: Context,
    @Arg('filter', () => ProgramFilterInput, { nullable: true }) filter?: ProgramFilterInput | null,
    @Arg('first', () => Int, { nullable: true, description: 'Page size, 0 to 100; 50 when omitted.' }) first?: number | null,
    @Arg('after', () => String, { nullable: true, description: 'Cursor of the last edge already read.' }) after?: string | null,
  ) {
    return services.programs.findPage(filter, { first, after });
  }

  @Query(() => ProgramEntity, { nullable: true, description: 'A program by slug, closed ones included.' })
  program(@Ctx() { services }: Context, @Arg('slug', () => String) slug: string): Promise<ProgramEntity | null> {
    return services.programs.findBySlug(slug);
  }

  @RequireRole(StaffRole.EDITOR)
  @Mutation(() => ProgramEntity, {
    description: "Changes whether a program is seeking partners. The program's version must match.",
  })
  setProgramAdmissionStatus(
    @Ctx() context: Context,
    @Arg('input', () => SetProgramAdmissionStatusInput) input: SetProgramAdmissionStatusInput,
  ): Promise<ProgramEntity> {
    return context.services.programEdits.setAdmissionStatus(
      { ...input, programId: expectGlobalId(input.programId, 'Program', 'input.programId') },
      auditActorOf(context),
    );
  }

  @FieldResolver(() => CategoryEntity)
  async category(@Root() program: ProgramEntity, @Ctx() { loaders }: Context): Promise<CategoryEntity> {
    const category = await loaders.categoryById.load(program.categoryId);
    if (!category) throw new Error(`Program ${program.id} has no category ${program.categoryId}.`);
    return category;
  }

  @FieldResolver(() => [SpecEntity], { description: 'Spec documents, in the order the program lists them.' })
  specs(@Root() program: ProgramEntity, @Ctx() { loaders }: Context): Promise<SpecEntity[]> {
    return loaders.specsByProgramId.load(program.id);
  }

  @FieldResolver(() => [ProgramStatusChangeEntity], { description: 'Every change of admission status, oldest first.' })
  statusHistory(@Root() program: ProgramEntity, @Ctx() { loaders }: Context): Promise<ProgramStatusChangeEntity[]> {
    return loaders.statusHistoryByProgramId.load(program.id);
  }

  @FieldResolver(() => [LabEntity], { description: 'Certification labs, in the order the program lists them.' })
  labs(@Root() program: ProgramEntity, @Ctx() { loaders }: Context): Promise<LabEntity[]> {
    return loaders.labsByProgramId.load(program.id);
  }
}
