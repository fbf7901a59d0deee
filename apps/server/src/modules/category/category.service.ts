import { type DataSource, In } from 'typeorm';
import { CategoryEntity } from './category.entity.js';

export class CategoryService {
  constructor(private readonly dataSource: DataSource) {}

  private get categories() {
    return this.dataSource.getRepository(CategoryEntity);
  }

  findAll(): Promise<CategoryEntity[]> {
    return this.categories.find({ order: { position: 'ASC', id: 'ASC' } });
  }

  findByIds(ids: readonly number[]): Promise<CategoryEntity[]> {
    return this.categories.findBy({ id: In([...ids]) });
  }
}
