import { purgeClosedSessions, parseSessionId } from '../../lib/sessions';

jest.mock('../../lib/db/connection', () => ({
  __esModule: true,
  default: { prepare: () => ({ run: () => { throw new Error('database is locked'); } }) },
}));

describe('purgeClosedSessions', () => {
  test('surfaces a locked database', async function () {
    await expect(purgeClosedSessions()).rejects.toThrow('database is locked');
  });

  test('parses ids without the database', () => {
    expect(parseSessionId).toThrow();
    expect(() => parseSessionId('sess-0001')).not.toThrow();
  });
});
