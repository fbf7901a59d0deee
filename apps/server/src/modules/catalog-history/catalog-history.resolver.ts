import { Arg, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context.js';
import type { CatalogReadModel } from '../catalog-read-model/catalog-read-model.service.js';
import { ProgramEntity } from '../program/program.entity.js';
import { CatalogueAsOf, CatalogueChanges, DatedChange } from './catalog-history.types.js';

const DATE_FORMAT = 'A day (2018-07-01: the end of that day, UTC) or an ISO 8601 date-time with its offset.';

@Resolver(() => ProgramEntity)
export class CatalogHistoryResolver {
  @Query(() => CatalogueAsOf, {
    description:
      'The public catalogue as it stood at a moment: categories, their programs (statuses, specs, labs) and the labs. Before the history starts it is empty.',
  })
  async catalogue(
    @Ctx() context: Context,
    @Arg('asOf', () => String, { description: DATE_FORMAT }) asOf: string,
  ): Promise<CatalogueAsOf> {
    return context.services.catalogHistory.catalogueAsOf(await publicModel(context), asOf);
  }

  @Query(() => CatalogueChanges, {
    description: 'What changed in the public catalogue between two moments, program by program, each change dated.',
  })
  async catalogueChanges(
    @Ctx() context: Context,
    @Arg('from', () => String, { description: `The earlier moment. ${DATE_FORMAT}` }) from: string,
    @Arg('to', () => String, { description: `The later moment, not before \`from\`. ${DATE_FORMAT}` }) to: string,
  ): Promise<CatalogueChanges> {
    return context.services.catalogHistory.changesBetween(await publicModel(context), from, to);
  }

  @FieldResolver(() => [DatedChange], {
    description:
      "The program's public history, oldest first: each change of its status, name, category, specs, labs or contact, dated.",
  })
  history(@Root() program: ProgramEntity, @Ctx() { loaders }: Context): Promise<DatedChange[]> {
    return loaders.historyByProgramId.load(program.id);
  }
}

/** The public catalogue of the revision the request saw; staff read the same public history. */
async function publicModel(context: Context): Promise<CatalogReadModel> {
  return (await context.publicCatalog()) ?? context.services.catalogReadModel.modelAt(context.responseCacheSlot?.revision);
}
