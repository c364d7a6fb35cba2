import type { journeysNl } from './journeys.nl.js';

/** English strings for the journeys of issue 17 (merged into en.ts). */
export const journeysEn: Record<keyof typeof journeysNl, string> = {
  'intake.open.label': 'Open registration {reference}',
  'intake.backToList': 'Back to all registrations',
  'convert.title': 'Make a case',
  'convert.intro': 'Turn this registration into a case. The region and the counsellor come along. If the registrant is a parent or child with an e-mail address, they get an invitation by e-mail.',
  'convert.notYet': 'This is possible once there has been contact. First set the status to "Contacted".',
  'convert.caseTitle': 'Name of the case (optional)',
  'convert.caseTitleHelp': 'Leave empty: the registrant’s name and the registration number.',
  'convert.lead': 'Counsellor of the case',
  'convert.leadHelp': 'This counsellor gets an e-mail about the new case.',
  'convert.noLead': 'No counsellor yet',
  'convert.submit': 'Make the case',
  'convert.done': 'Case {reference} has been made.',
  'convert.invited': 'Invitation sent to {email}. The link works for 14 days.',
  'convert.noEmail': 'No e-mail address is known, so nobody was invited. Invite the parent or child on the case’s "Participants" tab.',
  'convert.notParentOrChild': 'The registrant is not a parent or child, so nobody was invited. Invite the parents on the case’s "Participants" tab.',
  'convert.leadNotified': '{name} has been sent an e-mail about this case.',
  'convert.leadNotNotified': 'We could not e-mail {name}. Please tell them yourself.',
  'convert.already': 'This registration has already been turned into a case.',
  'convert.openCase': 'Go to the case',
  'convert.inviteMore': 'Invite others into the case',
};
