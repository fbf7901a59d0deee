import { CategoryChanges, NewCategory } from '@certhub/domain/catalog-edit';
import type { DataSource, EntityManager } from 'typeorm';
import { lockKeys } from '../../db/transaction.js';
import {
  createRow,
  deleteRow,
  type EditableKind,
  RowEditService,
  reorderAndRecord,
  uniqueSlug,
} from '../../shared/entity-edits.js';
import { listLockKey, writeOrder } from '../../shared/positions.js';
import type { AuditActor } from '../../shared/request-context.js';
import { inCatalogTransaction } from '../change/record-change.js';
import { ProgramEntity } from '../program/program.entity.js';
import { CategoryEntity } from './category.entity.js';

export const CATEGORY: EditableKind<CategoryEntity> = {
  entity: CategoryEntity,
  typeName: 'Category',
  fields: ['name', 'slug', 'position'],
  label: (category) => category.name,
  unique: uniqueSlug('category'),
  async usedBy(manager, categoryId) {
    const programs = await manager.find(ProgramEntity, { where: { categoryId }, order: { position: 'ASC', id: 'ASC' } });
    return programs.map((program) => program.name);
  },
  inUseAdvice: 'Move them to another category first.',
};

const CATEGORY_LIST = listLockKey('categories');

const pageOrder = (manager: EntityManager) => manager.find(CategoryEntity, { order: { position: 'ASC', id: 'ASC' } });

/** Staff edits of categories, which also keep the page order of the categories dense. */
export class CategoryEditService extends RowEditService<CategoryEntity, typeof NewCategory, typeof CategoryChanges> {
  constructor(dataSource: DataSource) {
    super(dataSource, CATEGORY, { create: NewCategory, update: CategoryChanges });
  }

  /** A new category goes last on the page. */
  protected override async insert(manager: EntityManager, fields: Partial<CategoryEntity>, by: AuditActor) {
    await lockKeys(manager, [CATEGORY_LIST]);
    const categories = await pageOrder(manager);
    const created = await createRow(manager, CATEGORY, { ...fields, position: categories.length }, by);
    await writeOrder(manager, CategoryEntity, [...categories, created]);
    return created;
  }

  /** Only a category no program uses goes, closed programs included: they keep their category. */
  protected override async remove(manager: EntityManager, categoryId: number, expectedVersion: number, by: AuditActor) {
    await lockKeys(manager, [CATEGORY_LIST]);
    const deleted = await deleteRow(manager, CATEGORY, categoryId, expectedVersion, by);
    await writeOrder(manager, CategoryEntity, await pageOrder(manager));
    return deleted;
  }

  /** Puts the categories in a new page order: one audit event for the whole order. */
  reorder(categoryIds: readonly number[], by: AuditActor): Promise<CategoryEntity[]> {
    return inCatalogTransaction(this.dataSource, async (manager) => {
      await lockKeys(manager, [CATEGORY_LIST]);
      const current = await pageOrder(manager);
      // The page's order, not one category's: recorded as the importer records page-wide changes.
      await reorderAndRecord(
        manager,
        by,
        {
          entity: CategoryEntity,
          current,
          ids: categoryIds,
          field: 'input.categoryIds',
          noun: 'category',
          of: 'in the catalogue',
        },
        {
          on: { typeName: 'HowToJoin', id: 'category-order' },
          action: 'categories-reordered',
          summary: 'Reordered the categories',
          key: 'order',
        },
      );
      return pageOrder(manager);
    });
  }
}
