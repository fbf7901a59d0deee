import { Arg, Ctx, Extensions, Int, Query, Resolver } from 'type-graphql';
import type { Context } from '../../context.js';
import { CatalogChangePage } from './change-feed.types.js';

@Resolver()
export class ChangeFeedResolver {
  // The cost estimate's page size (platform/api/query-cost.ts): this feed's pages are larger than connections'.
  @Extensions({ pageSize: { default: 100, max: 500 } })
  @Query(() => CatalogChangePage, {
    description: 'Every public change, oldest first, from after a cursor: sync a mirror without re-reading the catalogue.',
  })
  changes(
    @Ctx() { services }: Context,
    @Arg('after', () => String, { nullable: true, description: 'The last cursor read; omit it to start from the beginning.' })
    after?: string | null,
    @Arg('first', () => Int, { nullable: true, description: 'Page size, 1 to 500; 100 when omitted.' }) first?: number | null,
  ): Promise<CatalogChangePage> {
    return services.changeFeed.page(after, first);
  }
}
