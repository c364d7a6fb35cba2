import type { OutgoingMail } from '../mail/mail-transport.js';

export interface InvitationMailInput {
  to: string;
  displayName: string;
  inviterName: string;
  inviterOrganisation: string | null;
  /** The one-time link; null for a mere notice to an existing account. */
  link: string | null;
  expiresAt: Date;
  intoCase: boolean;
}

const day = (date: Date, locale: string) =>
  date.toLocaleDateString(locale, { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/Amsterdam' });

function inviter(input: InvitationMailInput, word: string): string {
  return input.inviterOrganisation ? `${input.inviterName} (${input.inviterOrganisation})` : `${input.inviterName}${word}`;
}

/**
 * The mails an invitation sends, Dutch first (plain language), English below. They hold no case
 * title, no names of family members and nothing of the file: only who invites, and the link.
 */
export const InvitationMails = {
  /** No account yet: choose a password through the link. */
  newAccount(input: InvitationMailInput): OutgoingMail {
    const nlWhat = input.intoCase ? 'om mee te doen aan een dossier in Eenverhaal' : 'voor een account in Eenverhaal';
    const enWhat = input.intoCase ? 'to take part in a case file in Eenverhaal' : 'to an account in Eenverhaal';
    return {
      to: input.to,
      subject: 'Uitnodiging voor Eenverhaal / Invitation to Eenverhaal',
      text: [
        `Hallo ${input.displayName},`,
        '',
        `${inviter(input, '')} nodigt u uit ${nlWhat}.`,
        'Open deze link en kies een wachtwoord. De link werkt één keer.',
        input.link ?? '',
        '',
        `De link is geldig tot en met ${day(input.expiresAt, 'nl-NL')}.`,
        'Kent u deze persoon niet? Dan hoeft u niets te doen. Zonder uw wachtwoord gebeurt er niets.',
        '',
        '---',
        `${inviter(input, '')} invites you ${enWhat}.`,
        'Open this link and choose a password. The link works once.',
        input.link ?? '',
        `The link is valid until ${day(input.expiresAt, 'en-GB')}. If you do not know this person, you need not do anything.`,
      ].join('\n'),
    };
  },

  /** An account exists and the invitation is into a case: log in, then accept through the link. */
  existingAccountIntoCase(input: InvitationMailInput): OutgoingMail {
    return {
      to: input.to,
      subject: 'Uitnodiging voor een dossier in Eenverhaal / Invitation to a case file in Eenverhaal',
      text: [
        `Hallo ${input.displayName},`,
        '',
        `${inviter(input, '')} nodigt u uit om mee te doen aan een dossier in Eenverhaal.`,
        'U heeft al een account. Open deze link, log in zoals altijd en kies of u meedoet:',
        input.link ?? '',
        '',
        `De link is geldig tot en met ${day(input.expiresAt, 'nl-NL')}. Zonder uw ja verandert er niets.`,
        '',
        '---',
        `${inviter(input, '')} invites you to take part in a case file in Eenverhaal.`,
        'You already have an account. Open this link, log in as usual and choose whether to join:',
        input.link ?? '',
        `The link is valid until ${day(input.expiresAt, 'en-GB')}. Nothing changes without your yes.`,
      ].join('\n'),
    };
  },

  /** An account exists and there is nothing to join: tell the owner, so the inviter learns nothing. */
  existingAccountNotice(input: InvitationMailInput, loginUrl: string): OutgoingMail {
    return {
      to: input.to,
      subject: 'U heeft al een account in Eenverhaal / You already have an account in Eenverhaal',
      text: [
        `Hallo ${input.displayName},`,
        '',
        `${inviter(input, '')} wilde u uitnodigen voor Eenverhaal. U heeft al een account met dit e-mailadres,`,
        'dus er is niets veranderd. U kunt inloggen zoals altijd:',
        loginUrl,
        '',
        'Weet u uw wachtwoord niet meer? Neem dan contact op met uw begeleider of het steunteam.',
        '',
        '---',
        `${inviter(input, '')} wanted to invite you to Eenverhaal. You already have an account with this address,`,
        'so nothing changed. You can log in as usual:',
        loginUrl,
      ].join('\n'),
    };
  },
};
