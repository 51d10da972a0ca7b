import { useState, type FormEvent } from 'react';
import { Link } from 'wouter';
import { notify } from '../../ui/notices.tsx';
import { createCustomExercise } from './library.ts';
import { ExerciseSearch, describeMuscles } from './exercise-picker.tsx';

const CATEGORIES = ['strength', 'cardio', 'stretching', 'plyometrics', 'powerlifting', 'olympic weightlifting', 'strongman'];
const MUSCLES = ['abdominals', 'abductors', 'adductors', 'biceps', 'calves', 'chest', 'forearms', 'glutes', 'hamstrings', 'lats', 'lower back', 'middle back', 'neck', 'quadriceps', 'shoulders', 'traps', 'triceps'];
const EQUIPMENT = ['barbell', 'dumbbell', 'kettlebells', 'cable', 'machine', 'bands', 'body only', 'e-z curl bar', 'exercise ball', 'foam roll', 'medicine ball', 'other'];

function CustomExerciseForm({ onDone }: { onDone: () => void }) {
  const [name, setName] = useState('');
  const [category, setCategory] = useState('strength');
  const [muscle, setMuscle] = useState('chest');
  const [equipment, setEquipment] = useState('barbell');
  const [instructions, setInstructions] = useState('');
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!name.trim()) return setError('Give the exercise a name');
    await createCustomExercise({ name, category, muscle, equipment, instructions });
    notify(`“${name.trim()}” added to your library`, 'success');
    onDone();
  };
  return (
    <form className="form card" onSubmit={submit} aria-label="New exercise">
      <label>
        Name
        <input value={name} onChange={(e) => setName(e.target.value)} maxLength={100} autoFocus name="custom-exercise-name" />
      </label>
      <div className="form-row">
        <label>
          Category
          <select value={category} onChange={(e) => setCategory(e.target.value)}>
            {CATEGORIES.map((c) => (
              <option key={c}>{c}</option>
            ))}
          </select>
        </label>
        <label>
          Main muscle
          <select value={muscle} onChange={(e) => setMuscle(e.target.value)}>
            {MUSCLES.map((c) => (
              <option key={c}>{c}</option>
            ))}
          </select>
        </label>
        <label>
          Equipment
          <select value={equipment} onChange={(e) => setEquipment(e.target.value)}>
            {EQUIPMENT.map((c) => (
              <option key={c}>{c}</option>
            ))}
          </select>
        </label>
      </div>
      <label>
        How to do it (optional)
        <textarea value={instructions} onChange={(e) => setInstructions(e.target.value)} maxLength={2000} rows={2} />
      </label>
      {error && <p className="error-text">{error}</p>}
      <div className="row">
        <button className="btn btn-primary" type="submit">
          Add exercise
        </button>
        <button className="btn" type="button" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}

export function LibraryView() {
  const [adding, setAdding] = useState(false);
  return (
    <div className="stack">
      <div className="spread">
        <p className="muted small">873 exercises from the public-domain Free Exercise DB, plus your own.</p>
        {!adding && (
          <button className="btn" type="button" onClick={() => setAdding(true)}>
            + Your own exercise
          </button>
        )}
      </div>
      {adding && <CustomExerciseForm onDone={() => setAdding(false)} />}
      <ExerciseSearch
        render={(e) => (
          <details className="card exercise-detail">
            <summary>
              <strong>{String(e.name)}</strong> {e.is_custom ? <span className="badge">Yours</span> : null}
              <span className="small muted"> {String(e.category ?? '')} · {describeMuscles(e)}</span>
            </summary>
            {e.instructions ? <p>{String(e.instructions)}</p> : null}
            <Link href={`/history/exercise/${e.id}`} className="btn btn-small">
              History and records
            </Link>
          </details>
        )}
      />
    </div>
  );
}
