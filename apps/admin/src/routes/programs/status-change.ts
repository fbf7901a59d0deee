import { useMutation } from '@apollo/client/react';
import { AdmissionStatus } from '@certhub/domain/admission-status';
import type { ScheduledChangesChoice } from '@certhub/domain/scheduled-change';
import { errorsOf } from '@certhub/web-ui/errors';
import { graphql, makeFragmentData } from '../../gql/index.js';
import { conflictOf, type ProgramState } from './program-conflict.js';
import { type PendingScheduledChange, pendingScheduledChangesOf } from './scheduled-changes.js';

/**
 * What a status change changes of a program: every status mutation answers it, its optimistic
 * answer is made of it, and the live subscription writes it, so each row and page showing the
 * program (`StatusEditor_program`, `ProgramEditPage_program` select these fields too) follows.
 */
export const StatusChange_program = graphql(`
  fragment StatusChange_program on Program {
    id
    admissionStatus
    version
    statusChangedAt
  }
`);

export const SetProgramStatus = graphql(
  `mutation SetProgramStatus($input: SetProgramAdmissionStatusInput!) { setProgramAdmissionStatus(input: $input) { ...StatusChange_program } }`,
);

const CloseProgram = graphql(
  `mutation CloseProgram($input: CloseProgramInput!) { closeProgram(input: $input) { ...StatusChange_program } }`,
);

const ReopenProgram = graphql(
  `mutation ReopenProgram($input: ReopenProgramInput!) { reopenProgram(input: $input) { ...StatusChange_program } }`,
);

export type StatusChangeOutcome =
  | { kind: 'changed' }
  | { kind: 'conflict'; current: ProgramState }
  /** Scheduled changes of the status are pending: ask the editor whether to keep or cancel them, then send again. */
  | { kind: 'scheduled'; pending: PendingScheduledChange[]; message: string }
  | { kind: 'failed'; message: string };

export interface StatusChangeRequest {
  programId: string;
  /** The status the program has as the user saw it: closing and reopening are their own mutations. */
  from: AdmissionStatus;
  to: AdmissionStatus;
  /** The version the user saw; a newer one on the server is a CONFLICT. */
  expectedVersion: number;
  reason: string | null;
  /** What to do with scheduled status changes pending on the program (the editor's answer when asked). */
  scheduledChanges?: ScheduledChangesChoice | null;
}

/**
 * Changes a program's status with the mutation that fits (set, close, reopen). The row shows the
 * new status at once (optimistic answer); Apollo Client takes it back if the server refuses.
 */
export function useStatusChange(): (request: StatusChangeRequest) => Promise<StatusChangeOutcome> {
  const [setStatus] = useMutation(SetProgramStatus);
  const [close] = useMutation(CloseProgram);
  const [reopen] = useMutation(ReopenProgram);
  return async ({ programId, from, to, expectedVersion, reason, scheduledChanges = null }) => {
    const optimistic = makeFragmentData(
      {
        __typename: 'Program' as const,
        id: programId,
        admissionStatus: to,
        version: expectedVersion + 1,
        statusChangedAt: new Date().toISOString(),
      },
      StatusChange_program,
    );
    const input = { programId, expectedVersion, reason, ...(scheduledChanges ? { scheduledChanges } : {}) };
    try {
      if (to === AdmissionStatus.CLOSED) {
        await close({ variables: { input }, optimisticResponse: { closeProgram: optimistic } });
      } else if (from === AdmissionStatus.CLOSED) {
        await reopen({ variables: { input: { ...input, status: to } }, optimisticResponse: { reopenProgram: optimistic } });
      } else {
        await setStatus({
          variables: { input: { ...input, status: to } },
          optimisticResponse: { setProgramAdmissionStatus: optimistic },
        });
      }
      return { kind: 'changed' };
    } catch (error) {
      const current = conflictOf(error);
      if (current) return { kind: 'conflict', current };
      const pending = pendingScheduledChangesOf(error);
      if (pending) return { kind: 'scheduled', pending, message: errorsOf(error)[0]?.message ?? '' };
      return { kind: 'failed', message: errorsOf(error)[0]?.message ?? 'The change did not go through.' };
    }
  };
}
