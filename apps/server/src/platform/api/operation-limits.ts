import {
  type ASTNode,
  type DocumentNode,
  type FragmentDefinitionNode,
  GraphQLError,
  Kind,
  type SelectionSetNode,
  type ValidationRule,
} from 'graphql';
import { ErrorCode as Codes, type ErrorCode } from '../../shared/errors.js';
import type { ApiLimits } from './api-policy.js';

/** What one operation uses of each structural limit, fragments expanded where they are spread. */
export interface OperationShape {
  depth: number;
  aliases: number;
  directives: number;
}

interface SelectionShape extends OperationShape {}

/**
 * Introspection (`__schema`, `__type`) is left out: graphql-js's own MaxIntrospectionDepthRule
 * bounds it, and the explorer's introspection query nests `ofType` deeper than any real query.
 */
const INTROSPECTION_ROOTS = new Set(['__schema', '__type']);

/** Measures every operation of a document, each fragment once however often it is spread. */
export function measureOperations(document: DocumentNode): Array<{ name: string | null; node: ASTNode; shape: OperationShape }> {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  const measured = new Map<string, SelectionShape>();
  const visiting = new Set<string>();

  const fragmentShape = (name: string): SelectionShape => {
    const known = measured.get(name);
    if (known) return known;
    const fragment = fragments.get(name);
    // An unknown fragment or a cycle is reported by the specified rules; it adds nothing here.
    if (!fragment || visiting.has(name)) return { depth: 0, aliases: 0, directives: 0 };
    visiting.add(name);
    const shape = selectionShape(fragment.selectionSet);
    shape.directives += fragment.directives?.length ?? 0;
    visiting.delete(name);
    measured.set(name, shape);
    return shape;
  };

  const selectionShape = (selectionSet: SelectionSetNode): SelectionShape => {
    const total: SelectionShape = { depth: 0, aliases: 0, directives: 0 };
    for (const selection of selectionSet.selections) {
      let inner: SelectionShape;
      let ownDepth = 0;
      if (selection.kind === Kind.FIELD) {
        if (INTROSPECTION_ROOTS.has(selection.name.value)) inner = { depth: 0, aliases: 0, directives: 0 };
        else inner = selection.selectionSet ? selectionShape(selection.selectionSet) : { depth: 0, aliases: 0, directives: 0 };
        ownDepth = 1;
        if (selection.alias) total.aliases++;
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        inner = selectionShape(selection.selectionSet);
      } else {
        inner = fragmentShape(selection.name.value);
      }
      total.directives += (selection.directives?.length ?? 0) + inner.directives;
      total.aliases += inner.aliases;
      total.depth = Math.max(total.depth, ownDepth + inner.depth);
    }
    return total;
  };

  const operations = [];
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.OPERATION_DEFINITION) continue;
    const shape = selectionShape(definition.selectionSet);
    shape.directives += definition.directives?.length ?? 0;
    operations.push({ name: definition.name?.value ?? null, node: definition, shape });
  }
  return operations;
}

export function limitError(
  code: ErrorCode,
  message: string,
  details: { limit: number; [key: string]: unknown },
  nodes?: ASTNode,
): GraphQLError {
  return new GraphQLError(message, { nodes, extensions: { code, ...details } });
}

/**
 * A validation rule refusing an operation deeper, or with more aliases or directives, than the
 * limits. Apollo caches a document that passed validation, so a known query is not measured again.
 */
export function operationLimitsRule(limits: Pick<ApiLimits, 'maxDepth' | 'maxAliases' | 'maxDirectives'>): ValidationRule {
  return (context) => ({
    Document(document) {
      for (const { name, node, shape } of measureOperations(document)) {
        const operation = name ? `Operation "${name}"` : 'The operation';
        if (shape.depth > limits.maxDepth) {
          context.reportError(
            limitError(
              Codes.QUERY_TOO_DEEP,
              `${operation} nests fields ${shape.depth} deep; at most ${limits.maxDepth} are allowed.`,
              { limit: limits.maxDepth, found: shape.depth },
              node,
            ),
          );
        }
        if (shape.aliases > limits.maxAliases) {
          context.reportError(
            limitError(
              Codes.TOO_MANY_ALIASES,
              `${operation} uses ${shape.aliases} aliases; at most ${limits.maxAliases} are allowed.`,
              { limit: limits.maxAliases, found: shape.aliases },
              node,
            ),
          );
        }
        if (shape.directives > limits.maxDirectives) {
          context.reportError(
            limitError(
              Codes.TOO_MANY_DIRECTIVES,
              `${operation} uses ${shape.directives} directives; at most ${limits.maxDirectives} are allowed.`,
              { limit: limits.maxDirectives, found: shape.directives },
              node,
            ),
          );
        }
      }
      // Measured whole from the document: nothing below needs visiting by this rule.
      return false;
    },
  });
}

/**
 * Refuses a string literal holding the NUL character (GraphQL's `\u0000`): PostgreSQL cannot store
 * or compare it, and would fail the request as a fault of ours. Variables are checked over HTTP.
 */
export const nulFreeStringsRule: ValidationRule = (context) => ({
  StringValue(node) {
    if (node.value.includes('\u0000')) {
      context.reportError(
        new GraphQLError('Strings in a request must not contain the NUL character (U+0000).', {
          nodes: node,
          extensions: { code: Codes.BAD_USER_INPUT },
        }),
      );
    }
  },
});
