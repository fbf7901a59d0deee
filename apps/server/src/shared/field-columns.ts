import { Field, Int } from 'type-graphql';
import { Column, type ColumnOptions, JoinColumn, ManyToOne, type ObjectType } from 'typeorm';

/**
 * The column kinds entities repeat, each as one decorator: type-graphql's `@Field` and TypeORM's
 * `@Column` of one property. A field's simple-ness is left to its object type (`simpleResolvers`),
 * as a plain `@Field` leaves it; nothing here changes a column or a field of the schema.
 */
function fieldColumn(field: PropertyDecorator, column: ColumnOptions): PropertyDecorator {
  return (target, property) => {
    Column(column)(target, property);
    field(target, property);
  };
}

/** Short, URL-safe name, unique in its table: what `x(slug:)` takes. */
export function SlugField(description: string): PropertyDecorator {
  return fieldColumn(
    Field(() => String, { description }),
    { type: 'varchar', length: 100, unique: true },
  );
}

/** A name as people read it; `column` when the column's name is not the property's. */
export function NameField(description: string, column?: string): PropertyDecorator {
  const named: ColumnOptions = column === undefined ? {} : { name: column };
  return fieldColumn(
    Field(() => String, { description }),
    { ...named, type: 'varchar', length: 200 },
  );
}

/** A web address, when there is one. */
export function UrlField(description: string): PropertyDecorator {
  return fieldColumn(
    Field(() => String, { nullable: true, description }),
    { type: 'varchar', length: 2000, nullable: true },
  );
}

/** Free text of any length. */
export function TextField(description: string): PropertyDecorator {
  return fieldColumn(
    Field(() => String, { description }),
    { type: 'text' },
  );
}

/** An order among the row's peers. */
export function PositionField(description: string): PropertyDecorator {
  return fieldColumn(
    Field(() => Int, { description }),
    { type: 'integer' },
  );
}

/** The row's version, which an edit sends back (`expectedVersion`) so that a conflict is told, not lost. */
export function EditVersionField(
  description = 'Incremented on every change; send it back with an edit to detect conflicts.',
): PropertyDecorator {
  return fieldColumn(
    Field(() => Int, { description }),
    { type: 'integer', default: 1 },
  );
}

/**
 * The relation of a row to the row it belongs to, joined on `column` (which the entity also maps to
 * a plain integer property, the one its code reads).
 */
export function BelongsTo<Parent>(
  parent: () => ObjectType<Parent>,
  column: string,
  onDelete: 'CASCADE' | 'RESTRICT',
): PropertyDecorator {
  return (target, property) => {
    JoinColumn({ name: column })(target, property);
    ManyToOne(parent, { onDelete })(target, property);
  };
}
