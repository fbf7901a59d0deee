import { KNOWN_REQUIREMENT_IDS } from '@certhub/domain/how-to-join';
import type { DataSource } from 'typeorm';
import { ProgramEntity } from '../modules/program/program.entity.js';
import { toGlobalId } from '../shared/global-id.js';
import type { TestClient } from './test-server.js';

export const SUBMIT = `mutation ($input: SubmitApplicationInput!) {
  submitApplication(input: $input) { reference accessToken }
}`;

export const TRACK = `query ($reference: String!, $token: String!) {
  trackApplication(reference: $reference, token: $token) {
    reference status companyName contactName contactEmail contactPhone canReply canWithdraw submittedAt
    program { id name }
    timeline { kind author fromStatus toStatus body occurredAt }
  }
}`;

export const SET_STATUS = `mutation ($input: SetApplicationStatusInput!) {
  setApplicationStatus(input: $input) { id reference status version allowedTransitions decidedAt acceptedAt onboardedAt }
}`;

export const APPLICATION = `query ($id: ID!) {
  application(id: $id) {
    id reference status version companyName contactEmail allowedTransitions attestedRequirementIds
    program { id name }
    timeline { kind author authorName fromStatus toStatus body vendorVisible occurredAt }
  }
}`;

export interface Receipt {
  reference: string;
  accessToken: string;
}

/** A complete, valid form for `programId`: every known requirement attested. */
export function applicationForm(programId: string, overrides: Record<string, unknown> = {}) {
  return {
    programId,
    companyName: 'Acme Networks, Inc.',
    companyWebsite: 'https://www.acme.example',
    headquartersCountry: 'DE',
    contactName: 'Jane Doe',
    contactEmail: 'jane@acme.example',
    contactPhone: '+49 30 1234567',
    productSummary: 'A session border controller for enterprises.',
    message: 'We have sold SBCs to enterprises for ten years and would like to certify ours.',
    attestedRequirementIds: [...KNOWN_REQUIREMENT_IDS],
    ...overrides,
  };
}

/** Puts a program in a state straight in the database (tests of other things than the status change); answers its global id. */
export async function setProgram(
  dataSource: DataSource,
  slug: string,
  changes: Partial<Pick<ProgramEntity, 'admissionStatus' | 'partnerCapacity'>>,
): Promise<string> {
  const programs = dataSource.getRepository(ProgramEntity);
  await programs.update({ slug }, changes);
  const program = await programs.findOneByOrFail({ slug });
  return toGlobalId('Program', program.id);
}

/** Submits a form and answers the receipt, failing the test on any error. */
export async function submit(client: TestClient, input: Record<string, unknown>): Promise<Receipt> {
  const { body } = await client.graphql<{ submitApplication: Receipt }>(SUBMIT, { input });
  if (!body.data?.submitApplication) throw new Error(`submission failed: ${JSON.stringify(body.errors)}`);
  return body.data.submitApplication;
}

/** The application of a reference, as staff see it (for its global id and version). */
export async function applicationOf(
  staff: TestClient,
  reference: string,
): Promise<{ id: string; version: number; status: string }> {
  const { body } = await staff.graphql<{
    applications: { edges: Array<{ node: { id: string; version: number; status: string } }> };
  }>(`query ($search: String) { applications(filter: { search: $search }) { edges { node { id version status } } } }`, {
    search: reference,
  });
  const node = body.data?.applications.edges[0]?.node;
  if (!node) throw new Error(`no application ${reference}: ${JSON.stringify(body.errors)}`);
  return node;
}

/** Moves an application as staff, failing the test on any error. */
export async function moveTo(
  staff: TestClient,
  reference: string,
  status: string,
  extra: { message?: string; note?: string } = {},
): Promise<{ status: string; version: number }> {
  const current = await applicationOf(staff, reference);
  const { body } = await staff.graphql<{ setApplicationStatus: { status: string; version: number } }>(SET_STATUS, {
    input: { applicationId: current.id, status, expectedVersion: current.version, ...extra },
  });
  if (!body.data?.setApplicationStatus) throw new Error(`move to ${status} failed: ${JSON.stringify(body.errors)}`);
  return body.data.setApplicationStatus;
}
