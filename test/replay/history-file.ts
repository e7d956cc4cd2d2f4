import { temporal } from '@temporalio/proto';

// Histories are stored as protobuf JSON objects (enums by name, 64-bit numbers as strings) and
// decoded back with the same @temporalio/proto types, so the round trip is exact.
type History = temporal.api.history.v1.History;
const History = temporal.api.history.v1.History;

export function historyToObject(history: temporal.api.history.v1.IHistory): unknown {
  return History.toObject(History.create(history), {
    longs: String,
    enums: String,
    bytes: String,
    defaults: false,
  });
}

export function historyFromObject(object: unknown): History {
  return History.fromObject(object as Record<string, unknown>);
}

/** The ids of the patch markers (patched()) in a recorded history, in order. */
export function patchIds(object: unknown): string[] {
  return historyFromObject(object)
    .events.filter((e) => e.markerRecordedEventAttributes?.markerName === 'core_patch')
    .flatMap((e) =>
      Object.values(e.markerRecordedEventAttributes!.details ?? {}).flatMap((d) =>
        (d.payloads ?? []).map(
          (p) => (JSON.parse(Buffer.from(p.data ?? []).toString()) as { id: string }).id,
        ),
      ),
    );
}
