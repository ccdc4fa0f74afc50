/**
 * Server-rendered SVG charts: no script, scale with the page, and print in black and white (bars solid,
 * the target a dashed line, every value written out).
 */

const INK = "#1f2a2e";
const BAR = "#0f6e5a";
const TARGET = "#b42318";
const GRID = "#d8e0e2";

const oneDecimal = (v: number) => (Math.round(v * 10) / 10).toLocaleString("zh-CN");

/** A round upper bound for an axis that shows both the largest value and the target. */
function axisMax(values: number[], target: number | null): number {
  const top = Math.max(...values, target ?? 0, 1) * 1.1;
  const step = 10 ** Math.floor(Math.log10(top));
  return Math.ceil(top / step) * step;
}

type Bar = { label: string; value: number | null };

/** Horizontal bars, one per region, against the target line. */
export function BarChart({ title, bars, target, unit }: { title: string; bars: Bar[]; target: number | null; unit: string }) {
  const rowHeight = 30;
  const labelWidth = 120;
  const width = 640;
  const plotWidth = width - labelWidth - 70;
  const height = bars.length * rowHeight + 46;
  const max = axisMax(bars.map((b) => b.value ?? 0), target);
  const x = (v: number) => labelWidth + (v / max) * plotWidth;
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((f) => f * max);
  return (
    <figure className="chart">
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-label={title} width="100%">
        <title>{title}</title>
        {ticks.map((t) => (
          <g key={t}>
            <line x1={x(t)} x2={x(t)} y1={8} y2={height - 30} stroke={GRID} />
            <text x={x(t)} y={height - 14} fontSize="11" textAnchor="middle" fill={INK}>
              {oneDecimal(t)}
            </text>
          </g>
        ))}
        {bars.map((b, i) => {
          const y = 12 + i * rowHeight;
          return (
            <g key={b.label}>
              <text x={labelWidth - 8} y={y + 15} fontSize="13" textAnchor="end" fill={INK}>
                {b.label}
              </text>
              {b.value === null ? (
                <text x={labelWidth + 4} y={y + 15} fontSize="12" fill={INK}>
                  无数据
                </text>
              ) : (
                <>
                  <rect x={labelWidth} y={y + 2} width={Math.max(1, x(b.value) - labelWidth)} height={rowHeight - 10} fill={BAR} />
                  <text x={x(b.value) + 4} y={y + 15} fontSize="12" fill={INK}>
                    {oneDecimal(b.value)}
                  </text>
                </>
              )}
            </g>
          );
        })}
        {target !== null ? (
          <g>
            <line x1={x(target)} x2={x(target)} y1={4} y2={height - 30} stroke={TARGET} strokeWidth="2" strokeDasharray="6 4" />
            <text x={Math.min(x(target) + 4, width - 60)} y={height - 32} fontSize="11" fill={TARGET}>
              目标 {target}
            </text>
          </g>
        ) : null}
      </svg>
      <figcaption>
        {title}（{unit}）{target !== null ? `，虚线为目标 ${target}` : "，未设目标"}
      </figcaption>
    </figure>
  );
}

type Point = { label: string; value: number | null; target: number | null };

/** A monthly line with the target in force at each month drawn as a dashed step line. */
export function TrendChart({ title, points, unit }: { title: string; points: Point[]; unit: string }) {
  const width = 640;
  const height = 240;
  const left = 44;
  const right = 16;
  const top = 12;
  const bottom = 34;
  const max = axisMax(points.map((p) => p.value ?? 0), Math.max(0, ...points.map((p) => p.target ?? 0)));
  const x = (i: number) => left + (i / Math.max(1, points.length - 1)) * (width - left - right);
  const y = (v: number) => top + (1 - v / max) * (height - top - bottom);
  const line = (pick: (p: Point) => number | null) =>
    points
      .map((p, i) => [i, pick(p)] as const)
      .filter((e): e is readonly [number, number] => e[1] !== null)
      .map(([i, v]) => `${x(i).toFixed(1)},${y(v).toFixed(1)}`)
      .join(" ");
  const ticks = [0, 0.5, 1].map((f) => f * max);
  const last = points.at(-1);
  return (
    <figure className="chart">
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-label={title} width="100%">
        <title>{title}</title>
        {ticks.map((t) => (
          <g key={t}>
            <line x1={left} x2={width - right} y1={y(t)} y2={y(t)} stroke={GRID} />
            <text x={left - 6} y={y(t) + 4} fontSize="11" textAnchor="end" fill={INK}>
              {oneDecimal(t)}
            </text>
          </g>
        ))}
        {points.map((p, i) =>
          (i % 3 === 0 && i < points.length - 3) || i === points.length - 1 ? (
            <text key={p.label} x={x(i)} y={height - 12} fontSize="11" textAnchor={i === 0 ? "start" : i === points.length - 1 ? "end" : "middle"} fill={INK}>
              {p.label}
            </text>
          ) : null,
        )}
        <polyline points={line((p) => p.target)} fill="none" stroke={TARGET} strokeWidth="2" strokeDasharray="6 4" />
        <polyline points={line((p) => p.value)} fill="none" stroke={BAR} strokeWidth="2.5" />
        {points.map((p, i) => (p.value === null ? null : <circle key={p.label} cx={x(i)} cy={y(p.value)} r="2.5" fill={BAR} />))}
        {last?.value != null ? (
          <text x={x(points.length - 1) - 4} y={y(last.value) - 8} fontSize="12" textAnchor="end" fill={INK}>
            {oneDecimal(last.value)}
          </text>
        ) : null}
      </svg>
      <figcaption>
        {title}（{unit}），实线为实际值，虚线为当月适用的目标
      </figcaption>
    </figure>
  );
}
