// What other features may use of the public pages (the lint allows only this file across features).
export { PublicFooter } from './footer.tsx';
export { TERMS_SUMMARY } from './terms-summary.ts';
