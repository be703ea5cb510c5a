import { type TenantContext } from '#sdk'
import { createDocument } from '../services/ingestion_service.js'

/** The demo knowledge base: a small marketing handbook the demo account can search and ask about. */
const HANDBOOK: Array<{ title: string; text: string }> = [
  {
    title: 'Brand voice guide',
    text: `# Brand voice guide

## Who we sound like
We write like a helpful colleague who knows marketing well: clear, warm and direct. We avoid
jargon unless the reader uses it first, and we never promise results we cannot measure.

## Words we use
Say "campaign", "audience" and "result". Prefer active verbs: "launch", "measure", "improve".
Avoid "synergy", "revolutionary" and "best-in-class".

## Tone by channel
On social media we are brief and friendly, with one idea per post. In e-mail we lead with the
benefit in the subject line and keep paragraphs under three sentences. In reports we state the
number first, then what it means, then what we recommend.`,
  },
  {
    title: 'Pricing and plans FAQ',
    text: `# Pricing and plans FAQ

## Which plans exist?
There are three plans. Starter covers one workspace and 1,000 leads. Growth adds agency client
workspaces, 25,000 leads and the knowledge base. Enterprise adds single sign-on, a dedicated
database and custom retention.

## Can customers change plans?
Upgrades take effect immediately and are prorated to the day. Downgrades take effect at the end of
the billing period, and data above the new plan's limits stays readable but cannot grow.

## Is there a discount for yearly billing?
Yearly billing costs ten months of the monthly price: two months are free.

## What happens when a trial ends?
The workspace becomes read-only for 30 days. Subscribing restores it as it was; after 30 days the
data is deleted unless the customer asked for an export.`,
  },
  {
    title: 'Campaign launch checklist',
    text: `# Campaign launch checklist

## Two weeks before launch
Agree on one goal and one primary metric, for example qualified leads or cost per acquisition.
Write the audience definition and check that the budget covers at least four weeks.

## One week before launch
Prepare two variants of every ad and landing page so the first week doubles as an A/B test.
Check tracking: every link carries UTM parameters and the lead form records its source.

## Launch day
Start with 20 percent of the daily budget for the first six hours, then raise it if the
click-through rate is at or above the benchmark.

## After launch
Review results every Monday. Pause variants whose cost per lead is twice the campaign average
after 1,000 impressions, and move their budget to the best performer.`,
  },
]

/**
 * Fills the demo workspace's knowledge base: one general bucket with the
 * handbook documents above, queued for processing (the worker extracts,
 * chunks and embeds them right after the start, as for any new document).
 */
export default async function seedKnowledgeDemo({ trx, workspaceId, userId }: TenantContext) {
  const [bucket] = await trx
    .insertQuery()
    .table('knowledge_buckets')
    .insert({
      workspace_id: workspaceId,
      created_by: userId,
      name: 'Marketing handbook',
      bucket_type: 'general',
      description: 'Brand voice, pricing answers and the campaign launch checklist',
    })
    .returning('id')
  for (const document of HANDBOOK) {
    await createDocument({
      bucketId: bucket.id,
      title: document.title,
      source: { kind: 'text', text: document.text },
    })
  }
}
