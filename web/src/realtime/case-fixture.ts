import type { CaseSummary } from '@citygrid/shared'

/** A reported case for tests: `over` changes what a test is about. */
export function caseFixture(id: number, over: Partial<CaseSummary> = {}): CaseSummary {
  return {
    id,
    classCode: '0501',
    title: `案件 ${id}`,
    description: '',
    source: 'citizen',
    status: 'reported',
    location: { type: 'Point', coordinates: [106.84, 32.356] },
    reportedAt: '2026-11-25T08:00:00Z',
    updatedAt: '2026-11-25T08:00:00Z',
    caseNumber: `511922-2026-${String(id).padStart(6, '0')}`,
    address: '上下河街',
    addressDerived: true,
    department: null,
    gridCode: null,
    stage: 'filing',
    deadlineAt: null,
    overdue: false,
    ...over,
  }
}
