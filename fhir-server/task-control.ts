import type { Task } from '@medplum/fhirtypes';

// The partner hospital's side of a referral, for tests and the dev control: the FHIR server is
// passive, so someone has to accept or reject the Task. Plain HTTP (GET, then PUT with If-Match),
// as a hospital system would do it.

export type HospitalDecision = 'accepted' | 'rejected' | 'in-progress' | 'completed' | 'cancelled';

export async function setTaskStatus(
  fhirBaseUrl: string,
  taskId: string,
  status: HospitalDecision,
  options: { bearerToken?: string; reason?: string; now?: Date } = {},
): Promise<Task> {
  const headers: Record<string, string> = { Accept: 'application/fhir+json' };
  if (options.bearerToken) headers.Authorization = `Bearer ${options.bearerToken}`;
  const url = `${fhirBaseUrl.replace(/\/$/, '')}/Task/${encodeURIComponent(taskId)}`;
  const read = await fetch(url, { headers });
  if (!read.ok) throw new Error(`reading Task/${taskId}: HTTP ${read.status}`);
  const task = (await read.json()) as Task;
  const updated: Task = {
    ...task,
    status,
    lastModified: (options.now ?? new Date()).toISOString(),
    ...(options.reason ? { statusReason: { text: options.reason } } : {}),
  };
  const version = task.meta?.versionId;
  const write = await fetch(url, {
    method: 'PUT',
    headers: {
      ...headers,
      'Content-Type': 'application/fhir+json',
      ...(version ? { 'If-Match': `W/"${version}"` } : {}),
    },
    body: JSON.stringify(updated),
  });
  if (!write.ok) throw new Error(`updating Task/${taskId}: HTTP ${write.status}`);
  return (await write.json()) as Task;
}
