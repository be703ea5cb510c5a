import { createHash, randomUUID } from 'node:crypto'
import { unlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import sharp from 'sharp'
import { createEntry } from '../services/calendar_service.js'
import { createAsset } from '../services/asset_service.js'
import { createBrandKit } from '../services/brand_kit_service.js'
import { createTemplate } from '../services/template_service.js'
import { createProposal } from '../services/proposal_service.js'

/** A PNG drawn here (a logo-like badge), stored through the same path as an upload. */
async function demoImage(name: string, color: string, tags: string[]) {
  const bytes = await sharp({
    create: { width: 640, height: 360, channels: 3, background: color },
  })
    .png()
    .toBuffer()
  const tmpPath = join(tmpdir(), `aip-demo-${randomUUID()}`)
  await writeFile(tmpPath, bytes)
  try {
    return await createAsset(
      {
        clientName: name,
        size: bytes.length,
        tmpPath,
        head: bytes.subarray(0, 4100),
        sha256: createHash('sha256').update(bytes).digest('hex'),
      },
      { tags }
    )
  } finally {
    await unlink(tmpPath).catch(() => {})
  }
}

/**
 * Demo data of the content plugin: a month of calendar entries (one weekly
 * recurring), a brand kit with a logo, two images, a template and a proposal.
 * Runs once, inside the demo workspace's tenant transaction.
 */
export default async function seedContent() {
  const logo = await demoImage('acme-logo.png', '#4f46e5', ['logo', 'brand'])
  await demoImage('spring-launch-banner.png', '#f59e0b', ['campaign', 'banner'])
  await createBrandKit({
    asset_name: 'Acme brand',
    colors: {
      primary: '#4f46e5',
      on_primary: '#ffffff',
      accent: '#f59e0b',
      background: '#ffffff',
      text: '#111827',
    },
    fonts: { heading: 'Inter', body: 'Source Sans 3' },
    voice: {
      tone: 'Confident, friendly, concrete',
      keywords: ['simple', 'fast'],
      avoid: ['synergy'],
    },
    logo_asset_id: logo.id,
    activate: true,
  })
  const start = new Date()
  start.setUTCHours(9, 0, 0, 0)
  const day = 86_400_000
  const plan: Array<[number, string, string, string, 'draft' | 'scheduled']> = [
    [1, 'Spring launch teaser', 'social', 'linkedin', 'scheduled'],
    [3, 'How we cut onboarding to 5 minutes', 'blog', 'website', 'scheduled'],
    [8, 'Customer story: Northwind', 'video', 'youtube', 'draft'],
    [12, 'April newsletter', 'email', 'newsletter', 'draft'],
    [17, 'Launch-day webinar', 'webinar', 'zoom', 'draft'],
    [24, 'Feature infographic', 'infographic', 'instagram', 'draft'],
  ]
  for (const [offset, title, type, platform, status] of plan) {
    await createEntry({
      title,
      content_type: type,
      platform,
      status,
      scheduled_date: new Date(start.getTime() + offset * day),
    })
  }
  await createEntry({
    title: 'Weekly tips thread',
    content_type: 'social',
    platform: 'x',
    scheduled_date: new Date(start.getTime() + 2 * day),
    recurrence_rule: 'FREQ=WEEKLY;COUNT=4',
    time_zone: 'Europe/Paris',
    status: 'scheduled',
  })
  await createTemplate({
    name: 'Webinar invitation',
    template_type: 'email',
    content:
      'Hi {{ first_name | default: "there" }}, join us on {{ date }} for "{{ topic }}". Save your seat: {{ link }}',
    is_public: true,
  })
  await createProposal({
    name: 'Marketing retainer proposal',
    content: 'Prepared for {{ client }} by {{ agency }}.',
    sections: [
      { heading: 'Goals', body: '{{ client }} wants {{ goal }} within {{ months }} months.' },
      { heading: 'Plan', body: 'Monthly content calendar, campaigns and reporting.' },
      { heading: 'Investment', body: '{{ fee }} per month.' },
    ],
  })
}
