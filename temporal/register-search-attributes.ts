import type { Connection } from '@temporalio/client';
import { SearchAttributeType } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { ALL_SEARCH_ATTRIBUTES } from './search-attributes';

const INDEXED_TYPE: Record<SearchAttributeType, temporal.api.enums.v1.IndexedValueType> = {
  [SearchAttributeType.TEXT]: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_TEXT,
  [SearchAttributeType.KEYWORD]: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
  [SearchAttributeType.INT]: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_INT,
  [SearchAttributeType.DOUBLE]: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_DOUBLE,
  [SearchAttributeType.BOOL]: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_BOOL,
  [SearchAttributeType.DATETIME]: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_DATETIME,
  [SearchAttributeType.KEYWORD_LIST]: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD_LIST,
};

/**
 * The CLI's dev server re-reads the search-attribute definitions from its database, under one
 * lock, on every start, upsert and visibility write, unless told not to: these arguments tell it
 * (sustained bench, 15 journeys/s: backlog growing to 74 with the re-reads, flat at 6 without).
 * The re-read is not needed: a custom attribute is an alias in the namespace's config, which every
 * service refreshes from the database every 2 s, so one added is known to all after
 * SEARCH_ATTRIBUTES_KNOWN_AFTER_MS.
 */
export const DEV_SERVER_SEARCH_ATTRIBUTE_ARGS = [
  '--dynamic-config-value',
  'system.forceSearchAttributesCacheRefreshOnRead=false',
];
export const SEARCH_ATTRIBUTES_KNOWN_AFTER_MS = 3000;

/**
 * Registers our custom search attributes in a namespace, adding only the missing ones, so it is
 * safe on every start against a persistent server and on a fresh test server alike.
 */
export async function registerSearchAttributes(
  connection: Pick<Connection, 'operatorService'>,
  namespace: string,
): Promise<string[]> {
  const known = await customAttributeNames(connection, namespace);
  const missing = ALL_SEARCH_ATTRIBUTES.filter((key) => !known.has(key.name));
  if (missing.length > 0) {
    await connection.operatorService.addSearchAttributes({
      namespace,
      searchAttributes: Object.fromEntries(missing.map((key) => [key.name, INDEXED_TYPE[key.type]])),
    });
  }
  return missing.map((key) => key.name);
}

const GRPC_UNIMPLEMENTED = 12;

// The time-skipping test server implements AddSearchAttributes but not ListSearchAttributes;
// there every attribute counts as missing (it starts empty).
async function customAttributeNames(connection: Pick<Connection, 'operatorService'>, namespace: string) {
  try {
    const existing = await connection.operatorService.listSearchAttributes({ namespace });
    return new Set(Object.keys(existing.customAttributes ?? {}));
  } catch (err) {
    if ((err as { code?: number }).code === GRPC_UNIMPLEMENTED) return new Set<string>();
    throw err;
  }
}
