import type { GridCellCollection } from '@citygrid/shared'
import { describe, expect, it } from 'vitest'
import { cellCentre, cellParity, containsBox, gridLabels, padBox } from './grid-view.ts'

describe('padBox and containsBox', () => {
  it('grows a view on every side by a share of its size, and says which boxes hold which', () => {
    expect(padBox([10, 20, 14, 22], 0.25)).toEqual([9, 19.5, 15, 22.5])
    expect(containsBox([9, 19.5, 15, 22.5], [10, 20, 14, 22])).toBe(true)
    expect(containsBox([10, 20, 14, 22], [10, 20, 14, 22])).toBe(true)
    expect(containsBox([10, 20, 14, 22], [9.9, 20, 14, 22])).toBe(false)
    expect(containsBox([10, 20, 14, 22], [10, 20, 14, 22.1])).toBe(false)
  })
})

describe('gridLabels', () => {
  const cell = (code: string, x: number, place: { zh: string; en: string } | null) => ({
    type: 'Feature' as const,
    id: code,
    geometry: {
      type: 'Polygon' as const,
      coordinates: [[[x, 0], [x + 1, 0], [x + 1, 2], [x, 2], [x, 0]] as [number, number][]],
    },
    properties: { code, place },
  })
  const cells: GridCellCollection = {
    type: 'FeatureCollection',
    features: [cell('51192200100101', 0, { zh: '滨河路', en: 'Binhe Road' }), cell('51192200100102', 1, null)],
    numberReturned: 2,
    truncated: false,
  }

  it('labels each cell at its centre with its code, and the nearest place under it in the language asked', () => {
    expect(gridLabels(cells, 'zh')).toEqual([
      { kind: 'grid', text: '51192200100101\n滨河路', position: [0.5, 1] },
      { kind: 'grid', text: '51192200100102', position: [1.5, 1] },
    ])
    expect(gridLabels(cells, 'en')[0]!.text).toBe('51192200100101\nBinhe Road')
    expect(gridLabels(null, 'zh')).toEqual([])
  })

  it('ranks every other cell of a row and of a column first, like the squares of a chessboard', () => {
    const square = (col: number, row: number) => [[col, row], [col + 1, row], [col + 1, row + 1], [col, row + 1], [col, row]]
    const board = [0, 1, 2, 3].map((row) => [0, 1, 2, 3].map((col) => cellParity(square(col, row), [0.5, 0.5])))
    expect(board[0]![0]).toBe(0)
    for (let row = 0; row < 4; row++) {
      for (let col = 0; col < 3; col++) expect(board[row]![col]).not.toBe(board[row]![col + 1])
      if (row < 3) expect(board[row]![0]).not.toBe(board[row + 1]![0])
    }
    // Counted from a cell of the grid in its own widths and heights: wherever the grid lies.
    const [w, h] = [0.00106, 0.0009]
    const at = (col: number, row: number) => square(0, 0).map(([x, y]) => [106.8 + (col + x!) * w, 32.3 + (row + y!) * h])
    const origin = cellCentre(at(0, 0))
    expect([0, 1, 2, 3, 4, 5].map((col) => cellParity(at(col, 7), origin))).toEqual([1, 0, 1, 0, 1, 0])
    // And the labels come one colour first: a cell's neighbours in its row rank after it or before it all.
    const row = { ...cells, features: [0, 1, 2, 3].map((col) => ({ ...cell(`5119220010010${col}`, 0, null), geometry: { type: 'Polygon' as const, coordinates: [at(col, 0) as [number, number][]] } })) }
    expect(gridLabels(row, 'zh').map((l) => l.text)).toEqual(['51192200100100', '51192200100102', '51192200100101', '51192200100103'])
  })

  it('centres on the ring without counting its closing point twice', () => {
    expect(cellCentre([[0, 0], [3, 0], [3, 3], [0, 3], [0, 0]])).toEqual([1.5, 1.5])
  })
})
