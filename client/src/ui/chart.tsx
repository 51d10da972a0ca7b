import { lazy, Suspense } from 'react';
import type { ChartProps } from './chart-canvas.tsx';

export type { ChartProps, ChartSeries } from './chart-canvas.tsx';

/** uPlot is loaded only by screens that draw a chart, so it never weighs on the first paint. */
const ChartCanvas = lazy(() => import('./chart-canvas.tsx'));

/**
 * A line or bar chart over time (x in unix seconds, or plain numbers when `xIsTime` is false).
 * Shows `empty` instead of an empty plot when there is no data.
 */
export function Chart(props: ChartProps & { empty?: string }) {
  const hasData = props.x.length > 0 && props.series.some((s) => s.values.some((v) => v != null && v !== 0));
  if (!hasData) return <p className="muted chart-empty">{props.empty ?? 'Nothing to chart yet.'}</p>;
  return (
    <figure className="chart" aria-label={props.title}>
      {props.title && <figcaption className="small muted">{props.title}</figcaption>}
      <Suspense fallback={<div className="chart-loading" style={{ height: props.height ?? 200 }} />}>
        <ChartCanvas {...props} />
      </Suspense>
    </figure>
  );
}
