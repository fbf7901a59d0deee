import { describeChange } from '@certhub/domain/importer/catalog-diff';
import { categoriesOf, labsOf } from '@certhub/domain/importer/catalog-snapshot';
import { EFFECTIVE_DATE_FORMS, parseEffectiveDate } from '@certhub/domain/importer/effective-date';
import { PageParseError } from '@certhub/domain/importer/page-parse-error';
import { DateTimeISOResolver } from 'graphql-scalars';
import { Arg, Args, ArgsType, Ctx, Field, Int, ObjectType, Resolver } from 'type-graphql';
import type { Context } from '../../context.js';
import { EditorMutation } from '../../shared/auth.js';
import { badUserInput } from '../../shared/errors.js';
import { auditActorOf } from '../../shared/request-context.js';
import { NonNull, Nullable } from '../../shared/schema-fields.js';

/** The longest page taken: the real one is about 11 000 characters. */
export const MAX_PAGE_LENGTH = 90_000;

/**
 * The arguments of the mutations that import a page of the docs site, beside their own `@Arg`s:
 * its Markdown and whether to write. Fields in the schema's order (type-graphql lists a method's
 * arguments last parameter first: see `PageArgs`).
 */
@ArgsType()
export class MarkdownPageArgs {
  @NonNull(() => Boolean, 'True to only see what would change, without writing anything.') dryRun!: boolean;
  @NonNull(() => String, 'The Markdown of the page.') markdown!: string;
}

/** The page's Markdown, refused with BAD_USER_INPUT on `markdown` when empty or longer than any such page (`longest`). */
export function checkedPage({ markdown }: MarkdownPageArgs, longest: string): string {
  if (!markdown.trim()) throw badUserInput('Upload or paste the Markdown of the page.', 'markdown');
  if (markdown.length > MAX_PAGE_LENGTH) {
    throw badUserInput(`This is longer than ${longest} (${MAX_PAGE_LENGTH} characters at most).`, 'markdown');
  }
  return markdown;
}

@ObjectType('CatalogImportChange', { description: 'One change an import of the docs page makes.' })
export class CatalogImportChange {
  @NonNull(() => String, 'What kind of change, e.g. admission-status-changed, program-added, labs-changed.') kind!: string;
  @NonNull(() => String, 'One line for people.') summary!: string;
}

@ObjectType('CatalogImportResult', { description: 'What an import of the docs page changes (or would, in a dry run).' })
export class CatalogImportResult {
  @NonNull(() => Boolean, 'True when nothing was written.') dryRun!: boolean;
  @Nullable(() => String, 'The audit batch of the changes written; null for a dry run or no change.') batchId!: string | null;
  @NonNull(() => [CatalogImportChange], 'The changes, one per line of the page that differs.') changes!: CatalogImportChange[];

  @Field(() => DateTimeISOResolver, {
    description:
      "When the page's changes count as made: effectiveAt when given, else the page's own date (ms.date), else the import's time.",
  })
  effectiveAt!: Date;

  @NonNull(() => Int, 'Programs on the page.') programCount!: number;
  @NonNull(() => Int, 'Categories on the page.') categoryCount!: number;
  @NonNull(() => Int, 'Certification labs on the page.') labCount!: number;
}

@Resolver()
export class CatalogImportResolver {
  @EditorMutation(
    () => CatalogImportResult,
    'Imports a version of the "How to Join" docs page (Markdown): with dryRun, answers what would change and writes nothing. One transaction, one audit batch. A page that cannot be read is BAD_USER_INPUT naming its row and cell; an effectiveAt that is not a date, in the future, or before changes already recorded is BAD_USER_INPUT on effectiveAt.',
  )
  async importHowToJoinPage(
    @Ctx() context: Context,
    @Args(() => MarkdownPageArgs) page: MarkdownPageArgs,
    @Arg('effectiveAt', () => String, {
      nullable: true,
      description: `When the page's changes took effect, as the CLI's --effective: ${EFFECTIVE_DATE_FORMS}. Without it, the page's own date (ms.date), else now.`,
    })
    effectiveAt?: string | null,
  ): Promise<CatalogImportResult> {
    const markdown = checkedPage(page, 'any version of the page');
    const { dryRun } = page;
    const effective = effectiveAt == null ? undefined : parseEffectiveDate(effectiveAt);
    if (effective === null)
      throw badUserInput(`The effective date must be ${EFFECTIVE_DATE_FORMS} (got "${effectiveAt}").`, 'effectiveAt');
    try {
      const result = await context.services.catalogImport.importPage(markdown, {
        dryRun,
        ...(effective ? { effectiveAt: effective } : {}),
        ...auditActorOf(context),
      });
      return {
        dryRun,
        batchId: result.batchId,
        effectiveAt: result.effectiveAt,
        changes: result.changes.map((change) => ({ kind: change.kind, summary: describeChange(change) })),
        programCount: result.content.programs.length,
        categoryCount: categoriesOf(result.content.programs).length,
        labCount: labsOf(result.content.programs).length,
      };
    } catch (error) {
      if (!(error instanceof PageParseError)) throw error;
      throw badUserInput(error.message, 'markdown', {
        section: error.section,
        row: error.row,
        cell: error.cell,
        programName: error.programName,
        problem: error.problem,
      });
    }
  }
}
