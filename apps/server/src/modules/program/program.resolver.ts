import { StaffRole } from '@certhub/domain/staff';
import { Arg, Args, Ctx, FieldResolver, Int, Query, Resolver, Root } from 'type-graphql';
import type { Context, Loaders } from '../../context.js';
import { EditorMutation, RequireRole } from '../../shared/auth.js';
import { expectGlobalId, expectInputId, type NodeTypeName, withInputId } from '../../shared/global-id.js';
import { connectionType, PageArgs } from '../../shared/pagination.js';
import { auditActorOf } from '../../shared/request-context.js';
import { InputArg } from '../../shared/schema-fields.js';
import { CatalogReadModel } from '../catalog-read-model/catalog-read-model.service.js';
import { CategoryEntity } from '../category/category.entity.js';
import { LabEntity } from '../lab/lab.entity.js';
import { SpecEntity } from '../spec/spec.entity.js';
import { ProgramEntity } from './program.entity.js';
import {
  CloseProgramInput,
  CreateProgramInput,
  ProgramFilterInput,
  ReopenProgramInput,
  ReorderProgramsInput,
  SetProgramAdmissionStatusInput,
  UpdateProgramInput,
} from './program.inputs.js';
import { ProgramStatusChangeEntity } from './program-status-change.entity.js';

const ProgramConnection = connectionType(ProgramEntity, 'Program');

@Resolver(() => ProgramEntity)
export class ProgramResolver {
  @Query(() => ProgramConnection, { description: 'The catalogue: programs in page order, filtered and paginated.' })
  programs(
    @Ctx() { services }: Context,
    @Arg('filter', () => ProgramFilterInput, {
      nullable: true,
      description: 'Which programs to list; without it, every program that is not closed.',
    })
    filter: ProgramFilterInput | null | undefined,
    @Args(() => PageArgs) page: PageArgs,
  ) {
    return services.programs.findPage(filter, page);
  }

  @Query(() => ProgramEntity, { nullable: true, description: 'A program by slug, closed ones included.' })
  async program(
    @Ctx() context: Context,
    @Arg('slug', () => String, { description: "The program's slug." }) slug: string,
  ): Promise<ProgramEntity | null> {
    const catalog = await context.publicCatalog();
    return catalog ? catalog.program(slug) : context.services.programs.findBySlug(slug);
  }

  @EditorMutation(() => ProgramEntity, "Changes whether a program is seeking partners. The program's version must match.")
  setProgramAdmissionStatus(
    @Ctx() context: Context,
    @InputArg(() => SetProgramAdmissionStatusInput, 'The program and its new status.') input: SetProgramAdmissionStatusInput,
  ): Promise<ProgramEntity> {
    return context.services.programEdits.setAdmissionStatus(withInputId(input, 'programId', 'Program'), auditActorOf(context));
  }

  @EditorMutation(() => ProgramEntity, 'Adds a program, last in its category.')
  createProgram(
    @Ctx() context: Context,
    @InputArg(() => CreateProgramInput, 'The new program.') input: CreateProgramInput,
  ): Promise<ProgramEntity> {
    return context.services.programEdits.create(
      {
        ...input,
        categoryId: expectInputId(input, 'categoryId', 'Category'),
        specIds: expectGlobalIds(input.specIds, 'Spec', 'input.specIds'),
        labIds: expectGlobalIds(input.labIds, 'Lab', 'input.labIds'),
      },
      auditActorOf(context),
    );
  }

  @EditorMutation(
    () => ProgramEntity,
    "Changes a program's fields, category, position, specs or labs (not its status). Its version must match.",
  )
  updateProgram(
    @Ctx() context: Context,
    @InputArg(() => UpdateProgramInput, 'The program and what to change.') input: UpdateProgramInput,
  ): Promise<ProgramEntity> {
    return context.services.programEdits.update(
      expectInputId(input, 'programId', 'Program'),
      input.expectedVersion,
      {
        ...input,
        categoryId: input.categoryId == null ? null : expectGlobalId(input.categoryId, 'Category', 'input.categoryId'),
        specIds: expectGlobalIds(input.specIds, 'Spec', 'input.specIds'),
        labIds: expectGlobalIds(input.labIds, 'Lab', 'input.labIds'),
      },
      auditActorOf(context),
    );
  }

  @EditorMutation(
    () => ProgramEntity,
    'Takes a program out of the catalogue, keeping it and its history. Its version must match.',
  )
  closeProgram(
    @Ctx() context: Context,
    @InputArg(() => CloseProgramInput, 'The program to close, and why.') input: CloseProgramInput,
  ): Promise<ProgramEntity> {
    return context.services.programEdits.close(withInputId(input, 'programId', 'Program'), auditActorOf(context));
  }

  @EditorMutation(() => ProgramEntity, 'Puts a closed program back in the catalogue. Its version must match.')
  reopenProgram(
    @Ctx() context: Context,
    @InputArg(() => ReopenProgramInput, 'The program to reopen, and the status it reopens with.') input: ReopenProgramInput,
  ): Promise<ProgramEntity> {
    return context.services.programEdits.reopen(withInputId(input, 'programId', 'Program'), auditActorOf(context));
  }

  @EditorMutation(
    () => [ProgramEntity],
    "Puts a category's programs in a new order; answers all of them, closed ones too, in it.",
  )
  reorderPrograms(
    @Ctx() context: Context,
    @InputArg(() => ReorderProgramsInput, 'The category and its programs in their new order.') input: ReorderProgramsInput,
  ): Promise<ProgramEntity[]> {
    return context.services.programEdits.reorder(
      expectInputId(input, 'categoryId', 'Category'),
      input.programIds.map((id) => expectGlobalId(id, 'Program', 'input.programIds')),
      auditActorOf(context),
    );
  }

  @RequireRole(StaffRole.EDITOR)
  @FieldResolver(() => Int, {
    nullable: true,
    description: 'How many partners the program can take; null when not limited. Staff only.',
  })
  partnerCapacity(@Root() program: ProgramEntity, @Ctx() { loaders }: Context): number | null | Promise<number | null> {
    return staffColumn(program, loaders, 'partnerCapacity');
  }

  @RequireRole(StaffRole.EDITOR)
  @FieldResolver(() => Int, {
    description: 'Partner places taken: applications accepted or onboarded (see partnerCapacity). Staff only.',
  })
  async partnerPlacesTaken(@Root() program: ProgramEntity, @Ctx() { loaders }: Context): Promise<number> {
    return (await loaders.partnerPlacesTakenByProgramId.load(program.id))?.taken ?? 0;
  }

  @RequireRole(StaffRole.EDITOR)
  @FieldResolver(() => String, { nullable: true, description: 'Notes for staff. Staff only.' })
  internalNotes(@Root() program: ProgramEntity, @Ctx() { loaders }: Context): string | null | Promise<string | null> {
    return staffColumn(program, loaders, 'internalNotes');
  }

  @FieldResolver(() => CategoryEntity, { description: 'The category the program is listed in.' })
  category(@Root() program: ProgramEntity, @Ctx() { loaders }: Context): CategoryEntity | Promise<CategoryEntity> {
    const catalog = CatalogReadModel.of(program);
    if (catalog) return found(catalog.category(program.categoryId), program);
    return loaders.categoryById.load(program.categoryId).then((category) => found(category, program));
  }

  @FieldResolver(() => [SpecEntity], { description: 'Spec documents, in the order the program lists them.' })
  specs(@Root() program: ProgramEntity, @Ctx() { loaders }: Context): readonly SpecEntity[] | Promise<SpecEntity[]> {
    return CatalogReadModel.of(program)?.specsOf(program.id) ?? loaders.specsByProgramId.load(program.id);
  }

  @FieldResolver(() => [ProgramStatusChangeEntity], { description: 'Every change of admission status, oldest first.' })
  statusHistory(
    @Root() program: ProgramEntity,
    @Ctx() { loaders }: Context,
  ): ProgramStatusChangeEntity[] | Promise<ProgramStatusChangeEntity[]> {
    return (
      CatalogReadModel.of(program)?.statusHistoryOf(program.id).changes() ?? loaders.statusHistoryByProgramId.load(program.id)
    );
  }

  @FieldResolver(() => [LabEntity], { description: 'Certification labs, in the order the program lists them.' })
  labs(@Root() program: ProgramEntity, @Ctx() { loaders }: Context): readonly LabEntity[] | Promise<LabEntity[]> {
    return CatalogReadModel.of(program)?.labsOf(program.id) ?? loaders.labsByProgramId.load(program.id);
  }
}

/**
 * A staff-only column of `program`: its own, or, for a program of the read model (which leaves
 * them out), loaded with those of the request's other programs in one statement.
 */
function staffColumn<K extends 'partnerCapacity' | 'internalNotes'>(
  program: ProgramEntity,
  loaders: Loaders,
  field: K,
): ProgramEntity[K] | Promise<ProgramEntity[K]> {
  if (!CatalogReadModel.of(program)) return program[field];
  // A program deleted since the model was built has none left.
  return loaders.staffProgramFieldsById.load(program.id).then((fields) => fields?.[field] ?? null);
}

function found(category: CategoryEntity | null, program: ProgramEntity): CategoryEntity {
  if (!category) throw new Error(`Program ${program.id} has no category ${program.categoryId}.`);
  return category;
}

function expectGlobalIds(ids: string[] | null | undefined, type: NodeTypeName, field: string): number[] | null {
  return ids ? ids.map((id) => expectGlobalId(id, type, field)) : null;
}
