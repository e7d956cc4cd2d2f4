// One task queue for all clinic cases; scale by adding workers, not queues. No personal data.
export const DEFAULT_TASK_QUEUE = 'care-journeys';
