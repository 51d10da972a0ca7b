// What other features may use of quests (the lint allows only this file across features).
export { QuestCard } from './quest-card.tsx';
