// A horizontal bar chart in HTML: it reflows on a phone, its text stays
// readable at any zoom, every bar carries its figure as text (so the chart
// needs no colour to be read), and the bars themselves are hidden from
// screen readers, which read the figures instead. Widths are set through the
// CSSOM, which the Content-Security-Policy allows (no inline style attributes).
import type { ComponentChildren } from 'preact';

export type Tone = 'obligation' | 'plan' | 'accepted' | 'reported' | 'shortfall';

export interface Segment {
  value: number;
  tone: Tone;
}

export interface Row {
  label: ComponentChildren;
  segments: Segment[];
  /** The figures in words, e.g. "€ 7.778 of € 25.000 accepted (31%)". */
  text: ComponentChildren;
}

export function Bars({ id, caption, rows, max, legend }: { id: string; caption: ComponentChildren; rows: Row[]; max: number; legend?: { tone: Tone; label: string }[] }) {
  const scale = max > 0 ? max : 1;
  return (
    <figure class="chart" aria-labelledby={`${id}-caption`}>
      <figcaption id={`${id}-caption`}>{caption}</figcaption>
      {legend && (
        <ul class="chart-legend" aria-hidden="true">
          {legend.map((l) => (
            <li key={l.tone}>
              <span class={`swatch tone-${l.tone}`} />
              {l.label}
            </li>
          ))}
        </ul>
      )}
      <ul class="bars">
        {rows.map((r, i) => {
          let left = 0;
          return (
            <li key={i} class="bar-row">
              <span class="bar-label">{r.label}</span>
              <span class="bar-track" aria-hidden="true">
                {r.segments.map((s, j) => {
                  const w = Math.max(0, Math.min(100 - left, (s.value / scale) * 100));
                  const style = { left: `${left}%`, width: `${w}%` };
                  left += w;
                  return <span key={j} class={`bar-fill tone-${s.tone}`} style={style} />;
                })}
              </span>
              <span class="bar-text">{r.text}</span>
            </li>
          );
        })}
      </ul>
    </figure>
  );
}

/** A single progress bar (e.g. plan coverage against the obligation). */
export function Meter({ label, valueBp, text }: { label: string; valueBp: number; text: ComponentChildren }) {
  const w = Math.max(0, Math.min(100, valueBp / 100));
  return (
    <div class="meter">
      <span class="meter-label">{label}</span>
      <span class="bar-track" aria-hidden="true">
        <span class={`bar-fill ${valueBp >= 10000 ? 'tone-accepted' : 'tone-plan'}`} style={{ left: '0%', width: `${w}%` }} />
      </span>
      <span class="bar-text">{text}</span>
    </div>
  );
}
