import type { HowToJoinContent } from '@certhub/domain/catalog';

/**
 * A catalogue of `programCount` programs made by repeating the seed page's programs under numbered
 * names, with their specs and labs: the large catalogue of the query-count test and the benchmark.
 */
export function syntheticCatalog(seed: HowToJoinContent, programCount: number): HowToJoinContent {
  const programs = Array.from({ length: programCount }, (_, index) => {
    const model = seed.programs[index % seed.programs.length];
    if (!model) throw new Error('The seed catalogue has no programs to repeat.');
    const round = Math.floor(index / seed.programs.length);
    return round === 0 ? model : { ...model, name: `${model.name} ${round + 1}` };
  });
  // Keep each category's programs together, as the page does.
  const categoryOrder = [...new Set(seed.programs.map((program) => program.category))];
  programs.sort((a, b) => categoryOrder.indexOf(a.category) - categoryOrder.indexOf(b.category));
  return { ...seed, programs };
}
