// Every workflow the worker registers.
export { careJourney } from './care-journey';
