// What other features may use of the market (the lint allows only this file across features).
export { isPersonalReward } from './market-actions.ts';
