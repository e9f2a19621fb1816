// What the search hands to the analysis form: the resolved target and the selected observations.
export const state = {
  /** {name, ra, dec, catalogue, ...} from the resolver, or null. */
  target: null,
  /** obs_publisher_did → result row (object by column name). */
  selection: new Map(),
};
