import { test } from '@japa/runner'
import { seedDemoTwiceAndLogIn } from '#tests/helpers/demo'

test.group('Video: demo seed', () => {
  test('adds one video rendered offline, downloadable by its signed link', async ({
    client,
    assert,
  }) => {
    const token = await seedDemoTwiceAndLogIn(client)
    const projects = await client.get('/v1/video/projects').bearerToken(token)
    projects.assertStatus(200)
    assert.lengthOf(projects.body().data, 1)
    const [project] = projects.body().data
    assert.equal(project.status, 'completed')
    assert.equal(project.scene_plan.planner, 'local')
    const { pathname, search } = new URL(project.video_url)
    const file = await fetch(`http://${process.env.HOST}:${process.env.PORT}${pathname}${search}`)
    assert.equal(file.status, 200)
    const bytes = Buffer.from(await file.arrayBuffer())
    assert.equal(bytes.subarray(4, 8).toString('latin1'), 'ftyp')
  }).timeout(120_000)
})
