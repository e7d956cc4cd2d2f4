import { routeOf } from '../../api/metrics';

// The API's request metrics are labelled with the route pattern, never the path with its ids.

test.each([
  ['GET', '/journeys/journey%3Aaoyama-aesthetic%3AS-1', '/journeys/{journeyId}'],
  ['POST', '/journeys', '/journeys'],
  [
    'POST',
    '/journeys/j-1/decisions/acknowledge-escalation',
    '/journeys/{journeyId}/decisions/acknowledge-escalation',
  ],
  ['GET', '/complaints-report', '/complaints-report'],
  ['POST', '/webhooks/twilio/aoyama-aesthetic/sms', '/webhooks/twilio/{clinicId}/sms'],
  ['GET', '/metrics', '/metrics'],
  // Another method on a known path keeps the pattern (its status says what happened).
  ['DELETE', '/journeys/j-1', '/journeys/{journeyId}'],
  ['GET', '/journeys/j-1/', '/journeys/{journeyId}'],
])('%s %s → %s', (method, path, route) => {
  expect(routeOf(method, path)).toBe(route);
});

test('any other path is "unmatched", whatever it carries', () => {
  expect(routeOf('GET', '/+819012345678')).toBe('unmatched');
  expect(routeOf('POST', '/journeys/j-1/decisions/not-a-decision')).toBe('unmatched');
  expect(routeOf('GET', '/journeys/a/b/c/d')).toBe('unmatched');
});
