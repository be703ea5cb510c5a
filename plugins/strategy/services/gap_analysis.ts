/*
| Competitive gaps, free of I/O: what competitor pages say that our own
| material does not (messaging, channels, audiences, content), each gap
| pointing at the snapshot sentence it came from, and what only we say.
*/
import { stem, terms } from '#sdk'

/** A snapshot's text as the analysis reads it. */
export interface SnapshotText {
  id: string
  competitor: string
  text: string
}

/** One gap: what a competitor page says and we do not, with its source. */
export interface Gap {
  category: 'messaging' | 'channel' | 'audience' | 'content'
  topic: string
  competitor: string
  snapshot_id: string
  excerpt: string
}

const CHANNELS = [
  'webinar',
  'podcast',
  'newsletter',
  'linkedin',
  'twitter',
  'youtube',
  'instagram',
  'tiktok',
  'facebook',
  'blog',
  'community',
  'events',
  'conference',
  'partners',
  'marketplace',
  'slack',
]
const AUDIENCES = [
  'agencies',
  'enterprises',
  'enterprise',
  'startups',
  'developers',
  'marketers',
  'small businesses',
  'small business',
  'teams',
  'retailers',
  'ecommerce',
  'saas',
  'nonprofits',
  'freelancers',
  'founders',
  'sales teams',
  'healthcare',
  'finance',
  'education',
]
const CONTENT = [
  'case study',
  'case studies',
  'ebook',
  'whitepaper',
  'white paper',
  'guide',
  'template',
  'templates',
  'demo',
  'free trial',
  'pricing',
  'calculator',
  'documentation',
  'academy',
  'certification',
  'report',
  'benchmark',
]
const CLAIM =
  /\b(best|leading|fastest|only|#1|trusted|easiest|easy|simple|powerful|all-in-one|secure|affordable|award|guarantee|proven|save|faster|better)\b/i

/** Sentences of a text (at least four words). */
export function sentencesOf(text: string) {
  return text
    .split(/(?<=[.!?])\s+|\n+/)
    .map((s) => s.replace(/\s+/g, ' ').trim())
    .filter((s) => s.split(' ').length >= 4)
}

const mentions = (text: string, phrase: string) =>
  new RegExp(`\\b${phrase.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`, 'i').test(text)

/**
 * The gaps between competitor snapshots and our own text: channels,
 * audiences and content types competitors mention and we do not, and
 * competitor claims whose key terms our text lacks (at most five per
 * category, the first sentence that shows each).
 */
export function findGaps(ours: string, snapshots: SnapshotText[]): Gap[] {
  const ourTerms = new Set(terms(ours))
  const gaps: Gap[] = []
  const seen = new Set<string>()
  const add = (gap: Gap) => {
    const key = `${gap.category}:${gap.topic}`
    if (seen.has(key) || gaps.filter((g) => g.category === gap.category).length >= 5) return
    seen.add(key)
    gaps.push(gap)
  }
  for (const snapshot of snapshots) {
    for (const sentence of sentencesOf(snapshot.text)) {
      const base = {
        competitor: snapshot.competitor,
        snapshot_id: snapshot.id,
        excerpt: sentence.slice(0, 300),
      }
      for (const [category, list] of [
        ['channel', CHANNELS],
        ['audience', AUDIENCES],
        ['content', CONTENT],
      ] as const) {
        for (const phrase of list) {
          if (mentions(sentence, phrase) && !mentions(ours, phrase))
            add({ category, topic: phrase, ...base })
        }
      }
      if (CLAIM.test(sentence)) {
        const missing = terms(sentence).filter((term) => term.length > 3 && !ourTerms.has(term))
        if (missing.length >= 2)
          add({ category: 'messaging', topic: missing.slice(0, 3).join(' '), ...base })
      }
    }
  }
  return gaps
}

/**
 * The ownable differentiator: the content terms of our text that no competitor
 * page uses, most frequent first, with our sentence that shows them; null when
 * every term of ours appears on some competitor page.
 */
export function ownableDifferentiator(ours: string, snapshots: SnapshotText[]) {
  const theirs = new Set(snapshots.flatMap((snapshot) => terms(snapshot.text)))
  const counts = new Map<string, number>()
  for (const term of terms(ours))
    if (term.length > 3 && !theirs.has(term)) counts.set(term, (counts.get(term) ?? 0) + 1)
  const ranked = [...counts.entries()]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([term]) => term)
  if (!ranked.length) return null
  const sentence =
    sentencesOf(ours).find((s) => terms(s).some((term) => ranked.slice(0, 3).includes(term))) ??
    ours.slice(0, 300)
  return {
    terms: ranked.slice(0, 5),
    claim: sentence.slice(0, 300),
    evidence: `No competitor page fetched (${snapshots.length}) uses: ${ranked.slice(0, 5).join(', ')}`,
  }
}

/** Sentences added and removed between two fetches of a page. */
export function pageChanges(before: string, after: string) {
  const old = new Set(sentencesOf(before))
  const now = new Set(sentencesOf(after))
  return {
    added: [...now].filter((s) => !old.has(s)).slice(0, 50),
    removed: [...old].filter((s) => !now.has(s)).slice(0, 50),
  }
}

/** Stems of a phrase (exported for tests of the rules). */
export const phraseStems = (phrase: string) => phrase.split(/\s+/).map(stem)
