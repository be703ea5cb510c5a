import { html, nothing, type PropertyValues } from 'lit'
import { msg, str } from '@lit/localize'
import { AipElement } from '../../base/aip-element.js'
import { EmbedApiError, unwrap } from '../../base/api-client.js'
import { addTranslations, resolveLocale } from '../../base/localization.js'
import { formatMetric, type MetricFormat } from '../../base/format.js'
import type { components } from '../../api/embed-schema.js'
import type { MetricChartData } from '../aip-metric-chart/aip-metric-chart.js'
import { campaignDashboardStyles } from './aip-campaign-dashboard.styles.js'
import { templates as de } from './locales/de.js'
import { templates as fr } from './locales/fr.js'

// This element's own translations (shared ones come with the base).
addTranslations('fr', fr)
addTranslations('de', de)

/** A campaign the picker lists. */
export type DashboardCampaign = components['schemas']['EmbedCampaign']
/** KPIs and daily series of a campaign, as the API serves them. */
export type CampaignDashboardData = components['schemas']['EmbedCampaignDashboard']
type Summary = CampaignDashboardData['summary']
type Day = CampaignDashboardData['series'][number]

/** Ranges the range picker offers, in days. */
export const DASHBOARD_RANGES = [7, 30, 90] as const

/** Metrics a chart can show: the daily totals and the ratios derived from them. */
export const CHART_METRICS = [
  'impressions',
  'clicks',
  'conversions',
  'cost',
  'revenue',
  'ctr',
  'cpc',
  'cpa',
  'roi',
] as const
/** One chartable metric. */
export type ChartMetric = (typeof CHART_METRICS)[number]

const FORMATS: Record<ChartMetric, MetricFormat> = {
  impressions: 'number',
  clicks: 'number',
  conversions: 'number',
  cost: 'currency',
  revenue: 'currency',
  ctr: 'percent',
  cpc: 'currency',
  cpa: 'currency',
  roi: 'percent',
}

/** KPI tiles, in order. */
const KPIS = ['impressions', 'clicks', 'conversions', 'ctr', 'cpc', 'cpa', 'roi'] as const

const ratio = (a: number, b: number) => (b > 0 ? a / b : null)

/** A metric's value on one day (ratios derived like the API's KPIs; null without a denominator). */
function dailyValue(day: Day, metric: ChartMetric): number | null {
  switch (metric) {
    case 'ctr':
      return ratio(day.clicks, day.impressions)
    case 'cpc':
      return ratio(day.cost, day.clicks)
    case 'cpa':
      return ratio(day.cost, day.conversions)
    case 'roi':
      return day.cost > 0 ? (day.revenue - day.cost) / day.cost : null
    default:
      return day[metric]
  }
}

/** Localised name of a metric. */
function metricLabel(metric: ChartMetric): string {
  switch (metric) {
    case 'impressions':
      return msg('Impressions', { id: 'metric.impressions' })
    case 'clicks':
      return msg('Clicks', { id: 'metric.clicks' })
    case 'conversions':
      return msg('Conversions', { id: 'metric.conversions' })
    case 'cost':
      return msg('Cost', { id: 'metric.cost' })
    case 'revenue':
      return msg('Revenue', { id: 'metric.revenue' })
    case 'ctr':
      return msg('Click-through rate', { id: 'metric.ctr' })
    case 'cpc':
      return msg('Cost per click', { id: 'metric.cpc' })
    case 'cpa':
      return msg('Cost per acquisition', { id: 'metric.cpa' })
    case 'roi':
      return msg('Return on investment', { id: 'metric.roi' })
  }
}

type State = 'idle' | 'loading' | 'ready' | 'empty' | 'error'

/** Detail of `aip-load`: the data shown. */
export interface DashboardLoadDetail {
  campaign: DashboardCampaign
  days: number
  summary: Summary
}
/** Detail of `aip-campaign-change`. */
export interface DashboardCampaignChangeDetail {
  campaign: string
}
/** Detail of `aip-range-change`. */
export interface DashboardRangeChangeDetail {
  days: number
}
/**
 * A campaign performance dashboard for a vendor's logged-in users: KPI tiles
 * (impressions, clicks, conversions, CTR, CPC, CPA, ROI) and one
 * `<aip-metric-chart>` per chosen metric, with a campaign picker and a range
 * picker (7, 30 or 90 days). Reads the campaigns plugin's embed routes.
 *
 * @element aip-campaign-dashboard
 *
 * @attr key - Publishable embed key (`pk_…`) with the `campaigns:metrics` capability.
 * @attr session - End-user session token with the `campaigns:read` scope, signed by the host's backend; setting a new one reloads.
 * @attr api-base - Origin of the platform API; defaults to the origin of the script.
 * @attr locale - `en`, `fr` or `de`; defaults to the page's `lang`, then the browser's language.
 * @attr campaign - Id of the campaign to show first (default: the first listed, active first).
 * @attr days - Range in days: 7, 30 (default) or 90.
 * @attr metrics - Comma-separated metrics to chart (default `impressions,clicks,conversions`; also `cost`, `revenue`, `ctr`, `cpc`, `cpa`, `roi`).
 * @attr chart-type - `line` (default) or `bar`.
 * @attr currency - ISO 4217 code of the workspace's money values (default `USD`).
 *
 * @fires aip-load - Data of a campaign and range was shown; `detail: { campaign, days, summary }`.
 * @fires aip-campaign-change - The user picked another campaign; `detail: { campaign }`.
 * @fires aip-range-change - The user picked another range; `detail: { days }`.
 * @fires aip-error - A request failed; `detail: { status, problem, fieldErrors }` (status 0: network).
 *
 * @csspart toolbar - The row holding the pickers.
 * @csspart campaign-select - The campaign picker.
 * @csspart range-select - The range picker.
 * @csspart kpis - The list of KPI tiles.
 * @csspart kpi - One KPI tile.
 * @csspart kpi-label - The name of a KPI.
 * @csspart kpi-value - The value of a KPI.
 * @csspart charts - The grid of charts.
 * @csspart metric-chart - One `<aip-metric-chart>` (theme it with its custom properties).
 * @csspart status - Loading and empty messages.
 * @csspart alert - The error message.
 *
 * @cssprop --aip-kpi-background - Background of the KPI tiles.
 * @cssprop --aip-chart-color-1 - First series colour of the charts (default: `--aip-color-primary`).
 * @cssprop --aip-color-border - Tile and control borders.
 * @cssprop --aip-color-muted - KPI labels and status text.
 * @cssprop --aip-color-error - Error text.
 */
export class AipCampaignDashboard extends AipElement {
  static override properties = {
    ...AipElement.properties,
    campaign: { type: String, reflect: true },
    days: { type: Number, reflect: true },
    metrics: { type: String },
    chartType: { type: String, attribute: 'chart-type' },
    currency: { type: String },
    campaigns: { state: true },
    dashboard: { state: true },
    state: { state: true },
    errorMessage: { state: true },
  }

  static override styles = [...AipElement.styles, campaignDashboardStyles]

  /** Id of the campaign shown. */
  declare campaign: string
  /** Range in days. */
  declare days: number
  /** Comma-separated metrics to chart. */
  declare metrics: string
  /** `line` or `bar`. */
  declare chartType: 'line' | 'bar'
  /** ISO 4217 code of money values. */
  declare currency: string
  declare protected campaigns: DashboardCampaign[] | null
  declare protected dashboard: CampaignDashboardData | null
  declare protected state: State
  declare protected errorMessage: string
  /** Guards against out-of-order answers when the user switches fast. */
  private request = 0
  private listedFor = ''
  private loadedFor = ''

  constructor() {
    super()
    this.campaign = ''
    this.days = 30
    this.metrics = 'impressions,clicks,conversions'
    this.chartType = 'line'
    this.currency = 'USD'
    this.campaigns = null
    this.dashboard = null
    this.state = 'idle'
    this.errorMessage = ''
  }

  private get formatLocale() {
    return resolveLocale(this.requestedLocale)
  }

  /** The valid metrics of the `metrics` attribute, in order, without repeats. */
  private get chartMetrics(): ChartMetric[] {
    const names = this.metrics.split(',').map((name) => name.trim())
    return (CHART_METRICS as readonly string[]).filter((name) =>
      names.includes(name)
    ) as ChartMetric[]
  }

  protected override willUpdate(changed: PropertyValues<this>) {
    super.willUpdate(changed)
    // A new key, origin or session token (the host signed a fresh one) starts over.
    const source = `${this.apiBase}|${this.key}|${this.session}`
    if (!this.key) {
      this.state = 'error'
      this.errorMessage = msg('This dashboard is not available on this site.', {
        id: 'dashboard.unavailable',
      })
      return
    }
    if (!this.session) {
      // The routes need a signed end user: no request until the host sets a token.
      this.state = 'error'
      this.errorMessage = msg('Sign in to see this dashboard.', { id: 'dashboard.signIn' })
      this.listedFor = ''
      return
    }
    if (this.listedFor !== source) {
      void this.loadCampaigns(source)
    } else if (this.campaigns && this.loadedFor !== `${source}|${this.campaign}|${this.days}`) {
      void this.loadDashboard()
    }
  }

  /** Lists the workspace's campaigns, then loads the chosen (or first) one. */
  private async loadCampaigns(source: string) {
    this.listedFor = source
    this.state = 'loading'
    try {
      const list = await unwrap(this.api.GET('/v1/embed/campaigns'))
      this.campaigns = list.data
    } catch (error) {
      this.fail(error)
      return
    }
    if (this.campaigns.length === 0) {
      this.state = 'empty'
      return
    }
    if (!this.campaigns.some((item) => item.id === this.campaign)) {
      this.campaign = this.campaigns[0].id
    }
    await this.loadDashboard()
  }

  /** Loads KPIs and the daily series of the chosen campaign and range. */
  private async loadDashboard() {
    const campaign = this.campaign
    const days = this.days
    this.loadedFor = `${this.apiBase}|${this.key}|${this.session}|${campaign}|${days}`
    const request = ++this.request
    this.state = 'loading'
    let data: CampaignDashboardData
    try {
      data = await unwrap(
        this.api.GET('/v1/embed/campaigns/{id}/summary', {
          params: { path: { id: campaign }, query: { days } },
        })
      )
    } catch (error) {
      if (request === this.request) this.fail(error)
      return
    }
    if (request !== this.request) return
    this.dashboard = data
    this.state = 'ready'
    this.emit<DashboardLoadDetail>('aip-load', {
      campaign: data.campaign,
      days: data.days,
      summary: data.summary,
    })
  }

  /** Shows an accessible error for a failed call and fires `aip-error` (see AipElement). */
  private fail(error: unknown) {
    this.state = 'error'
    this.dashboard = null
    this.errorMessage = this.errorText(error instanceof EmbedApiError ? error.status : 0)
    this.emitFailure(error)
  }

  private errorText(status: number) {
    if (status === 0) {
      return msg('The dashboard could not be loaded. Check your connection and try again.', {
        id: 'dashboard.network',
      })
    }
    if (status === 401) {
      return msg('Your session has expired or is not valid. Sign in again to see this dashboard.', {
        id: 'dashboard.session',
      })
    }
    if (status === 403) {
      return msg('This dashboard is not available on this site.', { id: 'dashboard.unavailable' })
    }
    if (status === 404) {
      return msg('This campaign was not found.', { id: 'dashboard.notFound' })
    }
    if (status === 429) {
      return msg('Too many requests. Wait a minute and try again.', { id: 'dashboard.rateLimited' })
    }
    return msg('Something went wrong. Please try again.', { id: 'dashboard.generic' })
  }

  private pickCampaign(event: Event) {
    this.campaign = (event.target as HTMLSelectElement).value
    this.emit<DashboardCampaignChangeDetail>('aip-campaign-change', { campaign: this.campaign })
  }

  private pickRange(event: Event) {
    this.days = Number((event.target as HTMLSelectElement).value)
    this.emit<DashboardRangeChangeDetail>('aip-range-change', { days: this.days })
  }

  /** Chart data of one metric over the loaded days. */
  private chartData(metric: ChartMetric): MetricChartData {
    const series = this.dashboard!.series
    return {
      days: series.map((day) => day.day),
      series: [
        {
          key: metric,
          label: metricLabel(metric),
          format: FORMATS[metric],
          values: series.map((day) => dailyValue(day, metric)),
        },
      ],
    }
  }

  private renderToolbar() {
    const campaigns = this.campaigns ?? []
    const ranges = DASHBOARD_RANGES.includes(this.days as 7)
      ? DASHBOARD_RANGES
      : [...DASHBOARD_RANGES, this.days]
    return html`<div class="toolbar" part="toolbar">
      ${
        campaigns.length > 0
          ? html`<div class="control">
              <label for="campaign">${msg('Campaign', { id: 'dashboard.campaign' })}</label>
              <select id="campaign" part="campaign-select" @change=${this.pickCampaign}>
                ${campaigns.map(
                  (item) =>
                    html`<option value=${item.id} ?selected=${item.id === this.campaign}>
                      ${item.name}
                    </option>`
                )}
              </select>
            </div>`
          : nothing
      }
      <div class="control">
        <label for="range">${msg('Period', { id: 'dashboard.range' })}</label>
        <select id="range" part="range-select" @change=${this.pickRange}>
          ${ranges.map(
            (days) =>
              html`<option value=${days} ?selected=${days === this.days}>
                ${msg(str`Last ${days} days`, { id: 'dashboard.lastDays' })}
              </option>`
          )}
        </select>
      </div>
    </div>`
  }

  private renderKpis(summary: Summary) {
    const locale = this.formatLocale
    return html`<dl class="kpis" part="kpis">
      ${KPIS.map(
        (kpi) =>
          html`<div class="kpi" part="kpi" data-kpi=${kpi}>
            <dt part="kpi-label">${metricLabel(kpi)}</dt>
            <dd part="kpi-value">
              ${formatMetric(summary[kpi] ?? null, FORMATS[kpi], locale, { currency: this.currency })}
            </dd>
          </div>`
      )}
    </dl>`
  }

  private renderBody() {
    switch (this.state) {
      case 'error':
        return html`<p class="alert" part="alert" role="alert">${this.errorMessage}</p>`
      case 'empty':
        return html`<p class="status" part="status">
          ${msg('No campaigns yet.', { id: 'dashboard.noCampaigns' })}
        </p>`
      case 'ready':
        break
      default:
        if (!this.dashboard) {
          return html`<p class="status" part="status" role="status">
            ${msg('Loading the dashboard…', { id: 'dashboard.loading' })}
          </p>`
        }
    }
    const dashboard = this.dashboard!
    if (dashboard.summary.days_with_data === 0) {
      return html`${this.renderKpis(dashboard.summary)}
        <p class="status" part="status">
          ${msg('No metrics were recorded in this period.', { id: 'dashboard.noData' })}
        </p>`
    }
    return html`${this.renderKpis(dashboard.summary)}
      <div class="charts" part="charts">
        ${this.chartMetrics.map(
          (metric) =>
            html`<aip-metric-chart
              part="metric-chart"
              label=${metricLabel(metric)}
              locale=${this.formatLocale}
              type=${this.chartType}
              currency=${this.currency}
              .data=${this.chartData(metric)}
            ></aip-metric-chart>`
        )}
      </div>`
  }

  override render() {
    return html`<section
      class="dashboard"
      aria-busy=${this.state === 'loading' ? 'true' : 'false'}
      aria-label=${this.dashboard?.campaign.name ?? msg('Campaign dashboard', { id: 'dashboard.title' })}
    >
      ${this.campaigns?.length ? this.renderToolbar() : nothing} ${this.renderBody()}
    </section>`
  }
}
