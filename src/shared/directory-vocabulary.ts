/**
 * The help directory's themes (api.md, "The help directory"): what kind of help a service gives.
 * Shared by the server (validation, HSDS taxonomy terms) and the web client (the theme filter).
 */
export const DIRECTORY_THEMES = [
  'housing', 'debts_and_money', 'legal_aid', 'parenting_support', 'mental_health',
  'peer_support', 'children_and_youth', 'contact_with_children', 'work_and_income', 'other',
] as const;
export type DirectoryTheme = (typeof DIRECTORY_THEMES)[number];

/** The longest free-text search the directory accepts (characters). */
export const DIRECTORY_QUERY_MAX = 200;
