import { html, nothing, type PropertyValues } from 'lit'
import { msg, str } from '@lit/localize'
import uPlot from 'uplot'
import { AipElement } from '../../base/aip-element.js'
import { addTranslations, resolveLocale } from '../../base/localization.js'
import { formatDay, formatMetric, type MetricFormat } from '../../base/format.js'
import { metricChartStyles, uplotStyles } from './aip-metric-chart.styles.js'
import { templates as de } from './locales/de.js'
import { templates as fr } from './locales/fr.js'

// This element's own translations (shared ones come with the base).
addTranslations('fr', fr)
addTranslations('de', de)

/** One metric drawn by the chart: a value per day of `MetricChartData.days` (null: no value). */
export interface MetricSeries {
  /** Stable key (e.g. `impressions`), used in the table's column ids. */
  key: string
  /** Human label (legend, table header). */
  label: string
  values: (number | null)[]
  /** How values read; `number` by default. */
  format?: MetricFormat
}

/** What `<aip-metric-chart>` draws: days (`YYYY-MM-DD`, oldest first) and series over them. */
export interface MetricChartData {
  days: string[]
  series: MetricSeries[]
}

/** Detail of `aip-table-toggle`. */
export interface MetricChartToggleDetail {
  open: boolean
}

/** Number of `--aip-chart-color-N` tokens; further series reuse them in turn. */
const PALETTE_SIZE = 6
/** Default height of the plot in CSS pixels. */
const DEFAULT_HEIGHT = 240

let instances = 0

/**
 * A time-series chart (line or bar) of one or more daily metrics, drawn with
 * uPlot on a canvas inside the shadow root: no inline styles and no injected
 * stylesheet, so it works under a strict Content-Security-Policy. Fed through
 * the `data` property. A keyboard-reachable data table holds the same
 * numbers for screen readers and keyboard users; values and days are
 * formatted for the locale; the plot follows its container's width.
 *
 * @element aip-metric-chart
 *
 * @attr type - `line` (default) or `bar`.
 * @attr label - Title of the chart (its caption and accessible name).
 * @attr currency - ISO 4217 code for `currency` series (default `USD`).
 * @attr height - Height of the plot in pixels (default 240).
 * @attr table-open - Show the data table (the toggle button flips it).
 * @attr locale - `en`, `fr` or `de`; defaults to the page's `lang`, then the browser's language.
 *
 * @prop {MetricChartData | null} data - Days and series to draw.
 *
 * @fires aip-table-toggle - The data table was shown or hidden; `detail: { open }`.
 *
 * @csspart figure - The `<figure>` around everything.
 * @csspart caption - The chart title.
 * @csspart legend - The list of series with their colours.
 * @csspart chart - The plot area (canvas), an image with a text summary.
 * @csspart toggle - The button that shows or hides the data table.
 * @csspart table - The scrollable region holding the data table.
 * @csspart empty - The message shown without data.
 *
 * @cssprop --aip-chart-color-1 - First series colour (default: `--aip-color-primary`).
 * @cssprop --aip-chart-color-2 - Second series colour (up to `--aip-chart-color-6`).
 * @cssprop --aip-chart-grid-color - Grid lines (default: `--aip-color-border`).
 * @cssprop --aip-chart-height - Minimum height reserved for the plot while it loads.
 * @cssprop --aip-color-muted - Axis labels and legend text.
 * @cssprop --aip-color-border - Table borders.
 * @cssprop --aip-font-family - Font of labels and axes.
 */
export class AipMetricChart extends AipElement {
  static override properties = {
    ...AipElement.properties,
    type: { type: String, reflect: true },
    label: { type: String },
    currency: { type: String },
    height: { type: Number },
    tableOpen: { type: Boolean, attribute: 'table-open', reflect: true },
    data: { attribute: false },
  }

  static override styles = [...AipElement.styles, uplotStyles, metricChartStyles]

  /** `line` or `bar`. */
  declare type: 'line' | 'bar'
  /** Title of the chart. */
  declare label: string
  /** ISO 4217 code for currency series. */
  declare currency: string
  /** Plot height in pixels. */
  declare height: number
  /** Whether the data table is shown. */
  declare tableOpen: boolean
  /** Days and series to draw. */
  declare data: MetricChartData | null

  private plot: uPlot | null = null
  private resizeObserver: ResizeObserver | null = null
  private drawnLocale = ''
  /** The resolved colours and font the canvas was drawn with. */
  private drawnTheme = ''
  private readonly uid = `aip-chart-${++instances}`

  constructor() {
    super()
    this.type = 'line'
    this.label = ''
    this.currency = 'USD'
    this.height = DEFAULT_HEIGHT
    this.tableOpen = false
    this.data = null
  }

  /** The shipped locale in effect, for Intl. */
  private get formatLocale() {
    return resolveLocale(this.requestedLocale)
  }

  override connectedCallback() {
    super.connectedCallback()
    this.resizeObserver = new ResizeObserver(() => this.fitWidth())
  }

  override disconnectedCallback() {
    super.disconnectedCallback()
    this.resizeObserver?.disconnect()
    this.resizeObserver = null
    this.plot?.destroy()
    this.plot = null
  }

  protected override updated(changed: PropertyValues<this>) {
    const plotArea = this.renderRoot.querySelector<HTMLElement>('.plot')
    if (plotArea) this.resizeObserver?.observe(plotArea)
    const redraw =
      changed.has('data') ||
      changed.has('type') ||
      changed.has('currency') ||
      changed.has('height') ||
      this.drawnLocale !== this.formatLocale ||
      this.drawnTheme !== this.themeSignature() ||
      (plotArea !== null && this.plot === null)
    if (redraw) this.draw(plotArea)
  }

  /** (Re)creates the uPlot instance in the plot area, or removes it without data. */
  private draw(plotArea: HTMLElement | null) {
    this.plot?.destroy()
    this.plot = null
    this.drawnLocale = this.formatLocale
    this.drawnTheme = this.themeSignature()
    if (!plotArea || !this.hasData) return
    const data = this.data!
    const locale = this.formatLocale
    const style = getComputedStyle(this)
    const token = (name: string) => style.getPropertyValue(name).trim()
    const font = `12px ${token('--_font') || 'sans-serif'}`
    const axisColour = token('--_axis')
    const grid = { stroke: token('--_grid'), width: 1 }
    const format = data.series[0].format ?? 'number'
    const bars = this.type === 'bar' ? uPlot.paths.bars!({ size: [0.7, 48] }) : undefined

    const options: uPlot.Options = {
      width: this.plotWidth(plotArea),
      height: this.height || DEFAULT_HEIGHT,
      legend: { show: false },
      cursor: { drag: { x: false, y: false } },
      scales: { x: { time: false }, y: { range: (_u, min, max) => [Math.min(0, min), max || 1] } },
      axes: [
        {
          stroke: axisColour,
          grid,
          ticks: grid,
          font,
          space: 64,
          incrs: [1, 2, 3, 7, 14, 30, 60, 90, 180],
          values: (_u, splits) =>
            splits.map((index) => (data.days[index] ? formatDay(data.days[index], locale) : '')),
        },
        {
          stroke: axisColour,
          grid,
          ticks: grid,
          font,
          size: 64,
          values: (_u, splits) =>
            splits.map((value) =>
              formatMetric(value, format, locale, { currency: this.currency, compact: true })
            ),
        },
      ],
      series: [
        {},
        ...data.series.map((series, index) => {
          const colour = token(`--_series-${(index % PALETTE_SIZE) + 1}`)
          return {
            label: series.label,
            stroke: colour,
            width: 2,
            fill: bars ? colour : undefined,
            paths: bars,
            points: { show: data.days.length <= 31 && !bars },
          }
        }),
      ],
    }
    const aligned: uPlot.AlignedData = [
      data.days.map((_day, index) => index),
      ...data.series.map((series) => data.days.map((_day, index) => series.values[index] ?? null)),
    ]
    this.plot = new uPlot(options, aligned, plotArea)
  }

  /** The canvas colours and font as the theme tokens resolve now (a canvas does not restyle itself). */
  private themeSignature() {
    const style = getComputedStyle(this)
    return [
      '--_series-1',
      '--_series-2',
      '--_series-3',
      '--_series-4',
      '--_series-5',
      '--_series-6',
      '--_axis',
      '--_grid',
      '--_font',
    ]
      .map((name) => style.getPropertyValue(name).trim())
      .join('|')
  }

  /**
   * Redraws the canvas when the theme tokens now resolve to other colours (a
   * workspace theme was adopted, here or by the element the chart is rendered
   * in, or `refreshTheme()` was called after the host's custom properties
   * changed). Updates and resizes redraw on their own.
   */
  protected override themeChanged() {
    if (!this.hasUpdated || this.drawnTheme === this.themeSignature()) return
    this.draw(this.renderRoot.querySelector<HTMLElement>('.plot'))
  }

  /** Width available to the plot (its container's content width). */
  private plotWidth(plotArea: HTMLElement) {
    return Math.max(120, Math.floor(plotArea.getBoundingClientRect().width) || 300)
  }

  /** Follows the container: uPlot draws at a fixed size, so it is resized here. */
  private fitWidth() {
    const plotArea = this.renderRoot.querySelector<HTMLElement>('.plot')
    if (!this.plot || !plotArea) return
    if (this.drawnTheme !== this.themeSignature()) {
      this.draw(plotArea)
      return
    }
    const width = this.plotWidth(plotArea)
    if (width !== this.plot.width) this.plot.setSize({ width, height: this.plot.height })
  }

  private get hasData() {
    return Boolean(this.data && this.data.days.length > 0 && this.data.series.length > 0)
  }

  private toggleTable() {
    this.tableOpen = !this.tableOpen
    this.emit<MetricChartToggleDetail>('aip-table-toggle', { open: this.tableOpen })
  }

  /** One sentence for screen readers: what the chart shows over which days. */
  private summaryText() {
    const data = this.data!
    const locale = this.formatLocale
    const names = data.series.map((series) => series.label).join(', ')
    const first = formatDay(data.days[0], locale, true)
    const last = formatDay(data.days[data.days.length - 1], locale, true)
    return msg(str`${names}, daily from ${first} to ${last}`, { id: 'chart.summary' })
  }

  private formatValue(series: MetricSeries, value: number | null | undefined) {
    return formatMetric(value, series.format ?? 'number', this.formatLocale, {
      currency: this.currency,
    })
  }

  override render() {
    const caption = this.label
      ? html`<figcaption id="${this.uid}-caption" part="caption">${this.label}</figcaption>`
      : nothing
    if (!this.hasData) {
      return html`<figure part="figure">
        ${caption}
        <p class="empty" part="empty">${msg('No data for this period', { id: 'chart.empty' })}</p>
      </figure>`
    }
    const data = this.data!
    const tableId = `${this.uid}-table`
    return html`<figure
      part="figure"
      aria-labelledby=${this.label ? `${this.uid}-caption` : nothing}
    >
      ${caption}
      <ul class="legend" part="legend">
        ${data.series.map(
          (series) => html`<li><span class="swatch" aria-hidden="true"></span>${series.label}</li>`
        )}
      </ul>
      <div class="plot" part="chart" role="img" aria-label=${this.summaryText()}></div>
      <button
        class="toggle"
        part="toggle"
        type="button"
        aria-expanded=${this.tableOpen ? 'true' : 'false'}
        aria-controls=${tableId}
        @click=${this.toggleTable}
      >
        ${
          this.tableOpen
            ? msg('Hide data table', { id: 'chart.hideTable' })
            : msg('Show data table', { id: 'chart.showTable' })
        }
      </button>
      <div
        id=${tableId}
        class="table-wrap"
        part="table"
        role="region"
        tabindex="0"
        aria-label=${this.label || msg('Data table', { id: 'chart.table' })}
        ?hidden=${!this.tableOpen}
      >
        ${this.tableOpen ? this.renderTable(data) : nothing}
      </div>
    </figure>`
  }

  private renderTable(data: MetricChartData) {
    const locale = this.formatLocale
    return html`<table>
      <caption class="visually-hidden">
        ${this.label || msg('Data table', { id: 'chart.table' })}
      </caption>
      <thead>
        <tr>
          <th scope="col">${msg('Day', { id: 'chart.day' })}</th>
          ${data.series.map((series) => html`<th scope="col">${series.label}</th>`)}
        </tr>
      </thead>
      <tbody>
        ${data.days.map(
          (day, index) =>
            html`<tr>
              <th scope="row"><time datetime=${day}>${formatDay(day, locale, true)}</time></th>
              ${data.series.map(
                (series) =>
                  html`<td data-key=${series.key} data-value=${String(series.values[index] ?? '')}>
                    ${this.formatValue(series, series.values[index])}
                  </td>`
              )}
            </tr>`
        )}
      </tbody>
    </table>`
  }
}
