import { FormattedMessage } from 'react-intl';
import { MailLink } from '../../components/MailLink.js';
import { type FragmentType, getFragmentData, graphql } from '../../gql/index.js';

export const AdmissionContactProgram = graphql(`
  fragment AdmissionContact_program on Program {
    admissionContact
  }
`);

/**
 * "Questions? Email …" beside the next step: the address How to Join means by "Email the alias
 * listed in the table", when the program has one (from an import of a page that lists it, or set
 * by staff). Nothing otherwise.
 */
export function AdmissionContact({ program }: { program: FragmentType<typeof AdmissionContactProgram> }) {
  const { admissionContact } = getFragmentData(AdmissionContactProgram, program);
  if (!admissionContact) return null;
  return (
    <p className="admission-contact">
      <FormattedMessage
        id="program.contact"
        values={{ email: admissionContact, mail: (chunks) => <MailLink address={admissionContact}>{chunks}</MailLink> }}
      />
    </p>
  );
}
