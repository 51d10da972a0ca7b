import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useMemo, useState } from 'react';
import { Link, Route, Switch, useLocation, useParams } from 'wouter';
import { scaleIngredients } from '@ignition/shared/rules/recipes.ts';
import { db } from '../../db/db.ts';
import { EmptyState, PageHeader } from '../../ui/empty-state.tsx';
import { Markdown } from '../../ui/markdown.tsx';
import { notify } from '../../ui/notices.tsx';
import { categoriesOf, copyRecipe, deleteRecipe, ensureStarterRecipes, filterRecipes, recipeViews, setMark, tagsIn, type RecipeFilter, type RecipeView } from './recipes-data.ts';
import { RecipeEditor } from './recipe-editor.tsx';
import { FollowMode } from './follow-mode.tsx';
import { formatTimer } from './recipe-format.ts';
import './recipes.css';

/** Every recipe this device holds (global and personal) with the person's marks, live. */
export function useRecipes(): RecipeView[] | undefined {
  return useLiveQuery(async () => recipeViews(await db.recipes.toArray(), await db.recipe_marks.toArray()), []);
}

/** Recipes: step-by-step guides (cooking, warm-ups, reviews, rituals), followed one step at a time, under `/recipes`. */
export default function RecipesPage() {
  useEffect(() => {
    void ensureStarterRecipes().catch(() => undefined);
  }, []);
  return (
    <section className="page recipes">
      <Switch>
        <Route path="/" component={RecipeList} />
        <Route path="/new">{() => <RecipeEditor />}</Route>
        <Route path="/:id/edit" component={EditRoute} />
        <Route path="/:id/follow" component={FollowRoute} />
        <Route path="/:id" component={RecipeDetail} />
      </Switch>
    </section>
  );
}

function useRecipe(): { recipe: RecipeView | undefined; loading: boolean } {
  const { id } = useParams<{ id: string }>();
  const list = useRecipes();
  return { recipe: list?.find((r) => r.id === id), loading: list === undefined };
}

function Missing() {
  return (
    <EmptyState icon="🧭" title="Recipe not found" action={<Link href="/">All recipes</Link>}>
      It may have been deleted on another device.
    </EmptyState>
  );
}

function EditRoute() {
  const { recipe, loading } = useRecipe();
  if (loading) return null;
  if (!recipe || recipe.global) return <Missing />;
  return <RecipeEditor recipe={recipe} />;
}

function FollowRoute() {
  const { recipe, loading } = useRecipe();
  if (loading) return null;
  return recipe ? <FollowMode recipe={recipe} /> : <Missing />;
}

const SHOW: Array<[NonNullable<RecipeFilter['show']>, string]> = [
  ['all', 'All'],
  ['favorites', 'Favourites'],
  ['saved', 'Saved'],
  ['mine', 'Mine'],
];

export function FavouriteButton({ recipe }: { recipe: RecipeView }) {
  return (
    <button
      type="button"
      className={`btn btn-small recipe-star${recipe.favorite ? ' on' : ''}`}
      aria-pressed={recipe.favorite}
      aria-label={recipe.favorite ? `Remove ${recipe.title} from favourites` : `Add ${recipe.title} to favourites`}
      onClick={() => void setMark(recipe, 'favorite', !recipe.favorite)}
    >
      {recipe.favorite ? '★' : '☆'}
    </button>
  );
}

function RecipeList() {
  const list = useRecipes();
  const [filter, setFilter] = useState<RecipeFilter>({ show: 'all' });
  const shown = useMemo(() => (list ? filterRecipes(list, filter) : []), [list, filter]);
  if (!list) return null;
  const categories = categoriesOf(list);
  const tags = tagsIn(list);
  const filtered = !!(filter.category || filter.tag || filter.q || filter.show !== 'all');
  return (
    <div className="stack">
      <PageHeader
        title="Recipes"
        subtitle="Step-by-step guides — a dish, a warm-up, a weekly review — followed one step at a time, with timers that keep running when the screen is off."
        actions={
          <Link className="btn btn-primary" href="/new">
            New recipe
          </Link>
        }
      />
      <div className="recipe-filters row" role="search">
        <input type="search" placeholder="Search recipes" aria-label="Search recipes" value={filter.q ?? ''} onChange={(e) => setFilter({ ...filter, q: e.target.value })} />
        <select aria-label="Category" value={filter.category ?? ''} onChange={(e) => setFilter({ ...filter, category: e.target.value || undefined })}>
          <option value="">All categories</option>
          {categories.map((c) => (
            <option key={c} value={c}>
              {c}
            </option>
          ))}
        </select>
        <select aria-label="Tag" value={filter.tag ?? ''} onChange={(e) => setFilter({ ...filter, tag: e.target.value || undefined })}>
          <option value="">All tags</option>
          {tags.map((t) => (
            <option key={t} value={t}>
              #{t}
            </option>
          ))}
        </select>
      </div>
      <nav className="tabs" aria-label="Show">
        {SHOW.map(([v, label]) => (
          <button key={v} type="button" className={filter.show === v ? 'active' : undefined} aria-pressed={filter.show === v} onClick={() => setFilter({ ...filter, show: v })}>
            {label}
          </button>
        ))}
      </nav>
      {shown.length === 0 ? (
        filtered ? (
          <EmptyState icon="🔎" title="No recipe matches" action={<button className="btn" type="button" onClick={() => setFilter({ show: 'all' })}>Clear the filters</button>}>
            {filter.show === 'favorites' ? 'Star a recipe to find it here.' : filter.show === 'saved' ? 'Save a recipe to keep it here.' : filter.show === 'mine' ? 'Recipes you write yourself appear here.' : 'Try another word, category or tag.'}
          </EmptyState>
        ) : (
          <EmptyState icon="📋" title="No recipes yet" action={<Link className="btn btn-primary" href="/new">Write your first recipe</Link>}>
            A recipe is any routine worth doing the same way each time: a dish, a warm-up, a shutdown ritual.
          </EmptyState>
        )
      ) : (
        <ul className="list recipe-list" aria-label="Recipes">
          {shown.map((r) => (
            <li key={r.id} className="recipe-item">
              <div className="recipe-item__main">
                <Link href={`/${r.id}`} className="recipe-item__title">
                  {r.title}
                </Link>
                <div className="row small muted">
                  {r.category && <span className="badge">{r.category}</span>}
                  <span>
                    {r.steps.length} step{r.steps.length === 1 ? '' : 's'}
                  </span>
                  {r.duration_minutes ? <span>· {r.duration_minutes} min</span> : null}
                  {r.global ? <span>· from Ignition</span> : <span>· yours</span>}
                  {r.saved && <span className="badge badge-ok">saved</span>}
                  {r.tags.map((t) => (
                    <span key={t} className="recipe-tag">
                      #{t}
                    </span>
                  ))}
                </div>
              </div>
              <div className="row">
                <FavouriteButton recipe={r} />
                <Link className="btn btn-small" href={`/${r.id}/follow`} aria-label={`Follow ${r.title}`}>
                  Follow
                </Link>
              </div>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function RecipeDetail() {
  const { recipe, loading } = useRecipe();
  const [servings, setServings] = useState<number | null>(null);
  const [, navigate] = useLocation();
  const run = useLiveQuery(() => (recipe ? db.recipe_runs.get(recipe.id) : undefined), [recipe?.id]);
  if (loading) return null;
  if (!recipe) return <Missing />;
  const want = servings ?? recipe.servings;
  const remove = async () => {
    if (!confirm(`Delete “${recipe.title}”?`)) return;
    await deleteRecipe(recipe);
    notify(`Deleted “${recipe.title}”`);
    navigate('/');
  };
  return (
    <article className="stack recipe-detail">
      <PageHeader
        title={recipe.title}
        subtitle={recipe.description || undefined}
        actions={
          <>
            <FavouriteButton recipe={recipe} />
            <button type="button" className="btn btn-small" aria-pressed={recipe.saved} onClick={() => void setMark(recipe, 'saved', !recipe.saved).then(() => notify(recipe.saved ? 'Removed from saved' : 'Saved'))}>
              {recipe.saved ? 'Saved ✓' : 'Save'}
            </button>
            {recipe.global ? (
              <button type="button" className="btn btn-small" onClick={() => void copyRecipe(recipe).then((id) => navigate(`/${id}/edit`))}>
                Make a copy
              </button>
            ) : (
              <>
                <Link className="btn btn-small" href={`/${recipe.id}/edit`}>
                  Edit
                </Link>
                <button type="button" className="btn btn-small btn-danger" onClick={() => void remove()}>
                  Delete
                </button>
              </>
            )}
          </>
        }
      />
      <div className="row small muted">
        {recipe.category && <span className="badge">{recipe.category}</span>}
        {recipe.duration_minutes ? <span>{recipe.duration_minutes} min</span> : null}
        {recipe.tags.map((t) => (
          <span key={t} className="recipe-tag">
            #{t}
          </span>
        ))}
      </div>
      <div className="row">
        <Link className="btn btn-primary btn-big" href={`/${recipe.id}/follow`}>
          {run ? `Continue (step ${run.step + 1})` : 'Start following'}
        </Link>
      </div>
      {recipe.ingredients && (
        <section className="card stack" aria-label="Ingredients">
          <div className="row">
            <h2 className="card-title">You need</h2>
            {recipe.servings ? (
              <label className="check">
                Servings
                <input type="number" min={1} max={1000} value={want ?? ''} onChange={(e) => setServings(Math.max(1, Number(e.target.value) || 1))} aria-label="Servings" style={{ width: '5rem' }} />
              </label>
            ) : null}
          </div>
          <ul className="recipe-ingredients">
            {scaleIngredients(recipe.ingredients, recipe.servings, want ?? recipe.servings ?? 1)
              .split('\n')
              .filter((l) => l.trim())
              .map((l, i) => (
                <li key={i}>{l}</li>
              ))}
          </ul>
        </section>
      )}
      <section className="stack" aria-label="Steps">
        <h2 className="card-title">Steps</h2>
        <ol className="recipe-steps">
          {recipe.steps.map((s, i) => (
            <li key={i}>
              <Markdown text={s.text} />
              {s.timer_s ? <span className="badge">⏱ {formatTimer(s.timer_s)}</span> : null}
            </li>
          ))}
        </ol>
      </section>
    </article>
  );
}
