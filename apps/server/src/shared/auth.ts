import { ErrorReason } from '@certhub/domain/error-codes';
import { roleAllows, StaffRole } from '@certhub/domain/staff';
import { type AuthChecker, Authorized, Extensions, Mutation } from 'type-graphql';
import { forbidden, unauthenticated } from './errors.js';
import type { Actor } from './request-context.js';

/**
 * Marks a query, mutation or field as staff-only. The role is also published in the field's
 * extensions, so the authorisation test finds every protected field in the schema by itself.
 * Without a role: any signed-in staff member, even one who must still change a one-time password.
 */
export function RequireRole(role?: StaffRole): MethodDecorator & PropertyDecorator {
  return (target: object, key: string | symbol, descriptor?: PropertyDescriptor) => {
    Extensions({ requiredRole: role ?? 'SIGNED_IN' })(target, key, descriptor as never);
    (role ? Authorized(role) : Authorized())(target, key, descriptor as never);
  };
}

/** A mutation's GraphQL return type, as type-graphql takes it: `() => ProgramEntity`. */
type ReturnTypeFunc = Parameters<typeof Mutation>[0];

/** A mutation that editors (and admins) may run: type-graphql's `@Mutation` with its description, and `@RequireRole(EDITOR)`. */
export function EditorMutation(returns: ReturnTypeFunc, description: string): MethodDecorator {
  return StaffMutation(StaffRole.EDITOR, returns, description);
}

/** A mutation that only admins may run: `@Mutation` with its description, and `@RequireRole(ADMIN)`. */
export function AdminMutation(returns: ReturnTypeFunc, description: string): MethodDecorator {
  return StaffMutation(StaffRole.ADMIN, returns, description);
}

function StaffMutation(role: StaffRole, returns: ReturnTypeFunc, description: string): MethodDecorator {
  return (target, key, descriptor) => {
    Mutation(returns, { description })(target, key, descriptor);
    RequireRole(role)(target, key, descriptor);
  };
}

export const authChecker: AuthChecker<{ actor: Actor | null }, StaffRole> = ({ context }, roles) => {
  const actor = requireActor(context);
  const [required] = roles;
  if (!required) return true;
  if (actor.user.mustChangePassword) {
    throw forbidden('Change your one-time password first.', { reason: ErrorReason.PASSWORD_CHANGE_REQUIRED });
  }
  if (!roleAllows(actor.user.role, required)) {
    throw forbidden(`This needs the ${required} role; you are ${actor.user.role}.`, { requiredRole: required });
  }
  return true;
};

export function requireActor(context: { actor: Actor | null }): Actor {
  if (!context.actor) throw unauthenticated();
  return context.actor;
}
