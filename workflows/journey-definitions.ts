import { defineQuery } from '@temporalio/workflow';
import type { JourneyState } from '../domain/journey';

// Messages the API exchanges with a running care journey.
export const journeyStateQuery = defineQuery<JourneyState>('journeyState');
