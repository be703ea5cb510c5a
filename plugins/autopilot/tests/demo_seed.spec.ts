import { test } from '@japa/runner'
import { isPluginEnabled } from '#sdk'
import { seedDemoTwiceAndLogIn } from '#tests/helpers/demo'

test.group('Autopilot: demo seed', () => {
  test('an active autopilot with a week of runs, proposals, inbox leads, activity and a report', async ({
    client,
    assert,
  }) => {
    const token = await seedDemoTwiceAndLogIn(client)
    const config = (await client.get('/v1/autopilot/config').bearerToken(token)).body()
    assert.isTrue(config.is_active)
    assert.isAbove(config.ai_strategy.channels.length, 0)
    const runs = (
      await client.get('/v1/autopilot/runs').bearerToken(token).qs({ kind: 'daily' })
    ).body()
    assert.lengthOf(runs.data, 7)
    assert.isTrue(runs.data.every((row: any) => row.status === 'completed'))
    const proposals = (
      await client.get('/v1/autopilot/proposals').bearerToken(token).qs({ limit: 100 })
    ).body()
    assert.isAbove(proposals.data.length, 0)
    const inbox = (
      await client.get('/v1/autopilot/inbox').bearerToken(token).qs({ limit: 100 })
    ).body()
    assert.isAbove(inbox.data.length, 0)
    const reports = (await client.get('/v1/autopilot/reports').bearerToken(token)).body()
    assert.lengthOf(reports.data, 1)
    const activity = (
      await client.get('/v1/autopilot/activity').bearerToken(token).qs({ limit: 100 })
    ).body()
    assert.isAbove(activity.data.length, 7)
    if (await isPluginEnabled('content')) {
      // The week of runs proposed draft content, each proposal once (seeded twice, seven runs).
      const proposed = (
        await client
          .get('/v1/autopilot/activity')
          .bearerToken(token)
          .qs({ activity_type: 'content_proposed', limit: 100 })
      ).body().data
      const drafts = (
        await client.get('/v1/content/calendar/entries').bearerToken(token).qs({ limit: 100 })
      )
        .body()
        .data.filter((entry: any) => entry.metadata.source === 'autopilot')
      assert.isAbove(drafts.length, 0)
      assert.isTrue(drafts.every((entry: any) => entry.status === 'draft'))
      assert.equal(
        new Set(drafts.map((entry: any) => entry.metadata.proposal_key)).size,
        drafts.length
      )
      assert.sameMembers(
        proposed.map((row: any) => row.entity_id),
        drafts.map((entry: any) => entry.id)
      )
    }
  })
})
