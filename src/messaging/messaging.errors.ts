import { HttpStatus } from '@nestjs/common';
import { CommonErrors, DomainError } from '../common/domain-error.js';

/** What messaging answers when it refuses; Dutch first, in plain language. */
export const MessagingErrors = {
  threadNotFound: () => CommonErrors.notFound('thread'),
  messageNotFound: () => CommonErrors.notFound('message'),
  threadMemberNotFound: () => CommonErrors.notFound('thread_member'),
  notACaseParticipant: (userIds: string[]) =>
    new DomainError(HttpStatus.UNPROCESSABLE_ENTITY, 'not_a_case_participant', {
      nl: 'Alleen mensen die aan deze zaak meedoen kunnen in een gesprek.',
      en: 'Only people who take part in this case can be in a thread.',
    }, { userIds }),
  // Its own code: one code, one status (a member list with outsiders is 422 not_a_case_participant).
  creatorNotParticipant: () =>
    new DomainError(HttpStatus.FORBIDDEN, 'creator_not_in_case', {
      nl: 'U doet niet mee aan deze zaak. Alleen deelnemers kunnen een gesprek beginnen.',
      en: 'You do not take part in this case. Only participants can start a thread.',
    }),
  memberRemovalForbidden: () =>
    new DomainError(HttpStatus.FORBIDDEN, 'forbidden', {
      nl: 'Alleen wie het gesprek begon of een begeleider kan iemand anders uit het gesprek halen.',
      en: 'Only whoever started the thread or a counsellor can remove someone else from it.',
    }),
  memberAddForbidden: () =>
    new DomainError(HttpStatus.FORBIDDEN, 'member_add_forbidden', {
      nl: 'Alleen de begeleiders, coördinatoren en ouders van dit dossier kunnen iemand aan een gesprek toevoegen.',
      en: 'Only the counsellors, coordinators and parents of this case can add someone to a conversation.',
    }),
  clientMessageIdReused: () =>
    CommonErrors.conflict('client_message_id_reused', {
      nl: 'Deze clientMessageId is al gebruikt voor een bericht in een ander gesprek.',
      en: 'This clientMessageId was already used for a message in another thread.',
    }),
  invalidCursor: (field: 'after' | 'before') =>
    CommonErrors.invalidField(field, {
      nl: 'dit bericht bestaat niet in dit gesprek.',
      en: 'this message does not exist in this thread.',
    }, 'invalid_cursor'),
  unknownAttachments: (attachmentIds: string[]) =>
    new DomainError(HttpStatus.UNPROCESSABLE_ENTITY, 'unknown_attachments', {
      nl: 'Een of meer bijlagen horen niet bij dit gesprek.',
      en: 'One or more attachments do not belong to this thread.',
    }, { attachmentIds }),
  typingRateLimited: () =>
    new DomainError(HttpStatus.TOO_MANY_REQUESTS, 'rate_limited', {
      nl: 'Te veel meldingen in korte tijd.',
      en: 'Too many events in a short time.',
    }),
};
