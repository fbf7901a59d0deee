// Before any decorated class loads: type-graphql needs it.
import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import express from 'express';
import { DateTimeISOResolver } from 'graphql-scalars';
import { buildSchema, type ClassType, Field, FieldResolver, ID, Int, ObjectType, Query, Resolver, Root } from 'type-graphql';

/**
 * The reference: the schema of the whole-catalogue query served the way a type-graphql and Apollo
 * Server application would serve it with every row already in memory: object types, field
 * resolvers for the relations reading maps, Apollo Server 5 on Express 5, nothing else (no
 * database, no limits, no logs). CertHub's executed path is measured against it in the same run.
 * Its data is CertHub's own answer to the query (REFERENCE_ANSWER_FILE), and it answers with the
 * same bytes, its `extensions` included (the benchmark checks).
 *
 * Run as a child of the benchmark: PORT, HOST, REFERENCE_ANSWER_FILE.
 */

interface AnsweredProgram {
  id: string;
  slug: string;
  name: string;
  admissionStatus: string;
  specAvailability: string | null;
  labAvailability: string | null;
  version: number;
  updatedAt: string;
  category: { slug: string };
  specs: Array<{ title: string; url: string | null }>;
  labs: Array<{ name: string; slug: string; url: string | null }>;
}

interface Answer {
  data: {
    categories: Array<{ id: string; slug: string; name: string; position: number; programs: AnsweredProgram[] }>;
    labs: Array<{ slug: string; programs: Array<{ slug: string }> }>;
  };
  extensions: Record<string, unknown>;
}

@ObjectType('Spec')
class Spec {
  @Field(() => String)
  title!: string;

  @Field(() => String, { nullable: true })
  url!: string | null;
}

@ObjectType('Lab')
class Lab {
  @Field(() => String)
  slug!: string;

  @Field(() => String)
  name!: string;

  @Field(() => String, { nullable: true })
  url!: string | null;

  programSlugs: string[] = [];
}

/** What a category and a program both begin with (type-graphql's type inheritance: its fields come first). */
@ObjectType()
abstract class CatalogueRow {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  slug!: string;

  @Field(() => String)
  name!: string;
}

@ObjectType('Category')
class Category extends CatalogueRow {
  @Field(() => Int)
  position!: number;

  programSlugs: string[] = [];
}

// Enums in CertHub's schema; strings here: both serialise the same.
@ObjectType('Program')
class Program extends CatalogueRow {
  @Field(() => String)
  admissionStatus!: string;

  @Field(() => String, { nullable: true })
  specAvailability!: string | null;

  @Field(() => String, { nullable: true })
  labAvailability!: string | null;

  @Field(() => Int)
  version!: number;

  @Field(() => DateTimeISOResolver)
  updatedAt!: Date;

  categorySlug!: string;
  specs!: Spec[];
  labSlugs!: string[];
}

/** Every row, by key: what the resolvers read. */
const store = {
  categories: [] as Category[],
  categoriesBySlug: new Map<string, Category>(),
  programsBySlug: new Map<string, Program>(),
  labs: [] as Lab[],
  labsBySlug: new Map<string, Lab>(),
};

const programsOf = (slugs: readonly string[]): Program[] => slugs.map((slug) => store.programsBySlug.get(slug) as Program);

/** A root list (`categories`, `labs`) whose rows each list their programs: the same resolver for both. */
function listWithPrograms<T extends { programSlugs: string[] }>(type: ClassType<T>, name: string, rows: () => T[]) {
  @Resolver(() => type)
  class ListWithProgramsResolver {
    @Query(() => [type], { name })
    list(): T[] {
      return rows();
    }

    @FieldResolver(() => [Program])
    programs(@Root() row: T): Program[] {
      return programsOf(row.programSlugs);
    }
  }
  return ListWithProgramsResolver;
}

const CategoryResolver = listWithPrograms(Category, 'categories', () => store.categories);
const LabResolver = listWithPrograms(Lab, 'labs', () => store.labs);

@Resolver(() => Program)
class ProgramResolver {
  @FieldResolver(() => Category)
  category(@Root() program: Program): Category {
    return store.categoriesBySlug.get(program.categorySlug) as Category;
  }

  @FieldResolver(() => [Spec])
  specs(@Root() program: Program): Spec[] {
    return program.specs;
  }

  @FieldResolver(() => [Lab])
  labs(@Root() program: Program): Lab[] {
    return program.labSlugs.map((slug) => store.labsBySlug.get(slug) as Lab);
  }
}

function load(answer: Answer): void {
  for (const answered of answer.data.categories) {
    const category = Object.assign(new Category(), { ...answered, programs: undefined });
    store.categories.push(category);
    store.categoriesBySlug.set(category.slug, category);
    for (const { category: categoryRef, specs, labs, updatedAt, ...fields } of answered.programs) {
      const program = Object.assign(new Program(), fields, {
        updatedAt: new Date(updatedAt),
        categorySlug: categoryRef.slug,
        specs: specs.map((spec) => Object.assign(new Spec(), spec)),
        labSlugs: labs.map((lab) => lab.slug),
      });
      category.programSlugs.push(program.slug);
      store.programsBySlug.set(program.slug, program);
      for (const lab of labs) if (!store.labsBySlug.has(lab.slug)) store.labsBySlug.set(lab.slug, Object.assign(new Lab(), lab));
    }
  }
  for (const { slug, programs } of answer.data.labs) {
    const lab = store.labsBySlug.get(slug) ?? Object.assign(new Lab(), { slug, name: slug, url: null });
    store.labsBySlug.set(slug, lab);
    lab.programSlugs = programs.map((program) => program.slug);
    store.labs.push(lab);
  }
}

const answer = JSON.parse(readFileSync(requiredEnv('REFERENCE_ANSWER_FILE'), 'utf8')) as Answer;
load(answer);
// The same `extensions` as CertHub's answer (its cost report), so that both send the same bytes.
const sameExtensions: ApolloServerPlugin = {
  async requestDidStart() {
    return {
      async willSendResponse({ response }) {
        if (response.body.kind === 'single') response.body.singleResult.extensions = answer.extensions;
      },
    };
  },
};
const apollo = new ApolloServer({
  schema: await buildSchema({ resolvers: [CategoryResolver, ProgramResolver, LabResolver], validate: false }),
  plugins: [sameExtensions],
});
await apollo.start();
const app = express();
app.get('/healthz', (_request, response) => {
  response.json({ status: 'ok' });
});
app.use('/graphql', express.json({ limit: '1mb' }), expressMiddleware(apollo));
createServer(app).listen(Number(requiredEnv('PORT')), process.env.HOST || '127.0.0.1');

function requiredEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`The reference server needs ${name}.`);
  return value;
}
