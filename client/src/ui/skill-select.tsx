import type { SelectHTMLAttributes } from 'react';
import { SKILLS } from '@ignition/shared/rules/levels.ts';

/** The five skills as a select, for every form that names the skill a thing grows. */
export function SkillSelect({ value, onChange, ...rest }: { value: string; onChange: (skill: string) => void } & Omit<SelectHTMLAttributes<HTMLSelectElement>, 'value' | 'onChange'>) {
  return (
    <select value={value} onChange={(e) => onChange(e.target.value)} {...rest}>
      {SKILLS.map((s) => (
        <option key={s} value={s}>
          {s[0].toUpperCase() + s.slice(1)}
        </option>
      ))}
    </select>
  );
}
