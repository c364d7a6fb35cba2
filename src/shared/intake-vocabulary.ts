/** The intake's vocabulary (registrations), shared by the server and the web client like ./case-vocabulary.ts. */
export const REGISTRATION_ROUTES = ['parent', 'child', 'professional', 'other'] as const;
export type RegistrationRoute = (typeof REGISTRATION_ROUTES)[number];

export const REGISTRANT_TYPES = ['mother', 'father', 'both_parents', 'child', 'professional', 'other'] as const;
export type RegistrantType = (typeof REGISTRANT_TYPES)[number];

/** How a registration reached the team: `web` for the public form, the others when a coordinator enters it. */
export const REGISTRATION_CHANNELS = ['web', 'phone', 'email', 'letter', 'in_person', 'other'] as const;
export type RegistrationChannel = (typeof REGISTRATION_CHANNELS)[number];
export const ENTERED_CHANNELS = REGISTRATION_CHANNELS.filter((c) => c !== 'web');

export const REGISTRATION_STATUSES = [
  'new', 'contacted', 'welcome_planned', 'in_guidance', 'out_of_scope', 'closed', 'dormant', 'not_started',
] as const;
export type RegistrationStatus = (typeof REGISTRATION_STATUSES)[number];
