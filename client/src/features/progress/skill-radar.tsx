import type { Economy } from '../../sync/progress.ts';

/** The five skills as a radar: each spoke is a skill's level out of its max level, in its colour. */
export function SkillRadar({ skills }: { skills: Economy['skills'] }) {
  const size = 260;
  const c = size / 2;
  const r = c - 40;
  const angle = (i: number) => -Math.PI / 2 + (i * 2 * Math.PI) / skills.length;
  const point = (i: number, f: number) => [c + Math.cos(angle(i)) * r * f, c + Math.sin(angle(i)) * r * f] as const;
  const shape = skills.map((s, i) => point(i, Math.max(0.04, (s.level - 1 + s.fraction) / Math.max(1, s.maxLevel - 1))).join(',')).join(' ');
  return (
    <svg className="radar" viewBox={`0 0 ${size} ${size}`} role="img" aria-label={skills.map((s) => `${s.name} level ${s.level} of ${s.maxLevel}`).join(', ')}>
      {[0.25, 0.5, 0.75, 1].map((f) => (
        <polygon key={f} points={skills.map((_, i) => point(i, f).join(',')).join(' ')} fill="none" stroke="var(--border)" />
      ))}
      {skills.map((s, i) => {
        const [x, y] = point(i, 1);
        const [lx, ly] = point(i, 1.2);
        return (
          <g key={s.id}>
            <line x1={c} y1={c} x2={x} y2={y} stroke="var(--border)" />
            <text x={lx} y={ly} textAnchor="middle" dominantBaseline="middle" fontSize="11" fill={s.color} fontWeight={700}>
              {s.name} {s.level}
            </text>
          </g>
        );
      })}
      <polygon points={shape} fill="var(--accent)" fillOpacity={0.25} stroke="var(--accent)" strokeWidth={2} />
      {skills.map((s, i) => {
        const [x, y] = point(i, Math.max(0.04, (s.level - 1 + s.fraction) / Math.max(1, s.maxLevel - 1)));
        return <circle key={s.id} cx={x} cy={y} r={4} fill={s.color} />;
      })}
    </svg>
  );
}
