import { useState, type FormEvent } from 'react';
import { useLocation } from 'wouter';
import { RECIPE_CATEGORIES, RECIPE_LIMITS as L } from '@ignition/shared/rules/recipes.ts';
import { PageHeader } from '../../ui/empty-state.tsx';
import { FormFooter } from '../../ui/form-footer.tsx';
import { notify } from '../../ui/notices.tsx';
import { moveStep, saveRecipe, type RecipeView } from './recipes-data.ts';
import { formatTimer, parseTimer } from './recipe-format.ts';

interface StepDraft {
  key: number;
  text: string;
  timer: string;
}

let keys = 0;
const stepDraft = (text = '', timer_s: number | null = null): StepDraft => ({ key: ++keys, text, timer: timer_s ? formatTimer(timer_s) : '' });

/** Writes a personal recipe: name, category, tags, servings, duration, ingredients and ordered steps (markdown, optional timer). */
export function RecipeEditor({ recipe }: { recipe?: RecipeView }) {
  const [, navigate] = useLocation();
  const [title, setTitle] = useState(recipe?.title ?? '');
  const [description, setDescription] = useState(recipe?.description ?? '');
  const [category, setCategory] = useState(recipe?.category ?? '');
  const [tags, setTags] = useState(recipe?.tags.join(', ') ?? '');
  const [servings, setServings] = useState(recipe?.servings ? String(recipe.servings) : '');
  const [duration, setDuration] = useState(recipe?.duration_minutes ? String(recipe.duration_minutes) : '');
  const [ingredients, setIngredients] = useState(recipe?.ingredients ?? '');
  const [steps, setSteps] = useState<StepDraft[]>(() => (recipe?.steps.length ? recipe.steps.map((s) => stepDraft(s.text, s.timer_s ?? null)) : [stepDraft()]));
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const setStep = (i: number, patch: Partial<StepDraft>) => setSteps(steps.map((s, j) => (j === i ? { ...s, ...patch } : s)));
  const move = (i: number, by: -1 | 1) => setSteps(moveStep(steps, i, by));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    if (!title.trim()) return setError('Give the recipe a name.');
    const filled = steps.filter((s) => s.text.trim());
    if (!filled.length) return setError('Write at least one step.');
    const timers = filled.map((s) => parseTimer(s.timer));
    const bad = timers.findIndex((t) => t === undefined);
    if (bad >= 0) return setError(`Step ${steps.indexOf(filled[bad]) + 1}: write the timer like 5, 90s or 1:30 (up to 24 hours).`);
    const tagList = [...new Set(tags.split(',').map((t) => t.trim()).filter(Boolean))];
    if (tagList.length > L.tags || tagList.some((t) => t.length > L.tag)) return setError(`At most ${L.tags} tags of up to ${L.tag} characters.`);
    const n = (v: string) => (v.trim() ? Math.round(Number(v)) : null);
    if (servings && !(Number(servings) >= 1 && Number(servings) <= L.servings)) return setError('Servings must be a whole number from 1 to 1000.');
    setBusy(true);
    try {
      const id = await saveRecipe(
        {
          title: title.trim(),
          description: description.trim() || null,
          category: category.trim() || null,
          tags: tagList,
          servings: n(servings),
          duration_minutes: n(duration),
          ingredients: ingredients.trim() || null,
          steps: filled.map((s, i) => ({ text: s.text.trim(), timer_s: timers[i] ?? null })),
        },
        recipe?.id,
      );
      notify(recipe ? 'Recipe saved' : 'Recipe created', 'success');
      navigate(`/${id}`);
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="stack recipe-editor" onSubmit={submit} aria-label={recipe ? 'Edit recipe' : 'New recipe'}>
      <PageHeader title={recipe ? `Edit “${recipe.title}”` : 'New recipe'} subtitle="Steps are markdown. A step with a timer gets a countdown in follow mode." />
      <div className="card stack">
        <label>
          Name
          <input value={title} onChange={(e) => setTitle(e.target.value)} maxLength={L.title} required autoFocus placeholder="e.g. Sunday reset" />
        </label>
        <label>
          Short description (optional)
          <input value={description} onChange={(e) => setDescription(e.target.value)} maxLength={L.description} />
        </label>
        <div className="recipe-editor__grid">
          <label>
            Category
            <input value={category} onChange={(e) => setCategory(e.target.value)} maxLength={L.category} list="recipe-categories" />
            <datalist id="recipe-categories">
              {RECIPE_CATEGORIES.map((c) => (
                <option key={c} value={c} />
              ))}
            </datalist>
          </label>
          <label>
            Tags (comma separated)
            <input value={tags} onChange={(e) => setTags(e.target.value)} placeholder="quick, dinner" />
          </label>
          <label>
            Servings (optional)
            <input type="number" min={1} max={L.servings} value={servings} onChange={(e) => setServings(e.target.value)} />
          </label>
          <label>
            Minutes (optional)
            <input type="number" min={0} max={L.durationMinutes} value={duration} onChange={(e) => setDuration(e.target.value)} />
          </label>
        </div>
        <label>
          Ingredients or things you need, one per line (quantities written as numbers scale with servings)
          <textarea value={ingredients} onChange={(e) => setIngredients(e.target.value)} rows={4} maxLength={L.ingredients} placeholder={'200 g flour\n1/2 tsp salt'} />
        </label>
      </div>
      <fieldset className="card stack recipe-editor__steps">
        <legend>Steps</legend>
        <ol className="stack">
          {steps.map((s, i) => (
            <li key={s.key} className="recipe-editor__step">
              <label>
                Step {i + 1}
                <textarea value={s.text} onChange={(e) => setStep(i, { text: e.target.value })} rows={3} maxLength={L.stepText} aria-label={`Step ${i + 1} text`} />
              </label>
              <div className="row">
                <label className="check">
                  Timer
                  <input value={s.timer} onChange={(e) => setStep(i, { timer: e.target.value })} placeholder="none" aria-label={`Step ${i + 1} timer`} style={{ width: '6rem' }} />
                </label>
                <button type="button" className="btn btn-small" onClick={() => move(i, -1)} disabled={i === 0} aria-label={`Move step ${i + 1} up`}>
                  ↑
                </button>
                <button type="button" className="btn btn-small" onClick={() => move(i, 1)} disabled={i === steps.length - 1} aria-label={`Move step ${i + 1} down`}>
                  ↓
                </button>
                <button type="button" className="btn btn-small btn-danger" onClick={() => setSteps(steps.length > 1 ? steps.filter((_, j) => j !== i) : [stepDraft()])} aria-label={`Remove step ${i + 1}`}>
                  Remove
                </button>
              </div>
            </li>
          ))}
        </ol>
        <div className="row">
          <button type="button" className="btn" onClick={() => setSteps([...steps, stepDraft()])} disabled={steps.length >= L.steps}>
            Add step
          </button>
        </div>
      </fieldset>
      <FormFooter error={error} busy={busy} submitLabel={recipe ? 'Save recipe' : 'Create recipe'} onCancel={() => navigate(recipe ? `/${recipe.id}` : '/')} />
    </form>
  );
}
