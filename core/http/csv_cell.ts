/**
 * A value as one cell of an exported CSV file: dates in ISO 8601, arrays
 * joined with `; `, objects as JSON. Text that a spreadsheet would run as a
 * formula (starting with = + - @, tab or CR) gets a leading apostrophe
 * (CSV injection). Every CSV export of the platform writes its cells with it.
 */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return ''
  if (value instanceof Date) return value.toISOString()
  if (Array.isArray(value)) return csvCell(value.join('; '))
  if (typeof value === 'object') return JSON.stringify(value)
  const text = String(value)
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text
}
