import { COUNTY, ZONE_LIMITS } from '@citygrid/shared'
import { describe, expect, it } from 'vitest'
import { draftProblems, problemsFromDetails } from './draft-validation.ts'

const [x, y] = COUNTY.seat
type P = [number, number]
const poly = (ring: P[]) => ({ type: 'Polygon' as const, coordinates: [ring] })
const square = (size: number): P[] => [[x, y], [x + size, y], [x + size, y + size], [x, y + size], [x, y]]

describe('draftProblems', () => {
  it('finds nothing wrong with a 300 m square', () => {
    expect(draftProblems(poly(square(0.003)))).toEqual([])
  })

  it('places the crossing of a bow-tie', () => {
    const bowTie: P[] = [[x, y], [x + 0.004, y + 0.004], [x + 0.004, y], [x, y + 0.004], [x, y]]
    const problems = draftProblems(poly(bowTie))
    expect(problems).toHaveLength(1)
    const p = problems[0]!
    expect(p.kind).toBe('selfIntersection')
    if (p.kind !== 'selfIntersection') return
    expect(p.at[0]).toBeCloseTo(x + 0.002, 6)
    expect(p.at[1]).toBeCloseTo(y + 0.002, 6)
  })

  it('says why with the shared reasons: unclosed, too few positions, out of range', () => {
    const open = draftProblems(poly(square(0.003).slice(0, -1)))
    expect(open[0]).toMatchObject({ kind: 'reason', reason: expect.stringContaining('not closed') })
    expect(draftProblems(poly([[x, y], [x + 0.003, y], [x, y]]))[0]).toMatchObject({ reason: expect.stringContaining('four positions') })
    expect(draftProblems(poly([[x, y], [200, y], [x, y + 0.003], [x, y]]))[0]).toMatchObject({ reason: expect.stringContaining('out of range') })
  })

  it('refuses too many vertices', () => {
    const n = ZONE_LIMITS.maxVertices + 10
    const ring: P[] = Array.from({ length: n }, (_, i) => {
      const a = (2 * Math.PI * i) / n
      return [x + 0.01 * Math.cos(a), y + 0.01 * Math.sin(a)]
    })
    ring.push(ring[0]!)
    expect(draftProblems(poly(ring))[0]).toMatchObject({ reason: expect.stringContaining('too many vertices') })
  })

  it('flags an area under the limit, and an empty drawing', () => {
    const tiny = draftProblems(poly(square(0.00005)))
    expect(tiny).toHaveLength(1)
    expect(tiny[0]!.kind).toBe('tooSmall')
    expect(draftProblems(null)).toEqual([{ kind: 'empty' }])
  })
})

describe('problemsFromDetails', () => {
  it('keeps the geometry reasons and their places', () => {
    const got = problemsFromDetails([
      { field: 'geometry', reason: 'Self-intersection', at: [106.8, 32.3] },
      { field: 'body.geometry.coordinates.0', reason: 'not closed' },
      { field: 'name', reason: 'required' },
    ])
    expect(got).toEqual([
      { kind: 'reason', reason: 'Self-intersection', at: [106.8, 32.3] },
      { kind: 'reason', reason: 'not closed' },
    ])
  })
})
