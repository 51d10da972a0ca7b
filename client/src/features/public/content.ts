/** The words of the public pages, kept apart from layout so the terms dialog can quote them too. */

import { TERMS_SUMMARY } from './terms-summary.ts';

export { TERMS_SUMMARY };

export interface Section {
  heading: string;
  body: string[];
}

export interface PublicPage {
  title: string;
  lead: string;
  sections: Section[];
}

export const PAGES: Record<string, PublicPage> = {
  '/about': {
    title: 'About Ignition',
    lead: 'Ignition turns the things you want to do every day into a game you can win: focus sessions, habits, workouts, lessons, reading and goals all earn XP and coins.',
    sections: [
      {
        heading: 'What it does',
        body: [
          'A focus timer with breaks, a planner with recurring events, daily and weekly quests, habits with streaks, goals with milestones, a workout log with personal records, courses and flashcards with spaced repetition, a journal, and a reading tracker.',
          'Everything you finish earns experience (XP) toward your level and your skills — knowledge, guts, proficiency, kindness and charm — and coins you can spend in your own market on rewards you choose.',
        ],
      },
      {
        heading: 'Offline first',
        body: [
          'Ignition is a progressive web app. It keeps your data in your browser’s storage, so it opens and works without a network: on a plane, in a basement gym, anywhere.',
          'When you sign in, your changes sync to the server in the background and to your other devices. If you edit the same thing on two devices, each field keeps the latest edit.',
        ],
      },
      {
        heading: 'Fair numbers',
        body: [
          'The app shows XP and coins immediately, and the server then checks them with the same rules, so nobody can give themselves a million coins. The rules are the same on every device.',
        ],
      },
    ],
  },
  '/privacy': {
    title: 'Privacy',
    lead: 'Ignition collects only what it needs to sync your progress between your devices, and nothing is sold or shared for advertising.',
    sections: [
      {
        heading: 'What is stored',
        body: [
          'Your account: name, email address, the sign-in provider you used (Google, Microsoft or your organisation’s single sign-on) and its account id, your role, approval state, the version of the terms you accepted, whether you confirmed your age (and the birth date you gave), your time zone, and when you last used the app.',
          'Your content: the focus sessions, events, habits, goals, workouts, cards, journal entries, books and rewards you create, and the XP and coin history earned from them.',
          'Sessions: a random token in an HttpOnly cookie; the server keeps only its SHA-256 hash. Sessions end after 30 days without use.',
          'OAuth access and refresh tokens from your provider are not kept.',
        ],
      },
      {
        heading: 'On your device',
        body: [
          'A copy of your data lives in your browser (IndexedDB) so the app works offline. Signing out keeps it on the device; deleting your account erases it from the device you delete from.',
        ],
      },
      {
        heading: 'Your rights',
        body: [
          'Download everything the server holds about you as one JSON file from Settings → Your data.',
          'Delete your account from Settings → Delete account. Every row is removed from the server at once, every session is signed out, and your other devices are signed out the next time they sync.',
          'The server’s operator (the administrator of this installation) can see the account list to approve new accounts; no one else can see your data.',
        ],
      },
      {
        heading: 'Cookies',
        body: ['One session cookie to keep you signed in, and three short-lived cookies during sign-in to protect it (state, PKCE verifier, nonce). No tracking or advertising cookies.'],
      },
    ],
  },
  '/terms': {
    title: 'Terms of service',
    lead: 'The short version: use Ignition for yourself, be kind to the service, and keep your own export of anything precious.',
    sections: [
      { heading: 'In brief', body: TERMS_SUMMARY },
      {
        heading: 'Accounts',
        body: [
          'You sign in with Google, Microsoft or your organisation’s single sign-on. On installations that require approval, an administrator approves new accounts; until then the app works on your device and sync waits.',
          'When these terms change, the app asks you to accept the new version before it syncs again. Nothing on your device is lost while you decide.',
        ],
      },
      {
        heading: 'Ending',
        body: ['You can delete your account at any time. An administrator may close accounts that abuse the service; you can still export your data first unless the account was used to attack others.'],
      },
    ],
  },
  '/contact': {
    title: 'Contact',
    lead: 'Questions, bug reports and ideas are welcome.',
    sections: [
      {
        heading: 'Who runs this installation',
        body: [
          'Ignition is self-hosted: the person or organisation that gave you this address runs it and approves accounts. Ask them first about access, approval or data requests.',
          'For a problem with the app itself, note what you did, what you expected and what happened, and the app version shown in Settings, and send it to your administrator — it helps them fix it quickly.',
        ],
      },
      {
        heading: 'From inside the app',
        body: [
          'Open Feedback in the menu to report something that broke or suggest an idea. It reaches the administrators of this installation, and you can write it offline: it is kept on your device and sent when you are back online.',
          'For your own data you need no one’s help: Settings lets you download everything the server keeps about you, sign out on every device, remove everything from a shared device, or delete your account.',
        ],
      },
    ],
  },
  '/help': {
    title: 'Help',
    lead: 'Answers to the questions people ask most.',
    sections: [
      {
        heading: 'Do I need an account?',
        body: ['No. Everything works on this device without one. Sign in when you want a backup and sync across devices; what you made before signing in is uploaded then.'],
      },
      {
        heading: 'It says “Offline — saved on this device”',
        body: ['Keep going: your work is stored locally and syncs by itself when the connection returns. The number next to it is how many changes are waiting.'],
      },
      {
        heading: 'It says my session ended',
        body: ['Sessions expire after 30 days without use. Sign in again from Settings; nothing you did in the meantime is lost — it syncs right after you sign in.'],
      },
      {
        heading: 'My XP changed after syncing',
        body: ['The app guesses your XP immediately; the server then applies the official rules (daily caps, minimum focus time, once-a-day journal). The server’s number wins.'],
      },
      {
        heading: 'Install it',
        body: ['In Chrome or Edge choose “Install app”; on iPhone use Share → Add to Home Screen. The installed app opens offline like any other app.'],
      },
    ],
  },
};
