import { html, nothing, type PropertyValues } from 'lit'
import { msg, str } from '@lit/localize'
import { AipElement } from '../../base/aip-element.js'
import { EmbedApiError, unwrap } from '../../base/api-client.js'
import type { components } from '../../api/embed-schema.js'
import { addTranslations, resolveLocale } from '../../base/localization.js'
import { videoStudioStyles } from './aip-video-studio.styles.js'
import { templates as de } from './locales/de.js'
import { templates as fr } from './locales/fr.js'

// This element's own translations (shared ones come with the base).
addTranslations('fr', fr)
addTranslations('de', de)

/** A video project of the end user, as the studio lists it. */
export type VideoStudioProject = components['schemas']['EmbedVideoProject']
/** One project with its pipeline steps and progress. */
export type VideoStudioProjectDetail = components['schemas']['EmbedVideoProjectDetail']
/** One scene of a project's plan. */
export type VideoStudioScene = NonNullable<VideoStudioProject['scene_plan']>['scenes'][number]

/** Detail of `aip-video-created`, `aip-video-plan-saved`, `aip-video-render-start` and `aip-video-rendered`. */
export interface VideoStudioDetail {
  project: VideoStudioProjectDetail
}

/** Statuses during which the studio polls the project. */
const WORKING = ['planning', 'generating_images', 'generating_video']
/** Wait before the next progress check after a 429 (the key's per-minute limit). */
const RATE_LIMITED_DELAY_MS = 15_000
/** Platforms an end user may choose (the API's). */
const PLATFORMS = ['YouTubeShort', 'TikTok', 'Reels', 'Landscape'] as const

function platformLabel(platform: string) {
  switch (platform) {
    case 'TikTok':
      return msg('TikTok (vertical)', { id: 'video.platform.tiktok' })
    case 'Reels':
      return msg('Reels (vertical)', { id: 'video.platform.reels' })
    case 'Landscape':
      return msg('Landscape (16:9)', { id: 'video.platform.landscape' })
    default:
      return msg('YouTube Short (vertical)', { id: 'video.platform.short' })
  }
}

function statusLabel(status: VideoStudioProject['status']) {
  switch (status) {
    case 'draft':
      return msg('Draft', { id: 'video.status.draft' })
    case 'planning':
      return msg('Planning the scenes…', { id: 'video.status.planning' })
    case 'generating_images':
      return msg('Making the images…', { id: 'video.status.images' })
    case 'generating_video':
      return msg('Rendering the video…', { id: 'video.status.video' })
    case 'completed':
      return msg('Ready', { id: 'video.status.completed' })
    case 'failed':
      return msg('Failed', { id: 'video.status.failed' })
    case 'cancelled':
      return msg('Cancelled', { id: 'video.status.cancelled' })
  }
}

/** Sum of scene durations, rounded like the API rounds it. */
function total(scenes: VideoStudioScene[]) {
  return Math.round(scenes.reduce((sum, scene) => sum + scene.duration_s, 0) * 100) / 100
}

type Load = 'loading' | 'ready' | 'error'

/**
 * A video studio for a vendor's signed-in end user: create a short video
 * from a goal, review and edit the scene plan (on-screen text and duration of
 * each scene; the durations must add up to the video's length), render it,
 * follow the progress, and play the result. Lists the end user's own
 * projects only. Needs an embed session: `video:read` to see, `video:write`
 * to create, edit and render. The work runs as, and is billed to, the
 * workspace member who created the embed key.
 *
 * The host page's Content Security Policy must allow `media-src` (and
 * `connect-src`, `script-src`) for the platform's origin: the video plays
 * from a signed link of the platform.
 *
 * @element aip-video-studio
 *
 * @attr key - Publishable embed key (`pk_…`) with the `video:studio` capability.
 * @attr session - Embed session token minted by the host's backend (`video:read`, or `video:write` to create, edit and render).
 * @attr api-base - Origin of the platform API; defaults to the origin of the script.
 * @attr locale - `en`, `fr` or `de`; defaults to the page's `lang`, then the browser's language.
 * @attr provider - Provider of new videos (`local`, `google`, `openai`); the workspace default when absent.
 * @attr poll-interval - Milliseconds between progress checks while a video is planned or rendered (default 2000, at least 500).
 *
 * @fires aip-video-created - A project was created and its plan queued; `detail: { project }`.
 * @fires aip-video-plan-saved - The edited scene plan was stored; `detail: { project }`.
 * @fires aip-video-render-start - Rendering was started; `detail: { project }`.
 * @fires aip-video-rendered - A video this element followed finished rendering; `detail: { project }` (its `video_url` plays it).
 * @fires aip-error - A request failed; `detail: { status, problem, fieldErrors }`.
 *
 * @csspart create - The new video form.
 * @csspart projects - The list of the end user's videos.
 * @csspart project - The selected video: status, plan, progress and player.
 * @csspart plan - The scene plan editor.
 * @csspart scene - One scene of the plan editor.
 * @csspart progress - The progress bar.
 * @csspart video - The `<video>` player of a rendered project.
 * @csspart button - Every button.
 * @csspart primary - The create and render buttons.
 * @csspart alert - An error message.
 * @csspart status - Loading and confirmation messages.
 *
 * @cssprop --aip-font-family - Font of the studio.
 * @cssprop --aip-color-text - Text colour.
 * @cssprop --aip-color-muted - Secondary text.
 * @cssprop --aip-color-background - Background of controls.
 * @cssprop --aip-color-primary - Primary buttons and the progress bar.
 * @cssprop --aip-color-on-primary - Text on the primary colour.
 * @cssprop --aip-color-border - Borders of sections and controls.
 * @cssprop --aip-color-success - Confirmation messages.
 * @cssprop --aip-color-error - Error messages.
 * @cssprop --aip-radius - Corner radius.
 * @cssprop --aip-spacing - Base spacing unit.
 * @cssprop --aip-focus-ring - Outline of focused controls.
 */
export class AipVideoStudio extends AipElement {
  static override properties = {
    ...AipElement.properties,
    provider: { type: String },
    pollInterval: { type: Number, attribute: 'poll-interval' },
    projects: { attribute: false },
    project: { attribute: false },
    scenes: { state: true },
    load: { state: true },
    busy: { state: true },
    alert: { state: true },
    done: { state: true },
  }

  static override styles = [...AipElement.styles, videoStudioStyles]

  /** Provider of new videos (empty: the workspace default). */
  declare provider: string
  /** Milliseconds between progress checks. */
  declare pollInterval: number
  /** The end user's projects, newest first (read-only for hosts). */
  declare projects: VideoStudioProject[]
  /** The selected project with its steps (read-only for hosts). */
  declare project: VideoStudioProjectDetail | null
  declare protected scenes: VideoStudioScene[]
  declare protected load: Load
  declare protected busy: '' | 'create' | 'save' | 'render'
  declare protected alert: string
  declare protected done: string
  private loadedFor = ''
  private timer?: ReturnType<typeof setTimeout>
  /** Project ids this instance saw working: their completion fires `aip-video-rendered`. */
  private followed = new Set<string>()

  constructor() {
    super()
    this.provider = ''
    this.pollInterval = 2000
    this.projects = []
    this.project = null
    this.scenes = []
    this.load = 'loading'
    this.busy = ''
    this.alert = ''
    this.done = ''
  }

  override disconnectedCallback() {
    super.disconnectedCallback()
    clearTimeout(this.timer)
    this.timer = undefined
  }

  override connectedCallback() {
    super.connectedCallback()
    if (this.project && WORKING.includes(this.project.status)) this.schedule()
  }

  protected override willUpdate(changed: PropertyValues<this>) {
    super.willUpdate(changed)
    const wanted = `${this.apiBase}|${this.key}|${this.session}`
    if (!this.key || !this.session) {
      this.load = 'error'
      this.alert = msg('Sign in to use the video studio.', { id: 'video.error.session' })
    } else if (wanted !== this.loadedFor) {
      this.loadedFor = wanted
      void this.fetchList()
    }
  }

  private async fetchList() {
    const wanted = this.loadedFor
    this.load = 'loading'
    this.alert = ''
    try {
      const page = await unwrap(
        this.api.GET('/v1/embed/video/projects', { params: { query: { limit: 50 } } })
      )
      if (wanted !== this.loadedFor) return
      this.projects = page.data
      this.load = 'ready'
    } catch (error) {
      if (wanted !== this.loadedFor) return
      this.load = 'error'
      this.fail(error)
    }
  }

  private fail(error: unknown) {
    const { status, problem } = error instanceof EmbedApiError ? error : new EmbedApiError(0, null)
    this.alert =
      status === 401
        ? msg('Your session has expired. Reload the page to sign in again.', {
            id: 'video.error.expired',
          })
        : status === 403
          ? msg('You are not allowed to do this here.', { id: 'video.error.forbidden' })
          : status === 404
            ? msg('This video no longer exists.', { id: 'video.error.missing' })
            : problem?.type?.endsWith('embed-key-creator-unavailable')
              ? msg(
                  'Videos cannot be made here right now: the site must renew its video studio key.',
                  {
                    id: 'video.error.key_creator',
                  }
                )
              : status === 409 || status === 422
                ? (problem?.detail ??
                  msg('Something went wrong. Please try again.', { id: 'video.error.generic' }))
                : msg('Something went wrong. Please try again.', { id: 'video.error.generic' })
    this.emitFailure(error)
  }

  /** Shows a project (from a request), keeps the list in step and polls while it works. */
  private show(project: VideoStudioProjectDetail) {
    const before = this.project?.id === project.id ? this.project : null
    if (!before || before.status !== project.status || !this.scenes.length) {
      this.scenes = project.scene_plan?.scenes.map((scene) => ({ ...scene })) ?? []
    }
    this.project = project
    const listed = this.projects.some((item) => item.id === project.id)
    this.projects = listed
      ? this.projects.map((item) => (item.id === project.id ? project : item))
      : [project, ...this.projects]
    clearTimeout(this.timer)
    this.timer = undefined
    if (WORKING.includes(project.status)) {
      this.followed.add(project.id)
      this.schedule()
    } else if (project.status === 'completed' && this.followed.delete(project.id)) {
      this.done = msg('Your video is ready.', { id: 'video.rendered' })
      this.emit<VideoStudioDetail>('aip-video-rendered', { project })
    }
  }

  private schedule(atLeast = 0) {
    clearTimeout(this.timer)
    const delay = Math.max(500, atLeast, this.pollInterval || 0)
    this.timer = setTimeout(() => void this.refresh(), delay)
  }

  private async refresh() {
    const current = this.project
    if (!current || !this.isConnected) return
    try {
      const project = await unwrap(
        this.api.GET('/v1/embed/video/projects/{id}', { params: { path: { id: current.id } } })
      )
      if (this.project?.id === project.id) this.show(project)
    } catch (error) {
      // Over the key's rate limit: keep following, more slowly, without alarming the user.
      if (error instanceof EmbedApiError && error.status === 429) {
        this.schedule(RATE_LIMITED_DELAY_MS)
      } else {
        this.fail(error)
      }
    }
  }

  private async open(item: VideoStudioProject) {
    this.alert = ''
    this.done = ''
    try {
      this.show(
        await unwrap(
          this.api.GET('/v1/embed/video/projects/{id}', { params: { path: { id: item.id } } })
        )
      )
    } catch (error) {
      this.fail(error)
    }
  }

  private async create(event: SubmitEvent) {
    event.preventDefault()
    const form = event.target as HTMLFormElement
    if (!form.reportValidity()) return
    const data = new FormData(form)
    this.busy = 'create'
    this.alert = ''
    this.done = ''
    try {
      const project = await unwrap(
        this.api.POST('/v1/embed/video/projects', {
          body: {
            goal: String(data.get('goal') ?? '').trim(),
            platform: String(data.get('platform')) as (typeof PLATFORMS)[number],
            duration_s: Number(data.get('duration_s')),
            ...(this.provider ? { provider: this.provider as 'local' } : {}),
          },
        })
      )
      form.reset()
      this.scenes = []
      this.project = null
      this.show(project)
      this.done = msg('Video created: its scenes are being planned.', { id: 'video.created' })
      this.emit<VideoStudioDetail>('aip-video-created', { project })
    } catch (error) {
      this.fail(error)
    } finally {
      this.busy = ''
    }
  }

  private editScene(index: number, field: 'caption' | 'duration_s', value: string) {
    this.scenes = this.scenes.map((scene, at) =>
      at === index
        ? { ...scene, [field]: field === 'duration_s' ? Number(value) || 0 : value }
        : scene
    )
  }

  /** Stores the edited plan; true when stored. */
  private async savePlan(): Promise<boolean> {
    const project = this.project
    if (!project?.scene_plan) return false
    this.busy = 'save'
    this.alert = ''
    this.done = ''
    try {
      const saved = await unwrap(
        this.api.POST('/v1/embed/video/projects/{id}/plan', {
          params: { path: { id: project.id } },
          body: { title: project.scene_plan.title, scenes: this.scenes },
        })
      )
      this.scenes = []
      this.show(saved)
      this.done = msg('Scene plan saved.', { id: 'video.saved' })
      this.emit<VideoStudioDetail>('aip-video-plan-saved', { project: saved })
      return true
    } catch (error) {
      this.fail(error)
      return false
    } finally {
      this.busy = ''
    }
  }

  private async startRender(event: Event) {
    event.preventDefault()
    const project = this.project
    if (!project) return
    const edited = JSON.stringify(this.scenes) !== JSON.stringify(project.scene_plan?.scenes ?? [])
    if (edited && !(await this.savePlan())) return
    this.busy = 'render'
    this.alert = ''
    try {
      const started = await unwrap(
        this.api.POST('/v1/embed/video/projects/{id}/generate', {
          params: { path: { id: project.id } },
        })
      )
      this.show(started)
      this.done = msg('Rendering started.', { id: 'video.render.started' })
      this.emit<VideoStudioDetail>('aip-video-render-start', { project: started })
    } catch (error) {
      this.fail(error)
    } finally {
      this.busy = ''
    }
  }

  override render() {
    if (this.load === 'error') {
      return html`<p class="alert" part="alert" role="alert">${this.alert}</p>`
    }
    if (this.load === 'loading') {
      return html`<p class="status" part="status" role="status">
        ${msg('Loading your videos…', { id: 'video.loading' })}
      </p>`
    }
    return html`
      <p class="done" part="status" role="status">${this.done}</p>
      ${this.alert ? html`<p class="alert" part="alert" role="alert">${this.alert}</p>` : nothing}
      ${this.renderCreate()} ${this.renderList()}
      ${this.project ? this.renderProject(this.project) : nothing}
    `
  }

  private renderCreate() {
    return html`<form class="block" part="create" @submit=${this.create}>
      <h2 id="create-title">${msg('New video', { id: 'video.new' })}</h2>
      <label>
        ${msg('What should the video achieve?', { id: 'video.goal' })}
        <textarea name="goal" rows="3" required maxlength="2000"></textarea>
      </label>
      <div class="row">
        <label>
          ${msg('Format', { id: 'video.platform' })}
          <select name="platform">
            ${PLATFORMS.map((platform) => html`<option value=${platform}>${platformLabel(platform)}</option>`)}
          </select>
        </label>
        <label>
          ${msg('Length (seconds)', { id: 'video.duration' })}
          <input name="duration_s" type="number" min="1" max="120" step="1" value="8" required />
        </label>
      </div>
      <button
        class="primary"
        part="button primary"
        type="submit"
        ?disabled=${this.busy === 'create'}
      >
        ${msg('Create the video', { id: 'video.create' })}
      </button>
    </form>`
  }

  private renderList() {
    return html`<div class="block" part="projects">
      <h2 id="list-title">${msg('Your videos', { id: 'video.list' })}</h2>
      ${
        this.projects.length
          ? html`<ul aria-labelledby="list-title">
              ${this.projects.map(
                (item) =>
                  html`<li>
                    <button
                      part="button"
                      type="button"
                      aria-current=${this.project?.id === item.id ? 'true' : 'false'}
                      @click=${() => this.open(item)}
                    >
                      <span class="goal">${item.scene_plan?.title ?? item.goal}</span>
                      <span class="meta">
                        ${statusLabel(item.status)} ·
                        ${new Intl.DateTimeFormat(resolveLocale(this.requestedLocale), {
                          dateStyle: 'medium',
                        }).format(new Date(item.created_at))}
                      </span>
                    </button>
                  </li>`
              )}
            </ul>`
          : html`<p class="empty">${msg('No videos yet.', { id: 'video.list.empty' })}</p>`
      }
    </div>`
  }

  private renderProject(project: VideoStudioProjectDetail) {
    const title = project.scene_plan?.title ?? project.goal
    const working = WORKING.includes(project.status)
    const percent = project.progress.percent
    return html`<div class="block" part="project">
      <h2 id="project-title">${title}</h2>
      <p class="meta">
        ${platformLabel(project.platform)} · ${project.duration_s} s ·
        <strong>${statusLabel(project.status)}</strong>
      </p>
      ${
        working
          ? html`<div class="progress">
              <span id="progress-label">${msg('Progress', { id: 'video.progress' })}</span>
              <progress
                part="progress"
                max="100"
                .value=${percent}
                aria-labelledby="progress-label"
                aria-valuetext=${msg(str`${percent} %`, { id: 'video.progress.value' })}
              ></progress>
              <span
                >${msg(str`${project.progress.completed} of ${project.progress.total} steps`, {
                  id: 'video.progress.steps',
                })}</span
              >
            </div>`
          : nothing
      }
      ${project.status === 'failed' && project.error_message ? html`<p class="alert" role="alert" part="alert">${project.error_message}</p>` : nothing}
      ${project.status === 'draft' && project.scene_plan ? this.renderPlan(project) : nothing}
      ${
        project.status === 'completed' && project.video_url
          ? html`<video
              part="video"
              controls
              preload="metadata"
              src=${project.video_url}
              aria-label=${msg(str`Video: ${title}`, { id: 'video.player' })}
            ></video>`
          : nothing
      }
    </div>`
  }

  private renderPlan(project: VideoStudioProjectDetail) {
    const sum = total(this.scenes)
    const fits = sum === project.duration_s
    return html`<form
      class="plan"
      part="plan"
      @submit=${(event: SubmitEvent) => {
        event.preventDefault()
        void this.savePlan()
      }}
    >
      <h3>${msg('Scenes', { id: 'video.scenes' })}</h3>
      ${this.scenes.map(
        (scene, index) =>
          html`<fieldset part="scene">
            <legend>${msg(str`Scene ${index + 1}`, { id: 'video.scene' })}</legend>
            <label>
              ${msg('On-screen text', { id: 'video.scene.caption' })}
              <input
                maxlength="200"
                .value=${scene.caption}
                @input=${(event: Event) => this.editScene(index, 'caption', (event.target as HTMLInputElement).value)}
              />
            </label>
            <label>
              ${msg('Seconds', { id: 'video.scene.duration' })}
              <input
                type="number"
                min="0.5"
                max="120"
                step="0.5"
                required
                .value=${String(scene.duration_s)}
                @input=${(event: Event) => this.editScene(index, 'duration_s', (event.target as HTMLInputElement).value)}
              />
            </label>
          </fieldset>`
      )}
      <p class=${fits ? 'meta' : 'alert'} id="sum">
        ${msg(str`The scenes last ${sum} s of the video's ${project.duration_s} s.`, { id: 'video.sum' })}
      </p>
      <div class="row">
        <button
          part="button"
          type="submit"
          ?disabled=${this.busy !== '' || !fits}
          aria-describedby="sum"
        >
          ${msg('Save the plan', { id: 'video.save' })}
        </button>
        <button
          class="primary"
          part="button primary"
          type="button"
          ?disabled=${this.busy !== '' || !fits}
          aria-describedby="sum"
          @click=${this.startRender}
        >
          ${msg('Render the video', { id: 'video.render' })}
        </button>
      </div>
    </form>`
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'aip-video-studio': AipVideoStudio
  }
}
