import type { TemplateVariable } from '#sdk'
import type { TemplateRow } from './template_resource.js'

const EPOCH = new Date('2026-01-01T00:00:00Z')

function platformTemplate(
  id: string,
  name: string,
  templateType: string,
  content: string,
  variables: TemplateVariable[]
): TemplateRow {
  return {
    id,
    workspace_id: null,
    created_by: null,
    name,
    template_type: templateType,
    content,
    variables,
    is_public: true,
    source: 'platform',
    metadata: {},
    created_at: EPOCH,
    updated_at: EPOCH,
  }
}

/**
 * The platform's global templates: read-only, visible to every workspace,
 * shipped with the code (not a table) so every installation has the same.
 */
export const PLATFORM_TEMPLATES: TemplateRow[] = [
  platformTemplate(
    '00000000-0000-4000-8000-00000000c001',
    'Product launch announcement',
    'social',
    '{{ product }} is here! {{ benefit }}{% if link %} Learn more: {{ link }}{% endif %} #{{ hashtag | default: "launch" }}',
    [
      { name: 'product', required: true, type: 'string' },
      { name: 'benefit', required: true, type: 'string' },
      { name: 'link', type: 'string' },
      { name: 'hashtag', type: 'string' },
    ]
  ),
  platformTemplate(
    '00000000-0000-4000-8000-00000000c002',
    'Blog post outline',
    'blog',
    '# {{ title }}\n\nFor: {{ audience }}\n\n{% for point in points %}## {{ forloop.index }}. {{ point }}\n\n{% endfor %}Call to action: {{ cta }}',
    [
      { name: 'title', required: true, type: 'string' },
      { name: 'audience', required: true, type: 'string' },
      { name: 'points', required: true, type: 'list' },
      { name: 'cta', required: true, type: 'string' },
    ]
  ),
  platformTemplate(
    '00000000-0000-4000-8000-00000000c003',
    'Newsletter intro',
    'email',
    'Hi {{ first_name | default: "there" }},\n\nThis {{ period }} at {{ company }}: {{ highlight }}.',
    [
      { name: 'first_name', type: 'string' },
      { name: 'period', required: true, type: 'string' },
      { name: 'company', required: true, type: 'string' },
      { name: 'highlight', required: true, type: 'string' },
    ]
  ),
]

/** A platform template by id, or undefined. */
export function findPlatformTemplate(id: string) {
  return PLATFORM_TEMPLATES.find((template) => template.id === id)
}
