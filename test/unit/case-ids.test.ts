import { OPAQUE_ID, journeyId, parseJourneyId } from '../../domain/case-ids';

describe('journeyId / parseJourneyId', () => {
  it('round-trips a clinic id and a surgery id', () => {
    const id = journeyId('aoyama-aesthetic', 'S_2026-0001');
    expect(id).toBe('journey:aoyama-aesthetic:S_2026-0001');
    expect(parseJourneyId(id)).toEqual({ clinicId: 'aoyama-aesthetic', surgeryId: 'S_2026-0001' });
  });

  it('accepts ids of exactly 64 characters', () => {
    const max = 'a'.repeat(64);
    expect(parseJourneyId(journeyId(max, max))).toEqual({ clinicId: max, surgeryId: max });
  });

  it.each([
    ['wrong prefix', 'complaint:aoyama-aesthetic:S1'],
    ['upper-case prefix', 'Journey:aoyama-aesthetic:S1'],
    ['missing prefix', 'aoyama-aesthetic:S1'],
    ['extra colon (four parts)', 'journey:aoyama-aesthetic:S1:extra'],
    ['colon inside the surgery id', journeyId('aoyama-aesthetic', 'S1:2')],
    ['trailing colon', 'journey:aoyama-aesthetic:S1:'],
    ['empty clinic id', 'journey::S1'],
    ['empty surgery id', 'journey:aoyama-aesthetic:'],
    ['space in the surgery id', 'journey:aoyama-aesthetic:S 1'],
    ['slash in the clinic id', 'journey:aoyama/aesthetic:S1'],
    ['non-ASCII letter', 'journey:aoyama-aesthetic:S1é'],
    ['leading hyphen', 'journey:-aoyama:S1'],
    ['leading underscore', 'journey:aoyama:_S1'],
    ['trailing newline', 'journey:aoyama-aesthetic:S1\n'],
    ['clinic id over 64 characters', `journey:${'a'.repeat(65)}:S1`],
    ['surgery id over 64 characters', `journey:aoyama-aesthetic:${'9'.repeat(65)}`],
    ['empty string', ''],
  ])('rejects %s', (_label, id) => {
    expect(parseJourneyId(id)).toBeUndefined();
  });

  it('OPAQUE_ID allows 1 to 64 characters only', () => {
    expect(OPAQUE_ID.test('a')).toBe(true);
    expect(OPAQUE_ID.test('a'.repeat(64))).toBe(true);
    expect(OPAQUE_ID.test('a'.repeat(65))).toBe(false);
    expect(OPAQUE_ID.test('')).toBe(false);
  });
});
