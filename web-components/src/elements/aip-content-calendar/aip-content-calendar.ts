import { html, nothing, type PropertyValues } from 'lit'
import { msg, str } from '@lit/localize'
import { AipElement } from '../../base/aip-element.js'
import { EmbedApiError, unwrap } from '../../base/api-client.js'
import type { components } from '../../api/embed-schema.js'
import { addTranslations, resolveLocale } from '../../base/localization.js'
import { contentCalendarStyles } from './aip-content-calendar.styles.js'
import {
  addDays,
  addMonths,
  dayIn,
  isoWeekKey,
  monthKey,
  monthWeeks,
  weekDays,
  zonedInstant,
} from './calendar-dates.js'
import { templates as de } from './locales/de.js'
import { templates as fr } from './locales/fr.js'

// This element's own translations (shared ones come with the base).
addTranslations('fr', fr)
addTranslations('de', de)

/** A month or week of the calendar as the API serves it. */
export type CalendarRange = components['schemas']['EmbedCalendarRange']
/** One occurrence of an entry in a range. */
export type CalendarOccurrence = CalendarRange['data'][number]
/** A calendar entry as the element sees it. */
export type CalendarEntry = components['schemas']['EmbedCalendarEntry']
/** A status of the calendar's status machine. */
export type EntryStatus = CalendarEntry['status']

/** Content types an entry may have (the API's list). */
export const CONTENT_TYPES = [
  'blog',
  'social',
  'email',
  'video',
  'infographic',
  'podcast',
  'webinar',
  'ad',
  'landing_page',
  'other',
] as const

/** Detail of `aip-day-select`. */
export interface CalendarDaySelectDetail {
  /** The selected day, `YYYY-MM-DD`. */
  date: string
  occurrences: CalendarOccurrence[]
}

/** Detail of `aip-entry-create`, `aip-entry-move` and `aip-entry-status`. */
export interface CalendarEntryDetail {
  entry: CalendarEntry
}

/** Localised name of a status. */
function statusLabel(status: EntryStatus): string {
  switch (status) {
    case 'draft':
      return msg('Draft', { id: 'calendar.status.draft' })
    case 'scheduled':
      return msg('Scheduled', { id: 'calendar.status.scheduled' })
    case 'published':
      return msg('Published', { id: 'calendar.status.published' })
    case 'archived':
      return msg('Archived', { id: 'calendar.status.archived' })
  }
}

/** Localised label of the button that moves an entry to `status`. */
function transitionLabel(status: EntryStatus): string {
  switch (status) {
    case 'draft':
      return msg('Back to draft', { id: 'calendar.transition.draft' })
    case 'scheduled':
      return msg('Schedule', { id: 'calendar.transition.scheduled' })
    case 'published':
      return msg('Publish', { id: 'calendar.transition.published' })
    case 'archived':
      return msg('Archive', { id: 'calendar.transition.archived' })
  }
}

/** Localised name of a content type. */
function typeLabel(type: string): string {
  switch (type) {
    case 'blog':
      return msg('Blog post', { id: 'calendar.type.blog' })
    case 'social':
      return msg('Social post', { id: 'calendar.type.social' })
    case 'email':
      return msg('E-mail', { id: 'calendar.type.email' })
    case 'video':
      return msg('Video', { id: 'calendar.type.video' })
    case 'infographic':
      return msg('Infographic', { id: 'calendar.type.infographic' })
    case 'podcast':
      return msg('Podcast', { id: 'calendar.type.podcast' })
    case 'webinar':
      return msg('Webinar', { id: 'calendar.type.webinar' })
    case 'ad':
      return msg('Ad', { id: 'calendar.type.ad' })
    case 'landing_page':
      return msg('Landing page', { id: 'calendar.type.landing_page' })
  }
  return msg('Other', { id: 'calendar.type.other' })
}

/** The browser's time zone, else UTC. */
function browserZone() {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC'
}

type Load = 'idle' | 'loading' | 'error'

/**
 * The workspace's content calendar in a month or week view. Anyone on an
 * allowed page sees what is scheduled and published; with an embed session
 * (`session`) carrying `content:read` it shows every entry, and with
 * `content:write` the end user creates entries, moves them to another day and
 * moves them through the status machine (draft → scheduled → published,
 * archive). The grid follows the ARIA grid pattern: one tab stop, arrow keys
 * between days, Home/End for the week, Page Up/Page Down for the month.
 *
 * @element aip-content-calendar
 *
 * @attr key - Publishable embed key (`pk_…`) with the `content:calendar` capability.
 * @attr api-base - Origin of the platform API; defaults to the origin of the script.
 * @attr locale - `en`, `fr` or `de`; defaults to the page's `lang`, then the browser's language.
 * @attr session - Embed session token minted by the host's backend for its signed-in user: `content:read` shows drafts, `content:write` allows editing.
 * @attr view - `month` (default) or `week`.
 * @attr date - A day (`YYYY-MM-DD`) of the period to show first; defaults to today.
 * @attr time-zone - IANA time zone the days are cut in; defaults to the browser's.
 *
 * @fires aip-range-change - A month or week was loaded; `detail: CalendarRange`.
 * @fires aip-day-select - A day was selected; `detail: { date, occurrences }`.
 * @fires aip-entry-create - The end user created an entry; `detail: { entry }`.
 * @fires aip-entry-move - The end user moved an entry to another day; `detail: { entry }`.
 * @fires aip-entry-status - The end user changed an entry's status; `detail: { entry }`.
 * @fires aip-error - Loading or a change failed; `detail: { status, problem, fieldErrors }`.
 *
 * @csspart toolbar - The title and the navigation buttons.
 * @csspart title - The month or week title.
 * @csspart nav - The previous, today and next buttons.
 * @csspart view-toggle - The month and week buttons.
 * @csspart grid - The calendar table.
 * @csspart day - A day cell.
 * @csspart entry-chip - An entry inside a day cell.
 * @csspart day-panel - The selected day's entries and forms.
 * @csspart entry - One entry in the day panel.
 * @csspart add-form - The form that creates an entry on the selected day.
 * @csspart alert - An error message.
 *
 * @cssprop --aip-font-family - Font of the calendar.
 * @cssprop --aip-font-size - Base font size.
 * @cssprop --aip-color-text - Text colour.
 * @cssprop --aip-color-muted - Weekday names, days of other months, secondary text.
 * @cssprop --aip-color-background - Background of controls.
 * @cssprop --aip-color-primary - Selected day, today, buttons, scheduled entries.
 * @cssprop --aip-color-on-primary - Text on the primary colour.
 * @cssprop --aip-color-border - Grid lines and control borders.
 * @cssprop --aip-color-success - Published entries.
 * @cssprop --aip-color-error - Error messages.
 * @cssprop --aip-radius - Corner radius of controls.
 * @cssprop --aip-spacing - Base spacing unit.
 * @cssprop --aip-focus-ring - Outline of the focused day or control.
 */
export class AipContentCalendar extends AipElement {
  static override properties = {
    ...AipElement.properties,
    view: { type: String, reflect: true },
    date: { type: String },
    timeZone: { type: String, attribute: 'time-zone' },
    range: { attribute: false },
    selected: { state: true },
    load: { state: true },
    busy: { state: true },
    alert: { state: true },
  }

  static override styles = [...AipElement.styles, contentCalendarStyles]

  /** `month` or `week`. */
  declare view: 'month' | 'week'
  /** A day of the period shown first (`YYYY-MM-DD`); defaults to today. */
  declare date: string
  /** IANA time zone the days are cut in. */
  declare timeZone: string
  /** The loaded month or week (read-only for hosts). */
  declare range: CalendarRange | null
  declare protected selected: string
  declare protected load: Load
  declare protected busy: boolean
  declare protected alert: string
  private loadedFor = ''
  private focusAfterRender = false

  constructor() {
    super()
    this.view = 'month'
    this.date = ''
    this.timeZone = ''
    this.range = null
    this.selected = ''
    this.load = 'idle'
    this.busy = false
    this.alert = ''
  }

  private get zone() {
    return this.timeZone || browserZone()
  }

  /** The API's range parameter of the period that contains the selected day. */
  private get period(): { month: string } | { week: string } {
    return this.view === 'week'
      ? { week: isoWeekKey(this.selected) }
      : { month: monthKey(this.selected) }
  }

  protected override willUpdate(changed: PropertyValues<this>) {
    super.willUpdate(changed)
    if (changed.has('date') || !this.selected) {
      this.selected = /^\d{4}-\d{2}-\d{2}$/.test(this.date)
        ? this.date
        : dayIn(new Date(), this.zone)
    }
    const wanted = `${this.apiBase}|${this.key}|${this.session}|${this.zone}|${JSON.stringify(this.period)}`
    if (!this.key) {
      this.load = 'error'
    } else if (wanted !== this.loadedFor) {
      this.loadedFor = wanted
      void this.fetchRange()
    }
  }

  protected override updated() {
    if (this.focusAfterRender) {
      this.focusAfterRender = false
      this.renderRoot.querySelector<HTMLElement>('td[tabindex="0"]')?.focus()
    }
  }

  /** Loads the month or week that contains the selected day. */
  private async fetchRange() {
    const wanted = this.loadedFor
    this.load = 'loading'
    try {
      const range = await unwrap(
        this.api.GET('/v1/embed/content/calendar', {
          params: { query: { ...this.period, time_zone: this.zone } },
        })
      )
      if (wanted !== this.loadedFor) return
      this.range = range
      this.load = 'idle'
      this.emit<CalendarRange>('aip-range-change', range)
    } catch (error) {
      if (wanted !== this.loadedFor) return
      this.load = 'error'
      this.fail(error)
    }
  }

  /** Reloads the period after a change. */
  private async reload() {
    this.loadedFor = ''
    this.requestUpdate()
    await this.updateComplete
  }

  /** Shows a failure in the alert and announces it as `aip-error`. */
  private fail(error: unknown) {
    const { status, fieldErrors } =
      error instanceof EmbedApiError ? error : new EmbedApiError(0, null)
    this.alert =
      status === 409
        ? msg('This change is not allowed for the entry in its current status.', {
            id: 'calendar.error.conflict',
          })
        : status === 401 || status === 403
          ? msg('The calendar is not available on this site.', { id: 'calendar.error.unavailable' })
          : status === 422
            ? (fieldErrors[0]?.message ??
              msg('Check the values and try again.', { id: 'calendar.error.invalid' }))
            : msg('The calendar could not be loaded. Try again.', { id: 'calendar.error.generic' })
    this.emitFailure(error)
  }

  /** The occurrences of one day, in time order. */
  private occurrencesOn(day: string): CalendarOccurrence[] {
    return (this.range?.data ?? []).filter((item) => dayIn(item.occurs_at, this.zone) === day)
  }

  private get localeTag() {
    return resolveLocale(this.requestedLocale)
  }

  private formatDay(day: string, options: Intl.DateTimeFormatOptions) {
    return new Intl.DateTimeFormat(this.localeTag, { ...options, timeZone: 'UTC' }).format(
      new Date(`${day}T12:00:00Z`)
    )
  }

  private formatTime(instant: string) {
    return new Intl.DateTimeFormat(this.localeTag, {
      hour: '2-digit',
      minute: '2-digit',
      timeZone: this.zone,
    }).format(new Date(instant))
  }

  private get periodTitle() {
    if (this.view === 'week') {
      const days = weekDays(this.selected)
      const format = new Intl.DateTimeFormat(this.localeTag, {
        day: 'numeric',
        month: 'long',
        year: 'numeric',
        timeZone: 'UTC',
      })
      return format.formatRange(new Date(`${days[0]}T12:00:00Z`), new Date(`${days[6]}T12:00:00Z`))
    }
    return this.formatDay(this.selected, { month: 'long', year: 'numeric' })
  }

  /** Selects a day; moves focus to its cell (loading its period first when needed). */
  private select(day: string, focus = true) {
    if (day === this.selected) return
    this.selected = day
    this.focusAfterRender = focus
    this.emit<CalendarDaySelectDetail>('aip-day-select', {
      date: day,
      occurrences: this.occurrencesOn(day),
    })
  }

  private step(direction: -1 | 1) {
    this.select(
      this.view === 'week'
        ? addDays(this.selected, 7 * direction)
        : addMonths(this.selected, direction),
      false
    )
  }

  private setView(view: 'month' | 'week') {
    this.view = view
  }

  private onGridKey(event: KeyboardEvent) {
    const moves: Record<string, () => string> = {
      ArrowLeft: () => addDays(this.selected, -1),
      ArrowRight: () => addDays(this.selected, 1),
      ArrowUp: () => addDays(this.selected, -7),
      ArrowDown: () => addDays(this.selected, 7),
      Home: () => weekDays(this.selected)[0],
      End: () => weekDays(this.selected)[6],
      PageUp: () => addMonths(this.selected, event.shiftKey ? -12 : -1),
      PageDown: () => addMonths(this.selected, event.shiftKey ? 12 : 1),
    }
    const move = moves[event.key]
    if (move) {
      event.preventDefault()
      this.select(move())
    } else if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault()
      this.renderRoot.querySelector<HTMLElement>('#day-heading')?.focus()
    }
  }

  override render() {
    if (!this.key || (this.load === 'error' && !this.range)) {
      return html`<p class="alert" part="alert" role="alert">
        ${this.alert || msg('The calendar is not available on this site.', { id: 'calendar.error.unavailable' })}
      </p>`
    }
    const weeks = this.view === 'week' ? [weekDays(this.selected)] : monthWeeks(this.selected)
    const today = dayIn(new Date(), this.zone)
    const month = monthKey(this.selected)
    return html`
      <div class="toolbar" part="toolbar">
        <h2 part="title" id="title" aria-live="polite">${this.periodTitle}</h2>
        <div role="group" part="nav" aria-label=${msg('Navigation', { id: 'calendar.nav' })}>
          <button type="button" @click=${() => this.step(-1)}>
            ${
              this.view === 'week'
                ? msg('Previous week', { id: 'calendar.previousWeek' })
                : msg('Previous month', { id: 'calendar.previousMonth' })
            }
          </button>
          <button type="button" @click=${() => this.select(today, false)}>
            ${msg('Today', { id: 'calendar.today' })}
          </button>
          <button type="button" @click=${() => this.step(1)}>
            ${
              this.view === 'week'
                ? msg('Next week', { id: 'calendar.nextWeek' })
                : msg('Next month', { id: 'calendar.nextMonth' })
            }
          </button>
        </div>
        <div role="group" part="view-toggle" aria-label=${msg('View', { id: 'calendar.view' })}>
          <button
            type="button"
            aria-pressed=${this.view === 'month'}
            @click=${() => this.setView('month')}
          >
            ${msg('Month', { id: 'calendar.month' })}
          </button>
          <button
            type="button"
            aria-pressed=${this.view === 'week'}
            @click=${() => this.setView('week')}
          >
            ${msg('Week', { id: 'calendar.week' })}
          </button>
        </div>
      </div>
      <table
        role="grid"
        part="grid"
        aria-labelledby="title"
        aria-busy=${this.load === 'loading'}
        @keydown=${this.onGridKey}
      >
        <thead>
          <tr>
            ${weeks[0].map(
              (day) =>
                html`<th scope="col" abbr=${this.formatDay(day, { weekday: 'long' })}>
                  ${this.formatDay(day, { weekday: 'short' })}
                </th>`
            )}
          </tr>
        </thead>
        <tbody>
          ${weeks.map(
            (week) =>
              html`<tr>
                ${week.map((day) => this.renderCell(day, today, month))}
              </tr>`
          )}
        </tbody>
      </table>
      ${this.renderDay()}
    `
  }

  private renderCell(day: string, today: string, month: string) {
    const selected = day === this.selected
    const items = this.occurrencesOn(day)
    const shown = this.view === 'week' ? items : items.slice(0, 3)
    const outside = this.view === 'month' && monthKey(day) !== month
    return html`<td
      part="day"
      class=${outside ? 'outside' : ''}
      tabindex=${selected ? 0 : -1}
      aria-selected=${selected ? 'true' : 'false'}
      aria-current=${day === today ? 'date' : nothing}
      data-date=${day}
      @click=${() => this.select(day)}
    >
      <span class="visually-hidden"
        >${this.formatDay(day, { weekday: 'long', day: 'numeric', month: 'long' })}</span
      >
      <span class="number" aria-hidden="true">${Number(day.slice(8))}</span>
      ${
        items.length
          ? html`<ul>
              ${shown.map(
                (item) =>
                  html`<li part="entry-chip" data-status=${item.entry.status}>
                    ${this.view === 'week' ? `${this.formatTime(item.occurs_at)} ` : nothing}${item.entry.title}
                  </li>`
              )}
              ${
                items.length > shown.length
                  ? html`<li>
                      ${msg(str`${items.length - shown.length} more`, { id: 'calendar.more' })}
                    </li>`
                  : nothing
              }
            </ul>`
          : nothing
      }
    </td>`
  }

  private renderDay() {
    const items = this.occurrencesOn(this.selected)
    const editable = Boolean(this.range?.editable)
    return html`<div class="day" part="day-panel" role="group" aria-labelledby="day-heading">
      <h3 id="day-heading" tabindex="-1">
        ${this.formatDay(this.selected, { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' })}
      </h3>
      ${this.alert ? html`<p class="alert" part="alert" role="alert">${this.alert}</p>` : nothing}
      ${
        this.load === 'loading'
          ? html`<p class="status" role="status">${msg('Loading…', { id: 'calendar.loading' })}</p>`
          : items.length
            ? html`<ul>
                ${items.map((item) => this.renderEntry(item, editable))}
              </ul>`
            : html`<p class="empty">
                ${msg('Nothing planned on this day.', { id: 'calendar.empty' })}
              </p>`
      }
      ${editable ? this.renderAddForm() : nothing}
    </div>`
  }

  private renderEntry(item: CalendarOccurrence, editable: boolean) {
    const { entry } = item
    const id = `${entry.id}-${item.occurs_at}`
    return html`<li class="entry" part="entry" aria-labelledby="t-${id}">
      <strong id="t-${id}">${entry.title}</strong>
      <span class="meta">
        ${this.formatTime(item.occurs_at)} ·
        ${typeLabel(entry.content_type)}${entry.platform ? ` · ${entry.platform}` : ''} ·
        ${statusLabel(entry.status)}${item.recurring ? html` · ${msg('Repeats', { id: 'calendar.repeats' })}` : nothing}
      </span>
      ${entry.description ? html`<span>${entry.description}</span>` : nothing}
      ${
        editable
          ? html`<div class="actions">
              ${entry.transitions.map(
                (status) =>
                  html`<button
                    type="button"
                    ?disabled=${this.busy}
                    aria-describedby="t-${id}"
                    @click=${() => this.transition(entry, status)}
                  >
                    ${transitionLabel(status)}
                  </button>`
              )}
              ${
                item.recurring
                  ? nothing
                  : html`<form
                      class="actions"
                      @submit=${(event: SubmitEvent) => this.move(event, entry)}
                    >
                      <label>
                        ${msg('Move to', { id: 'calendar.moveTo' })}
                        <input
                          type="date"
                          name="date"
                          required
                          value=${dayIn(item.occurs_at, this.zone)}
                        />
                      </label>
                      <button type="submit" ?disabled=${this.busy} aria-describedby="t-${id}">
                        ${msg('Move', { id: 'calendar.move' })}
                      </button>
                    </form>`
              }
            </div>`
          : nothing
      }
    </li>`
  }

  private renderAddForm() {
    return html`<form class="add" part="add-form" @submit=${this.create}>
      <label>
        ${msg('Title', { id: 'calendar.field.title' })}
        <input name="title" required maxlength="300" />
      </label>
      <label>
        ${msg('Type', { id: 'calendar.field.type' })}
        <select name="content_type">
          ${CONTENT_TYPES.map((type) => html`<option value=${type}>${typeLabel(type)}</option>`)}
        </select>
      </label>
      <label>
        ${msg('Time', { id: 'calendar.field.time' })}
        <input name="time" type="time" required value="09:00" />
      </label>
      <button class="primary" type="submit" ?disabled=${this.busy}>
        ${msg('Add to this day', { id: 'calendar.add' })}
      </button>
    </form>`
  }

  /** Runs a change, then reloads the period and announces the entry. */
  private async change(
    event: 'aip-entry-create' | 'aip-entry-move' | 'aip-entry-status',
    call: () => Promise<CalendarEntry>
  ) {
    this.busy = true
    this.alert = ''
    try {
      const entry = await call()
      this.emit<CalendarEntryDetail>(event, { entry })
      await this.reload()
      return true
    } catch (error) {
      this.fail(error)
      return false
    } finally {
      this.busy = false
    }
  }

  private async create(event: SubmitEvent) {
    event.preventDefault()
    const form = event.currentTarget as HTMLFormElement
    const data = new FormData(form)
    const title = String(data.get('title') ?? '').trim()
    if (!title) {
      this.alert = msg('Give the entry a title.', { id: 'calendar.error.title' })
      form.querySelector<HTMLInputElement>('input[name="title"]')?.focus()
      return
    }
    const at = zonedInstant(this.selected, String(data.get('time') || '09:00'), this.zone)
    const created = await this.change('aip-entry-create', () =>
      unwrap(
        this.api.POST('/v1/embed/content/calendar/entries', {
          body: {
            title,
            content_type: String(data.get('content_type')) as (typeof CONTENT_TYPES)[number],
            scheduled_date: at.toISOString(),
          },
        })
      )
    )
    if (created) form.reset()
  }

  private async move(event: SubmitEvent, entry: CalendarEntry) {
    event.preventDefault()
    const date = String(new FormData(event.currentTarget as HTMLFormElement).get('date') ?? '')
    if (!date) return
    const moved = await this.change('aip-entry-move', () =>
      unwrap(
        this.api.POST('/v1/embed/content/calendar/entries/{id}/move', {
          params: { path: { id: entry.id } },
          body: { date, time_zone: this.zone },
        })
      )
    )
    if (moved) this.select(date)
  }

  private transition(entry: CalendarEntry, status: EntryStatus) {
    return this.change('aip-entry-status', () =>
      unwrap(
        this.api.POST('/v1/embed/content/calendar/entries/{id}/status', {
          params: { path: { id: entry.id } },
          body: { status },
        })
      )
    )
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'aip-content-calendar': AipContentCalendar
  }
}
