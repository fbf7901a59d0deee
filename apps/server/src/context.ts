import type { DataSource } from 'typeorm';
import { CategoryService } from './modules/category/category.service.js';
import { HowToJoinService } from './modules/how-to-join/how-to-join.service.js';
import { LabService } from './modules/lab/lab.service.js';
import { ProgramService } from './modules/program/program.service.js';
import { SpecService } from './modules/spec/spec.service.js';
import { loaderByKey, loaderOfLists } from './shared/loader-factory.js';

/** Stateless services, built once per server. */
export function createServices(dataSource: DataSource) {
  return {
    categories: new CategoryService(dataSource),
    programs: new ProgramService(dataSource),
    labs: new LabService(dataSource),
    specs: new SpecService(dataSource),
    howToJoin: new HowToJoinService(dataSource),
  };
}
export type Services = ReturnType<typeof createServices>;

/** Per-request loaders: every relation of the schema is batched through one of these. */
export function createLoaders(services: Services) {
  const byId = <T extends { id: number }>(fetch: (ids: readonly number[]) => Promise<T[]>) => loaderByKey(fetch, (row) => row.id);
  return {
    categoryById: byId((ids) => services.categories.findByIds(ids)),
    programById: byId((ids) => services.programs.findByIds(ids)),
    labById: byId((ids) => services.labs.findByIds(ids)),
    specById: byId((ids) => services.specs.findByIds(ids)),
    listedProgramsByCategoryId: loaderOfLists((ids: readonly number[]) => services.programs.findListedByCategoryIds(ids)),
    listedProgramsByLabId: loaderOfLists((ids: readonly number[]) => services.programs.findListedByLabIds(ids)),
    specsByProgramId: loaderOfLists((ids: readonly number[]) => services.specs.findByProgramIds(ids)),
    labsByProgramId: loaderOfLists((ids: readonly number[]) => services.labs.findByProgramIds(ids)),
  };
}
export type Loaders = ReturnType<typeof createLoaders>;

export interface Context {
  services: Services;
  loaders: Loaders;
}

export function createContext(services: Services): Context {
  return { services, loaders: createLoaders(services) };
}
