import { ADMISSION_STATUS_LABELS, AdmissionStatus } from '@certhub/domain/admission-status';
import {
  LAB_AVAILABILITY_LABELS,
  LabAvailability,
  SPEC_AVAILABILITY_LABELS,
  SpecAvailability,
} from '@certhub/domain/availability';
import { registerEnumType } from 'type-graphql';

const describeValues = <K extends string>(labels: Readonly<Record<K, string>>) =>
  Object.fromEntries(Object.entries(labels).map(([value, label]) => [value, { description: label as string }])) as Record<
    K,
    { description: string }
  >;

registerEnumType(AdmissionStatus, {
  name: 'AdmissionStatus',
  description: 'Whether and how a program admits new partners.',
  valuesConfig: describeValues(ADMISSION_STATUS_LABELS),
});

registerEnumType(SpecAvailability, {
  name: 'SpecAvailability',
  description: 'How specs are had when the program lists none.',
  valuesConfig: describeValues(SPEC_AVAILABILITY_LABELS),
});

registerEnumType(LabAvailability, {
  name: 'LabAvailability',
  description: 'Why a program lists no certification lab.',
  valuesConfig: describeValues(LAB_AVAILABILITY_LABELS),
});
