export { RemindersPanel } from './reminders-panel.tsx';
export { listenToServiceWorker } from './sw-messages.ts';
export { cancelServerTimer, setServerTimer } from './push-client.ts';
