export { RemindersPanel } from './reminders-panel.tsx';
export { listenToServiceWorker } from './sw-messages.ts';
