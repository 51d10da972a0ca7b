import type { TestApp } from '../test-app.ts';
import type { AuthzEntry } from './types.ts';

async function deckOf(t: TestApp, a: string) {
  const res = await t.req('/api/learn/decks', { cookie: a, body: { title: 'Owner deck' } });
  return ((await res.json()) as { deck: { id: string } }).deck.id;
}

async function cardOf(t: TestApp, a: string) {
  const deckId = await deckOf(t, a);
  const res = await t.req(`/api/learn/decks/${deckId}/cards`, { cookie: a, body: { cards: [{ front: 'Owner front', back: 'Owner back' }] } });
  return { deckId, cardId: ((await res.json()) as { cards: Array<{ id: string }> }).cards[0].id };
}

const entries: AuthzEntry[] = [
  { method: 'GET', path: '/api/learn/courses', access: 'user' },
  { method: 'GET', path: '/api/learn/courses/:id', access: 'user' },
  { method: 'POST', path: '/api/learn/lessons/:id/complete', access: 'user' },
  { method: 'GET', path: '/api/learn/decks', access: 'user' },
  { method: 'POST', path: '/api/learn/decks', access: 'user', body: { title: 'Matrix deck' } },
  {
    method: 'GET',
    path: '/api/learn/decks/:id',
    access: 'user',
    foreign: async (t, a) => {
      const id = await deckOf(t, a);
      return { path: `/api/learn/decks/${id}`, rowTable: 'flashcard_decks', rowId: id };
    },
  },
  {
    method: 'PATCH',
    path: '/api/learn/decks/:id',
    access: 'user',
    body: { title: 'Renamed' },
    foreign: async (t, a) => {
      const id = await deckOf(t, a);
      return { path: `/api/learn/decks/${id}`, body: { title: 'Taken over' }, rowTable: 'flashcard_decks', rowId: id };
    },
  },
  {
    method: 'DELETE',
    path: '/api/learn/decks/:id',
    access: 'user',
    foreign: async (t, a) => {
      const id = await deckOf(t, a);
      return { path: `/api/learn/decks/${id}`, rowTable: 'flashcard_decks', rowId: id };
    },
  },
  {
    method: 'GET',
    path: '/api/learn/decks/:id/cards',
    access: 'user',
    foreign: async (t, a) => {
      const { deckId, cardId } = await cardOf(t, a);
      return { path: `/api/learn/decks/${deckId}/cards`, rowTable: 'flashcards', rowId: cardId };
    },
  },
  {
    method: 'POST',
    path: '/api/learn/decks/:id/cards',
    access: 'user',
    body: { cards: [{ front: 'f', back: 'b' }] },
    foreign: async (t, a) => {
      const id = await deckOf(t, a);
      return { path: `/api/learn/decks/${id}/cards`, body: { cards: [{ front: 'Injected', back: 'card' }] }, rowTable: 'flashcard_decks', rowId: id };
    },
  },
  {
    method: 'PATCH',
    path: '/api/learn/cards/:id',
    access: 'user',
    body: { front: 'x' },
    foreign: async (t, a) => {
      const { cardId } = await cardOf(t, a);
      return { path: `/api/learn/cards/${cardId}`, body: { front: 'Taken over' }, rowTable: 'flashcards', rowId: cardId };
    },
  },
  {
    method: 'DELETE',
    path: '/api/learn/cards/:id',
    access: 'user',
    foreign: async (t, a) => {
      const { cardId } = await cardOf(t, a);
      return { path: `/api/learn/cards/${cardId}`, rowTable: 'flashcards', rowId: cardId };
    },
  },
  { method: 'GET', path: '/api/learn/due', access: 'user' },
  {
    method: 'POST',
    path: '/api/learn/reviews',
    access: 'user',
    foreign: async (t, a) => {
      const { cardId } = await cardOf(t, a);
      return { path: '/api/learn/reviews', body: { reviews: [{ card_id: cardId, rating: 'easy' }] }, rowTable: 'flashcards', rowId: cardId };
    },
  },
];

export default entries;
