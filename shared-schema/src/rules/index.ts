export * from './levels.ts';
export * from './rewards.ts';
export * from './streaks.ts';
export * from './quests.ts';
export * from './fitness.ts';
export * from './focus.ts';
export * from './srs.ts';
export * from './reading.ts';
