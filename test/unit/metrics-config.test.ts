import { loadEnv } from '../../config/env';
import { workerTelemetry } from '../../worker/metrics';

// Where the worker's metrics are served and whether the API's need a token: validated at start.

test('the worker serves its metrics on 127.0.0.1:9464 unless told another host:port, or "off"', () => {
  expect(loadEnv({}).WORKER_METRICS_ADDRESS).toBe('127.0.0.1:9464');
  expect(loadEnv({ WORKER_METRICS_ADDRESS: '0.0.0.0:9500' }).WORKER_METRICS_ADDRESS).toBe('0.0.0.0:9500');
  expect(workerTelemetry('0.0.0.0:9500')?.metrics).toMatchObject({
    prometheus: { bindAddress: '0.0.0.0:9500', countersTotalSuffix: true, useSecondsForDurations: true },
  });
  expect(workerTelemetry('off')).toBeUndefined();
});

test.each(['9464', 'localhost', 'http://0.0.0.0:9464', ''])(
  'WORKER_METRICS_ADDRESS=%j is refused, naming it',
  (value) => {
    expect(() => loadEnv({ WORKER_METRICS_ADDRESS: value })).toThrow(
      /WORKER_METRICS_ADDRESS: must be "host:port"/,
    );
  },
);

test('METRICS_TOKEN: unset (open) or 32+ characters', () => {
  expect(loadEnv({}).METRICS_TOKEN).toBeUndefined();
  expect(() => loadEnv({ METRICS_TOKEN: 'short' })).toThrow(/METRICS_TOKEN: must be at least 32 characters/);
});
