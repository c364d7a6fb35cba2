import type { OutgoingMail } from '../mail/mail-transport.js';

/**
 * The notice to a counsellor who became the lead of a case made from a registration: Dutch first,
 * English below. Only the case's reference and the link: no names of the family, nothing of the file.
 */
export function leadNoticeMail(input: { to: string; displayName: string; coordinatorName: string; caseReference: string; link: string }): OutgoingMail {
  return {
    to: input.to,
    subject: `Nieuw dossier voor u: ${input.caseReference} / A new case for you`,
    text: [
      `Hallo ${input.displayName},`,
      '',
      `${input.coordinatorName} heeft een aanmelding omgezet in een dossier en u bent de begeleider: ${input.caseReference}.`,
      'Neem binnenkort contact op met het gezin. Open het dossier na het inloggen:',
      input.link,
      '',
      '---',
      `${input.coordinatorName} turned a registration into a case and you are its counsellor: ${input.caseReference}.`,
      'Please contact the family soon. Open the case after logging in:',
      input.link,
    ].join('\n'),
  };
}
