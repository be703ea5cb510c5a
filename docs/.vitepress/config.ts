import { defineConfig } from 'vitepress'
import { withMermaid } from 'vitepress-plugin-mermaid'

/** VitePress site of Action Insight Pilot: guides, concepts and reference. */
const site = defineConfig({
  title: 'Action Insight Pilot',
  description:
    'Open-source, embeddable, headless AI marketing platform: AdonisJS core, PostgreSQL-enforced tenancy, plugins, jobs and an OpenAPI 3.1 API.',
  cleanUrls: true,
  lastUpdated: false,
  themeConfig: {
    nav: [
      { text: 'Guide', link: '/guide/quickstart' },
      { text: 'Concepts', link: '/concepts/architecture' },
      { text: 'Reference', link: '/reference/api' },
    ],
    sidebar: [
      {
        text: 'Guide',
        items: [
          { text: 'Quickstart', link: '/guide/quickstart' },
          { text: 'Configuration', link: '/guide/configuration' },
          { text: 'Limits and hardening', link: '/guide/limits-and-hardening' },
          { text: 'Deploy to production', link: '/guide/deploy' },
          { text: 'Writing a plugin', link: '/guide/plugin-authoring' },
          { text: 'Privacy and GDPR', link: '/guide/privacy' },
          { text: 'Secrets vault', link: '/guide/secrets' },
          { text: 'Integrations and OAuth', link: '/guide/integrations' },
          { text: 'Support tickets', link: '/guide/support' },
          { text: 'Mail (sending, DKIM, transactional)', link: '/guide/mail' },
          { text: 'Analytics events', link: '/guide/analytics-events' },
          { text: 'Copilot chat', link: '/guide/copilot-chat' },
          { text: 'AI gateway', link: '/guide/ai-gateway' },
          { text: 'Webhooks', link: '/guide/webhooks' },
          { text: 'Campaigns plugin', link: '/guide/campaigns' },
          { text: 'Leads plugin', link: '/guide/leads' },
          { text: 'Autopilot plugin', link: '/guide/autopilot' },
          { text: 'Email plugin', link: '/guide/email' },
          { text: 'Knowledge base', link: '/guide/knowledge' },
          { text: 'Knowledge search', link: '/guide/knowledge-search' },
          { text: 'Knowledge answers', link: '/guide/knowledge-answers' },
          { text: 'Strategy plugin', link: '/guide/strategy' },
          { text: 'Video plugin', link: '/guide/video' },
          { text: 'Embed a lead form', link: '/guide/embed-lead-form' },
          { text: 'Embed sessions', link: '/guide/embed-sessions' },
          { text: 'Embed a campaign dashboard', link: '/guide/embed-campaign-dashboard' },
          { text: 'Embed the assistant', link: '/guide/embed-assistant' },
          { text: 'Embed the copilot chat', link: '/guide/embed-chat' },
          { text: 'Embed the content calendar', link: '/guide/embed-content-calendar' },
          { text: 'Embed the autopilot inbox', link: '/guide/embed-autopilot-inbox' },
          { text: 'Embed a support form', link: '/guide/embed-support-form' },
          { text: 'Embed the video studio', link: '/guide/embed-video-studio' },
          { text: 'White-label embedding', link: '/guide/white-label' },
          { text: 'Content plugin', link: '/guide/content' },
        ],
      },
      {
        text: 'Concepts',
        items: [
          { text: 'Architecture', link: '/concepts/architecture' },
          { text: 'Tenancy and security', link: '/concepts/tenancy' },
          { text: 'Plugins', link: '/concepts/plugins' },
          { text: 'Data access', link: '/concepts/data-access' },
          { text: 'Jobs and cron', link: '/concepts/jobs' },
          { text: 'Generation context', link: '/concepts/generation-context' },
        ],
      },
      {
        text: 'Reference',
        items: [
          { text: 'HTTP API', link: '/reference/api' },
          { text: 'Embed API', link: '/reference/embed-api' },
          { text: 'Web components', link: '/reference/components' },
          { text: 'Element reference', link: '/reference/elements' },
          { text: 'Database', link: '/reference/database' },
          { text: 'Benchmarks', link: '/reference/benchmarks' },
          { text: 'Fault results', link: '/reference/fault-results' },
        ],
      },
    ],
    search: { provider: 'local' },
    outline: { level: [2, 3] },
    footer: { message: 'Released under the MIT License.' },
  },
})

/**
 * The site, with ```mermaid blocks rendered as diagrams (the architecture page draws one).
 * Mermaid sizes a label outside the page and the theme's paragraph style (28px lines) would
 * clip it inside, so labels keep the line height they were measured with.
 */
export default withMermaid({
  ...site,
  mermaid: { themeCSS: '.label p, .edgeLabel p { line-height: 24px; margin: 0; }' },
})
