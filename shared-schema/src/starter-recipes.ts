/**
 * Recipes every install starts with (written by us): a dish, a workout warm-up, a weekly review
 * and a focus ritual. Global rows (no owner) with fixed ids: the server seeds them, the client
 * puts the same rows into IndexedDB when missing, so a fresh offline install can follow one and a
 * `recipe_complete` event names the same recipe everywhere. Ids are permanent.
 */
import type { RecipeStep } from './rules/recipes.ts';

export interface StarterRecipe {
  id: string;
  title: string;
  description: string;
  category: string;
  tags: string[];
  servings: number | null;
  duration_minutes: number;
  ingredients: string | null;
  steps: RecipeStep[];
}

export const STARTER_RECIPES: StarterRecipe[] = [
  {
    id: 'recipe-weeknight-pancakes',
    title: 'Weeknight pancakes',
    description: 'Fluffy pancakes from the cupboard in twenty minutes.',
    category: 'cooking',
    tags: ['breakfast', 'quick', 'vegetarian'],
    servings: 4,
    duration_minutes: 20,
    ingredients: '200 g flour\n2 tsp baking powder\n1/2 tsp salt\n1 1/2 tbsp sugar\n300 ml milk\n2 eggs\n30 g butter, melted\nbutter or oil for the pan',
    steps: [
      { text: 'Whisk the **flour, baking powder, salt and sugar** in a large bowl.' },
      { text: 'In a jug, beat the **milk, eggs and melted butter** together.' },
      { text: 'Pour the wet into the dry and stir until *just* combined — a few lumps are fine. Let the batter rest.', timer_s: 300 },
      { text: 'Heat a pan over medium heat and brush it with a little butter or oil.' },
      { text: 'Pour a small ladle of batter per pancake. Cook until bubbles appear on top and the edges look dry.', timer_s: 120 },
      { text: 'Flip and cook the other side until golden.', timer_s: 60 },
      { text: 'Keep them warm under a tea towel while you cook the rest. Serve with fruit, yoghurt or syrup.' },
    ],
  },
  {
    id: 'recipe-workout-warmup',
    title: 'Ten-minute workout warm-up',
    description: 'Raise your pulse and open the joints before any strength or cardio session.',
    category: 'fitness',
    tags: ['warm-up', 'mobility', 'no equipment'],
    servings: null,
    duration_minutes: 10,
    ingredients: null,
    steps: [
      { text: 'Easy cardio: march or jog on the spot, skipping with no rope, or a brisk walk.', timer_s: 120 },
      { text: '**Arm circles**: 10 forwards, 10 backwards, small to big.', timer_s: 45 },
      { text: '**Hip circles** and **leg swings**: 10 each side, holding a wall if you need to.', timer_s: 60 },
      { text: '**Bodyweight squats**: 10 slow reps, sitting back and keeping your chest up.', timer_s: 60 },
      { text: "**World's greatest stretch**: lunge forward, elbow to the instep, rotate the arm up. 5 per side.", timer_s: 90 },
      { text: '**Inchworms**: walk the hands out to a plank and back. 5 reps.', timer_s: 60 },
      { text: 'Two lighter **ramp-up sets** of your first exercise. You are ready.' },
    ],
  },
  {
    id: 'recipe-weekly-review',
    title: 'Weekly review',
    description: 'Thirty minutes on a Sunday that make the next week calmer: close loops, look back, plan ahead.',
    category: 'review',
    tags: ['planning', 'weekly', 'reflection'],
    servings: null,
    duration_minutes: 30,
    ingredients: null,
    steps: [
      { text: 'Clear the inboxes: notes, messages, the paper on your desk. Capture every open loop as a task.', timer_s: 600 },
      { text: 'Look back at the **last week** in your planner and on Progress. What went well? What did not happen?' },
      { text: 'Write three lines in your journal: a win, a lesson, one thing to change.', timer_s: 300 },
      { text: 'Check your **goals**: is each one still wanted? Pick the next milestone for the one that matters most.' },
      { text: "Look at **next week's** calendar. Block time for the deep work and the workouts before the week fills up.", timer_s: 600 },
      { text: "Choose the week's **top three** outcomes and write them where you will see them." },
    ],
  },
  {
    id: 'recipe-focus-ritual',
    title: 'Focus ritual',
    description: 'A short routine that takes you from scattered to deep work, every time the same way.',
    category: 'focus',
    tags: ['deep work', 'routine', 'short'],
    servings: null,
    duration_minutes: 8,
    ingredients: null,
    steps: [
      { text: 'Clear the desk and put your phone in another room (or face down, on silent).' },
      { text: 'Fill a glass of water. Close every tab and app this session does not need.' },
      { text: 'Write **one sentence**: what will be true when this session ends?' },
      { text: 'Breathe: in for four, hold for four, out for four, hold for four.', timer_s: 120 },
      { text: 'Start a focus session and begin with the smallest next action. Go.' },
    ],
  },
];

/** The rows the server and the client store for the starter recipes. */
export function starterRecipeRows() {
  const created_at = '2026-01-01T00:00:00.000Z';
  return STARTER_RECIPES.map((r) => ({
    id: r.id,
    user_id: null as string | null,
    title: r.title,
    description: r.description,
    category: r.category,
    tags: r.tags,
    servings: r.servings,
    duration_minutes: r.duration_minutes,
    ingredients: r.ingredients,
    instructions: null as string | null,
    steps: r.steps.map((s) => ({ text: s.text, timer_s: s.timer_s ?? null })),
    is_global: 1,
    created_at,
    updated_at: created_at,
  }));
}
