/**
 * PNG export of a statistics chart that stands alone when quoted: the chart is rendered again from the
 * same ECharts option by an offscreen canvas-renderer instance (the page itself uses SVG), then drawn on a
 * white canvas under a caption (title, UTC time range, contributing sensors) with a Renkei attribution.
 * Loaded on demand, so the canvas renderer stays out of the page's main bundle.
 */
import * as echarts from 'echarts/core';
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import type { EChartsCoreOption } from 'echarts/core';

echarts.use([BarChart, LineChart, GridComponent, CanvasRenderer]);

/** Text drawn around the chart; `lines` follow the title (time range, sensor count). */
export interface PngCaption {
  title: string;
  lines: string[];
  attribution: string;
}

/** Size of the image in CSS pixels; the bitmap is `pixelRatio` times larger. */
export interface ChartPngSize {
  width?: number;
  chartHeight?: number;
  pixelRatio?: number;
}

const PAD = 24;
const TITLE = { size: 20, line: 28, color: '#1a1f26', weight: '700' };
const LINE = { size: 14, line: 20, color: '#3a4350', weight: '400' };
const FOOT = { size: 12, line: 18, color: '#5b6470', weight: '400' };
const FALLBACK_FONT = "system-ui, 'Hiragino Sans', 'Noto Sans CJK JP', 'Yu Gothic', Meiryo, sans-serif";

/** The page's font stack, so Japanese captions use the same CJK font as the UI. */
function fontFamily(): string {
  const f = typeof document !== 'undefined' ? getComputedStyle(document.body).fontFamily : '';
  return f || FALLBACK_FONT;
}

/** Greedy line breaking: at the last space when there is one, else between any two characters (Japanese). */
export function wrapText(measure: (s: string) => number, text: string, maxWidth: number): string[] {
  const out: string[] = [];
  let line = '';
  for (const ch of Array.from(text)) {
    const next = line + ch;
    if (line === '' || measure(next) <= maxWidth) {
      line = next;
      continue;
    }
    const space = line.lastIndexOf(' ');
    if (space > 0 && ch !== ' ') {
      out.push(line.slice(0, space));
      line = line.slice(space + 1) + ch;
    } else {
      out.push(line.trimEnd());
      line = ch === ' ' ? '' : ch;
    }
  }
  if (line.trim() !== '') out.push(line.trimEnd());
  return out;
}

/** Renders the option on an offscreen canvas instance and returns its bitmap at `pixelRatio`. */
function renderChart(option: EChartsCoreOption, width: number, height: number, pixelRatio: number): HTMLCanvasElement {
  const host = document.createElement('div');
  const chart = echarts.init(host, null, { renderer: 'canvas', width, height, devicePixelRatio: pixelRatio });
  try {
    // The export is a still image: no animation, no tooltip, and room above the grid for a y-axis name,
    // which the compact on-screen layouts let touch the top edge.
    const grid = option.grid as { top?: number } | undefined;
    const named = [option.yAxis].flat().some((a) => typeof (a as { name?: unknown } | undefined)?.name === 'string');
    const still = { ...option, animation: false, tooltip: undefined, ...(grid && named ? { grid: { ...grid, top: Math.max(grid.top ?? 0, 32) } } : {}) };
    chart.setOption(still, true);
    return chart.renderToCanvas({ pixelRatio, backgroundColor: '#ffffff' });
  } finally {
    chart.dispose();
  }
}

/**
 * Builds the PNG: caption on top, the chart, the attribution at the bottom right, on white.
 * Rejects when the browser cannot encode the canvas.
 */
export async function chartPng(option: EChartsCoreOption, caption: PngCaption, size: ChartPngSize = {}): Promise<Blob> {
  const width = size.width ?? 900;
  const chartHeight = size.chartHeight ?? 400;
  const ratio = size.pixelRatio ?? 2;
  const family = fontFamily();
  const font = (s: { size: number; weight: string }) => `${s.weight} ${s.size}px ${family}`;

  const canvas = document.createElement('canvas');
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('canvas 2D context unavailable');
  const inner = width - 2 * PAD;
  const wrapped = (text: string, style: typeof TITLE): string[] => {
    ctx.font = font(style);
    return wrapText((s) => ctx.measureText(s).width, text, inner);
  };
  const titleLines = wrapped(caption.title, TITLE);
  const infoLines = caption.lines.flatMap((l) => wrapped(l, LINE));
  const captionHeight = titleLines.length * TITLE.line + infoLines.length * LINE.line;
  const chartTop = PAD + captionHeight + 12;
  const height = chartTop + chartHeight + 8 + FOOT.line + PAD;

  // Setting the size resets the context, so fonts are set again below.
  canvas.width = Math.round(width * ratio);
  canvas.height = Math.round(height * ratio);
  ctx.scale(ratio, ratio);
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, width, height);
  ctx.textBaseline = 'top';

  let y = PAD;
  const draw = (lines: string[], style: typeof TITLE, align: CanvasTextAlign = 'left') => {
    ctx.font = font(style);
    ctx.fillStyle = style.color;
    ctx.textAlign = align;
    for (const l of lines) {
      ctx.fillText(l, align === 'right' ? width - PAD : PAD, y + (style.line - style.size) / 2);
      y += style.line;
    }
  };
  draw(titleLines, TITLE);
  draw(infoLines, LINE);
  ctx.drawImage(renderChart(option, inner, chartHeight, ratio), PAD, chartTop, inner, chartHeight);
  y = chartTop + chartHeight + 8;
  draw([caption.attribution], FOOT, 'right');

  return new Promise<Blob>((resolve, reject) => {
    canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('PNG encoding failed'))), 'image/png');
  });
}

/** `2026-11-20T13:00:00.000Z` → `2026-11-20 13:00` (UTC, for captions). */
export function utcMinute(iso: string): string {
  return new Date(iso).toISOString().slice(0, 16).replace('T', ' ');
}

/** `renkei-<parts…>-<from>-<to>.png` with compact UTC times (`20261120T1300Z`) and file-safe parts. */
export function pngFileName(parts: string[], from: string, to: string): string {
  const compact = (iso: string) => new Date(iso).toISOString().slice(0, 16).replace(/[-:]/g, '') + 'Z';
  const safe = parts.map((p) => p.replace(/[^A-Za-z0-9_]+/g, '_'));
  return `renkei-${[...safe, compact(from), compact(to)].join('-')}.png`;
}
