/**
 * Locale-aware formatting of metric values and days, shared by the chart and
 * dashboard elements (Intl only: nothing to download per locale).
 */

/** How a metric's values read: counts, ratios shown as percentages, or money. */
export type MetricFormat = 'number' | 'percent' | 'currency'

const formatters = new Map<string, Intl.NumberFormat>()

/** A cached `Intl.NumberFormat` (formatters are costly to build, and axes format often). */
function numberFormat(locale: string, options: Intl.NumberFormatOptions) {
  const id = `${locale}|${JSON.stringify(options)}`
  let formatter = formatters.get(id)
  if (!formatter) {
    formatter = new Intl.NumberFormat(locale, options)
    formatters.set(id, formatter)
  }
  return formatter
}

/** Formats a metric value; `compact` for axis labels (1.2K, 3,4 M). Null reads as a dash. */
export function formatMetric(
  value: number | null | undefined,
  format: MetricFormat,
  locale: string,
  options: { currency?: string; compact?: boolean } = {}
): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '–'
  const compact = options.compact ? { notation: 'compact' as const } : {}
  switch (format) {
    case 'percent':
      return numberFormat(locale, { style: 'percent', maximumFractionDigits: 2 }).format(value)
    case 'currency':
      return numberFormat(locale, {
        style: 'currency',
        currency: options.currency || 'USD',
        ...compact,
      }).format(value)
    default:
      return numberFormat(locale, { maximumFractionDigits: 2, ...compact }).format(value)
  }
}

/** A calendar day (`YYYY-MM-DD`) as the locale writes it, short or with the year. */
export function formatDay(day: string, locale: string, withYear = false): string {
  const date = new Date(`${day}T00:00:00Z`)
  if (Number.isNaN(date.getTime())) return day
  return new Intl.DateTimeFormat(locale, {
    day: 'numeric',
    month: 'short',
    ...(withYear ? { year: 'numeric' } : {}),
    timeZone: 'UTC',
  }).format(date)
}
