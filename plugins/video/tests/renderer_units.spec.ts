import { chmodSync, mkdtempSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from '@japa/runner'
import { ensureExecutable } from '../services/ffmpeg_binaries.js'
import { sceneFrames, wrapText } from '../services/video_renderer.js'
import { planAddsUp, planLocally, splitDuration } from '../services/scene_planner.js'

test.group('Video: renderer and planner pieces', () => {
  test('a binary shipped as 0744 is made executable for everyone', ({ assert }) => {
    const file = join(mkdtempSync(join(tmpdir(), 'aip-video-bin-')), 'ffprobe')
    writeFileSync(file, '#!/bin/sh\necho ok\n')
    chmodSync(file, 0o744)
    const usable = ensureExecutable(file)
    assert.equal(statSync(usable).mode & 0o111, 0o111)
  })

  test('scene frames add up to exactly duration × fps; durations split to the tenth', ({
    assert,
  }) => {
    const frames = sceneFrames([2.7, 2.8, 2.5], 25)
    assert.equal(
      frames.reduce((a, b) => a + b, 0),
      200
    )
    for (const [total, weights, max] of [
      [8, [1, 2, 3], 8],
      [120, Array(15).fill(1), 8],
      [1, [1], 30],
      [7, [5, 1, 1, 1], 8],
    ] as const) {
      const parts = splitDuration(total, [...weights], max)
      assert.equal(Math.round(parts.reduce((a, b) => a + b, 0) * 10), total * 10)
      assert.isTrue(parts.every((part) => part <= max && part >= 0.5))
    }
    assert.equal(wrapText('one two three four five six', 9), 'one two\nthree\nfour five\nsix')
  })

  test('the local planner is grounded in the goal and the brief, and deterministic', ({
    assert,
  }) => {
    const input = {
      goal: 'Book more demos from finance teams. Our reconciliation saves ten hours a month',
      durationS: 15,
      platform: 'Landscape',
      maxSceneS: 8,
      campaign: {
        name: 'Q3 finance push',
        description: 'Reconciliation in minutes. SOC 2 audited. Works with every bank',
        primary_objective: 'Book 40 demos',
        target_audience: 'Finance teams at mid-size companies',
        channels: ['linkedin'],
      },
    }
    const plan = planLocally(input)
    assert.deepEqual(planLocally(input), plan)
    assert.equal(plan.title, 'Q3 finance push')
    assert.isTrue(planAddsUp(plan, 15))
    assert.lengthOf(plan.scenes, 5)
    assert.equal(plan.scenes.at(-1)!.caption, 'Book 40 demos')
    const text = JSON.stringify(plan).toLowerCase()
    for (const word of ['reconciliation', 'finance teams', 'demos']) assert.include(text, word)
  })
})
