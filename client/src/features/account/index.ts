// What other features may use of the account area (the lint allows only this file across features).
export { AccountPanel } from './account-panel.tsx';
