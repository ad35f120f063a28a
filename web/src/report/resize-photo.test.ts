import { describe, expect, it } from 'vitest'
import { fitWithin, PHOTO_MAX_SIDE } from './resize-photo.ts'

describe('fitWithin', () => {
  it('brings the long side down to the limit, keeping the aspect', () => {
    expect(fitWithin(4032, 3024)).toEqual({ width: PHOTO_MAX_SIDE, height: 1200 })
    expect(fitWithin(3024, 4032)).toEqual({ width: 1200, height: PHOTO_MAX_SIDE })
  })

  it('leaves a smaller photo its own size, and never makes a side zero', () => {
    expect(fitWithin(800, 600)).toEqual({ width: 800, height: 600 })
    expect(fitWithin(10_000, 2)).toEqual({ width: PHOTO_MAX_SIDE, height: 1 })
  })
})
