/** The terms in brief: in the shell's terms dialog too, so kept apart from the public pages' text (which loads with those pages). */
export const TERMS_SUMMARY = [
  'Ignition is a personal tool: use it for your own focus, habits, training, learning and reading.',
  'You must be 16 or older to create an account.',
  'Your data is yours. You can download all of it or delete your account at any time from Settings.',
  'XP, coins, levels and market rewards have no money value and cannot be exchanged for anything outside the app.',
  'Do not try to break into other people’s accounts or overload the service; accounts that do are closed.',
  'The service is provided as is; keep your own export if the data matters to you.',
];
