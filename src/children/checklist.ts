/**
 * The checklist for children (issue 20; the "child and divorce" letter, seed 002, asks for one):
 * what happens now, who can I talk to, what are my rights. Written for a child of about 8 to 16,
 * in Dutch first and English, as content in the repository so that changes are reviewed like code.
 * `checklist.spec.ts` checks every text against the plain-language measures in
 * `src/shared/readability.ts` and that `CHECKLIST_REVIEW` covers exactly this content.
 */

export const CHECKLIST_LANGUAGES = ['nl', 'en'] as const;
export type ChecklistLanguage = (typeof CHECKLIST_LANGUAGES)[number];

export interface ChecklistSection {
  key: 'now' | 'talk' | 'rights';
  title: string;
  items: string[];
}

export interface Helpline {
  key: string;
  name: string;
  /** What they do, for a child. */
  about: string;
  phone: string | null;
  url: string;
  /** When they can be reached, in words. */
  when: string;
}

export interface Checklist {
  language: ChecklistLanguage;
  title: string;
  intro: string;
  sections: ChecklistSection[];
  helplines: Helpline[];
  /** Said last and plainly: danger now. */
  emergency: string;
}

/** How each helpline is reached: the same in every language, so written once. */
const HELPLINE_CONTACTS = {
  kindertelefoon: { phone: '0800-0432', url: 'https://www.kindertelefoon.nl' },
  akj: { phone: '088 555 1000', url: 'https://www.akj.nl' },
  'veilig-thuis': { phone: '0800-2000', url: 'https://www.veiligthuis.nl' },
  kinderombudsman: { phone: null, url: 'https://www.dekinderombudsman.nl' },
} as const satisfies Record<string, Pick<Helpline, 'phone' | 'url'>>;

/** A helpline in one language: its name and texts, with its contact details from `HELPLINE_CONTACTS` (key order as before: the review hash reads it). */
const helpline = (key: keyof typeof HELPLINE_CONTACTS, name: string, about: string, when: string): Helpline =>
  ({ key, name, ...HELPLINE_CONTACTS[key], about, when });

const nl: Checklist = {
  language: 'nl',
  title: 'Wat gebeurt er nu? Een lijstje voor jou',
  intro: 'Er gebeurt veel in je gezin. Dat is niet makkelijk. Hier lees je wat er gebeurt. En wat jij mag.',
  sections: [
    {
      key: 'now',
      title: 'Wat gebeurt er nu?',
      items: [
        'Misschien woon je nu ergens anders. Bijvoorbeeld in een pleeggezin of een gezinshuis.',
        'Grote mensen praten over wat goed is voor jou. Jij mag daar ook iets over zeggen.',
        'Je ouders krijgen hulp van een begeleider. Die begeleider wil ook naar jou luisteren.',
        'Het is niet jouw schuld. Wat er ook gebeurd is.',
        'Je mag alles vragen. Ook als je het al eens vroeg.',
        'Je mag boos zijn, of verdrietig. Of allebei. Dat is normaal.',
      ],
    },
    {
      key: 'talk',
      title: 'Met wie kan ik praten?',
      items: [
        'Met je begeleider. Die leest altijd wat jij hier schrijft.',
        'Met je voogd, als je die hebt. Een voogd beslist mee over wat goed is voor jou.',
        'Met iemand op school. Bijvoorbeeld je juf, je meester of je mentor.',
        'Met de Kindertelefoon. Bellen en chatten is gratis. Je hoeft je naam niet te zeggen.',
        'Met een vertrouwenspersoon. Dat is iemand die alleen naast jou staat. Hij helpt je als je het ergens niet mee eens bent.',
      ],
    },
    {
      key: 'rights',
      title: 'Wat mag ik? Dit zijn jouw rechten',
      items: [
        'Je mag zeggen wat jij vindt. Grote mensen moeten naar je luisteren.',
        'Je kiest zelf wie jouw tekst leest. Alleen je begeleider leest hem altijd.',
        'Ben je 12 jaar of ouder? Dan mag je de rechter zelf vertellen wat jij vindt.',
        'Ben je jonger? Dan mag je de rechter een brief schrijven.',
        'Je mag je ouders zien of spreken, als dat veilig is.',
        'Niemand mag je pijn doen. Gebeurt het toch? Vertel het aan iemand die je vertrouwt.',
        'Ben je het ergens niet mee eens? Dan mag je klagen. Een vertrouwenspersoon helpt je daarbij.',
      ],
    },
  ],
  helplines: [
    helpline('kindertelefoon', 'De Kindertelefoon',
      'Praat over alles wat je dwarszit. Bellen en chatten is gratis. Je hoeft je naam niet te zeggen.',
      'Elke dag van 11 tot 21 uur.'),
    helpline('akj', 'Vertrouwenspersoon van het AKJ',
      'Heb je hulp van jeugdzorg of een voogd? Een vertrouwenspersoon helpt je. Ook als je wilt klagen. Het is gratis.',
      'Bel, app of mail. Kijk op de website wanneer.'),
    helpline('veilig-thuis', 'Veilig Thuis',
      'Is het thuis niet veilig? Of maak je je zorgen om iemand? Bel gratis.',
      'Dag en nacht.'),
    helpline('kinderombudsman', 'De Kinderombudsman',
      'Vind je dat grote mensen niet eerlijk met je omgaan? Vertel het de Kinderombudsman.',
      'Via de website.'),
  ],
  emergency: 'Ben je nu in gevaar? Bel 112.',
};

const en: Checklist = {
  language: 'en',
  title: 'What happens now? A list for you',
  intro: 'A lot is going on in your family. That is not easy. Here you can read what happens. And what you can do.',
  sections: [
    {
      key: 'now',
      title: 'What happens now?',
      items: [
        'You may live somewhere else now. For example with a foster family or in a family home.',
        'Grown-ups talk about what is good for you. You can say what you think too.',
        'Your parents get help from a counsellor. That counsellor wants to listen to you too.',
        'It is not your fault. Whatever happened.',
        'You can ask anything. Even if you asked it before.',
        'You can be angry, or sad. Or both. That is normal.',
      ],
    },
    {
      key: 'talk',
      title: 'Who can I talk to?',
      items: [
        'Your counsellor. They always read what you write here.',
        'Your guardian, if you have one. A guardian helps decide what is good for you.',
        'Someone at school. For example your teacher or your mentor.',
        'The Kindertelefoon, the children’s helpline. Calls and chats are free. You do not have to give your name.',
        'A person you can trust, from the AKJ. They are there only for you. They help when you do not agree with something.',
      ],
    },
    {
      key: 'rights',
      title: 'What can I do? These are your rights',
      items: [
        'You can say what you think. Grown-ups must listen to you.',
        'You choose who reads your text. Only your counsellor always reads it.',
        'Are you 12 or older? Then you can tell the judge yourself what you think.',
        'Are you younger? Then you can write the judge a letter.',
        'You can see or talk to your parents, if that is safe.',
        'Nobody may hurt you. If it happens, tell someone you trust.',
        'Do you not agree with something? Then you can complain. A person you can trust helps you with that.',
      ],
    },
  ],
  helplines: [
    helpline('kindertelefoon', 'De Kindertelefoon (children’s helpline)',
      'Talk about anything that bothers you. Calls and chats are free. You do not have to give your name.',
      'Every day from 11 am to 9 pm.'),
    helpline('akj', 'AKJ: a person you can trust',
      'Do you get help from youth care or a guardian? A person from the AKJ helps you. Also if you want to complain. It is free.',
      'Call, text or mail. See the website for when.'),
    helpline('veilig-thuis', 'Veilig Thuis (safe at home)',
      'Is it not safe at home? Or are you worried about someone? Call for free.',
      'Day and night.'),
    helpline('kinderombudsman', 'De Kinderombudsman (children’s ombudsman)',
      'Do you think grown-ups are not fair to you? Tell the Kinderombudsman.',
      'On the website.'),
  ],
  emergency: 'Are you in danger right now? Call 112.',
};

export const CHECKLISTS: Record<ChecklistLanguage, Checklist> = { nl, en };

/** Every text of a checklist a child reads, for the readability check. */
export function checklistTexts(checklist: Checklist): string[] {
  return [
    checklist.title, checklist.intro, checklist.emergency,
    ...checklist.sections.flatMap((s) => [s.title, ...s.items]),
    ...checklist.helplines.flatMap((h) => [h.about, h.when]),
  ];
}

/**
 * The review the domain notes ask for ("anything a child sees must be fit for a child"; plain B1
 * language, warm, never bureaucratic; explain words such as *voogd* where they are met). The spec
 * fails when the content changes and this record still names the old content's hash: change the
 * text, have it read again against these points, then update `contentSha256`.
 */
export const CHECKLIST_REVIEW = {
  reviewedOn: '2026-12-06',
  reviewedBy: 'issue 20 author, second reading against /work/shared/domain.md; to be read again with a counsellor and a child of the target group before production',
  checked: [
    'spoken to with je/you, never u; warm, never bureaucratic; no passive voice',
    'explains the words a child meets (voogd, vertrouwenspersoon, pleeggezin/gezinshuis in context)',
    'says it is not the child’s fault, and that feelings are allowed',
    'says who reads the child’s own text: the counsellor always, others only when the child chooses',
    'names real public helplines with free numbers, and 112 for danger',
    'no promises the team cannot keep (the judge: from 12 a talk, younger a letter)',
  ],
  contentSha256: '869881c4193196b43800c6f89e7ef33ead41a854dc48a8c3d355f47b9c957afb',
} as const;
