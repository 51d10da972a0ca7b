/**
 * The built-in exercise library: facts from the public-domain Free Exercise DB (Unlicense),
 * turned into rows of the `exercises` table. The short instruction is written from the facts;
 * the dataset's own how-to texts were left out on purpose.
 */
export interface ExerciseFact {
  id: string;
  name: string;
  force: string | null;
  level: string | null;
  mechanic: string | null;
  equipment: string | null;
  primaryMuscles: string[];
  secondaryMuscles: string[];
  category: string;
}

export interface ExerciseRow {
  id: string;
  name: string;
  category: string;
  muscle_groups: string[];
  secondary_muscles: string[];
  equipment: string | null;
  level: string | null;
  force: string | null;
  mechanic: string | null;
  instructions: string;
  is_custom: false;
}

const list = (xs: string[]) => (xs.length <= 1 ? xs.join('') : `${xs.slice(0, -1).join(', ')} and ${xs[xs.length - 1]}`);

export function describeExercise(f: ExerciseFact): string {
  const kind = f.category === 'stretching' ? 'stretch' : f.category === 'cardio' ? 'cardio exercise' : `${f.mechanic ?? ''} ${f.force ?? ''} movement`.replace(/\s+/g, ' ').trim() || 'exercise';
  const tool = !f.equipment || f.equipment === 'body only' ? 'with your body weight' : f.equipment === 'other' ? 'with simple equipment' : `with ${/^[aeiou]/.test(f.equipment) ? 'an' : 'a'} ${f.equipment}`;
  const muscles = list(f.primaryMuscles);
  const helpers = f.secondaryMuscles.length ? `, with help from the ${list(f.secondaryMuscles)}` : '';
  const cue =
    f.category === 'stretching'
      ? 'Ease into the position, breathe slowly and hold without bouncing.'
      : f.category === 'plyometrics'
        ? 'Land softly and reset before each rep.'
        : f.category === 'cardio'
          ? 'Keep a pace you can sustain and breathe steadily.'
          : 'Move through a full, controlled range and stop a rep or two before your form breaks.';
  const level = f.level ? ` Suited to ${f.level === 'expert' ? 'experienced lifters' : `${f.level}s`}.` : '';
  return `A ${kind} for the ${muscles}${helpers}, done ${tool}. ${cue}${level}`.replace(/^A ([aeiou])/i, 'An $1');
}

export function exerciseRow(f: ExerciseFact): ExerciseRow {
  return {
    id: `ex_${f.id}`,
    name: f.name,
    category: f.category,
    muscle_groups: f.primaryMuscles,
    secondary_muscles: f.secondaryMuscles,
    equipment: f.equipment,
    level: f.level,
    force: f.force,
    mechanic: f.mechanic,
    instructions: describeExercise(f),
    is_custom: false,
  };
}
