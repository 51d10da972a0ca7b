import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

export interface ChartSeries {
  label: string;
  values: (number | null)[];
  color?: string;
  /** draw as bars instead of a line */
  bars?: boolean;
}

export interface ChartProps {
  title?: string;
  /** x values: unix seconds when `xIsTime` (the default), else plain numbers */
  x: number[];
  series: ChartSeries[];
  height?: number;
  xIsTime?: boolean;
  /** y-axis value formatter, e.g. (v) => `${v} kg` */
  formatY?: (v: number) => string;
}

const AXIS_COLOR = 'rgba(127,127,127,0.9)';
const GRID_COLOR = 'rgba(127,127,127,0.15)';

/** The uPlot canvas itself; it follows its container's width. Loaded lazily through `Chart`. */
export default function ChartCanvas({ x, series, height = 200, xIsTime = true, formatY }: ChartProps) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const bars = uPlot.paths.bars?.({ size: [0.6, 40] });
    const plot = new uPlot(
      {
        width: el.clientWidth || 320,
        height,
        scales: { x: { time: xIsTime } },
        legend: { show: series.length > 1 },
        axes: [
          { stroke: AXIS_COLOR, grid: { stroke: GRID_COLOR } },
          { stroke: AXIS_COLOR, grid: { stroke: GRID_COLOR }, values: formatY ? (_u, vals) => vals.map((v) => formatY(v)) : undefined },
        ],
        series: [
          {},
          ...series.map((s) => ({
            label: s.label,
            stroke: s.color ?? '#f97316',
            fill: s.bars ? (s.color ?? '#f97316') + '99' : undefined,
            width: 2,
            paths: s.bars ? bars : undefined,
            points: { show: !s.bars && x.length < 60 },
          })),
        ],
      },
      [x, ...series.map((s) => s.values)] as uPlot.AlignedData,
      el,
    );
    const resize = new ResizeObserver(() => plot.setSize({ width: el.clientWidth || 320, height }));
    resize.observe(el);
    return () => {
      resize.disconnect();
      plot.destroy();
    };
  }, [x, series, height, xIsTime, formatY]);
  return <div ref={box} className="chart-canvas" />;
}
